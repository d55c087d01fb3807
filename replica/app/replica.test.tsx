// @vitest-environment happy-dom
/**
 * The replica's flow on every variant: User menu > API keys > Create API key > Save key > secret
 * shown once > Done. The content script's DOM tests rely on this markup; e2e tests on the same app
 * served by replica/server.mjs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { HOSTILE_FAKE_SECRET, PERMISSION_LABELS, localApi, mountReplica, parseVariant, variantQuery, type ReplicaState, type Variant } from './mount';
import { byText, chooseOption, getByLabel, getByText, pointerDown, typeInto, waitFor } from './testing';

let mounted: { unmount(): void } | null = null;
let container: HTMLElement;

function mount(query: string) {
  container = document.createElement('div');
  document.body.appendChild(container);
  const variant = parseVariant(query);
  mounted = mountReplica(container, variant, { api: localApi });
  return variant;
}

afterEach(() => {
  mounted?.unmount();
  mounted = null;
  document.body.innerHTML = '';
  history.replaceState(null, '', '/');
});

const state = (): ReplicaState => {
  if (!window.__replica) throw new Error('window.__replica not set');
  return window.__replica;
};

async function openKeys() {
  const user = await waitFor(() => getByText<HTMLButtonElement>(container, 'button', 'User'), 2000, 'User button');
  expect(user.getAttribute('aria-haspopup')).toBe('menu');
  expect(user.getAttribute('aria-expanded')).toBe('false');
  user.click();
  const menu = await waitFor(() => container.querySelector('[role=menu]'), 2000, 'menu');
  expect(user.getAttribute('aria-expanded')).toBe('true');
  expect(Array.from(menu.querySelectorAll('[role=menuitem]')).map((m) => m.textContent)).toEqual(['Account', 'API keys', 'Sign out']);
  getByText<HTMLButtonElement>(menu, '[role=menuitem]', 'API keys').click();
  await waitFor(() => getByText(document.body, 'button', 'Create API key'), 3000, 'keys list');
}

async function openCreateForm(): Promise<HTMLFormElement> {
  getByText<HTMLButtonElement>(document.body, 'button', 'Create API key').click();
  return waitFor(() => document.querySelector('form'), 3000, 'create form');
}

describe('parseVariant', () => {
  it('defaults every parameter', () => {
    expect(parseVariant('')).toEqual({
      ui: 'own',
      mode: 'modal',
      lazy: 0,
      permission: 'select',
      defaultPermission: 'read',
      deleteUi: 'button',
      labels: 'a',
      teams: 'checkbox',
      secret: 'input',
      secretLength: 40,
      secretFormat: 'base62',
      secretNote: 'once',
      generating: 0,
      decoy: false,
      hostile: false,
      stress: false,
    });
  });
  it('library variants default to 44-character base64 secrets; every parameter round-trips', () => {
    expect(parseVariant('ui=mui')).toMatchObject({ ui: 'mui', secretFormat: 'base64' });
    expect(parseVariant('ui=mui&secretFormat=base62').secretFormat).toBe('base62');
    expect(parseVariant('ui=nope').ui).toBe('own');
    for (const q of ['ui=mui', 'ui=antd&secretFormat=base62', 'permission=combobox&secret=masked&secretNote=plain&generating=900&decoy=1', 'secretFormat=base64&secret=none']) {
      expect(parseVariant(variantQuery(parseVariant(q)))).toEqual(parseVariant(q));
    }
  });
  it('reads, validates and clamps', () => {
    const v = parseVariant('?mode=route&lazy=250&permission=listbox&defaultPermission=read-write&labels=c&teams=level&secret=code&secretLength=64&hostile=1');
    expect(v).toMatchObject({ mode: 'route', lazy: 250, permission: 'listbox', defaultPermission: 'read-write', labels: 'c', teams: 'level', secret: 'code', secretLength: 64, hostile: true });
    expect(parseVariant('mode=popup&lazy=-5&secretLength=3').mode).toBe('modal');
    expect(parseVariant('lazy=-5').lazy).toBe(0);
    expect(parseVariant('secretLength=3').secretLength).toBe(8);
    expect(parseVariant(variantQuery(v))).toEqual(v);
    expect(variantQuery(parseVariant(''))).toBe('');
  });
});

describe('modal mode, default controls', () => {
  it('walks the whole flow and mirrors React state in window.__replica', async () => {
    mount('');
    await openKeys();
    const dialog = document.querySelector('[role=dialog]') as HTMLElement;
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(document.getElementById(dialog.getAttribute('aria-labelledby') ?? '')?.textContent).toBe('API keys');
    expect(dialog.querySelector('h2')?.textContent).toBe('API keys');
    const rows = Array.from(dialog.querySelectorAll('tbody tr')).map((r) => Array.from(r.querySelectorAll('td')).slice(0, 2).map((c) => c.textContent));
    expect(rows).toEqual([
      ['Automation Key', 'Read'],
      ['terraform-export', 'Read & write'],
    ]);
    expect(Array.from(dialog.querySelectorAll('th')).map((t) => t.textContent)).toEqual(['Name', 'Permission', 'Created', 'Actions']);
    await waitFor(() => state().view === 'keys-list', 1000, 'view keys-list');

    const form = await openCreateForm();
    expect(form.querySelector('h3')?.textContent).toBe('Create API key');
    const save = getByText<HTMLButtonElement>(form, 'button', 'Save key');
    expect(save.disabled).toBe(true);
    const name = getByLabel<HTMLInputElement>(form, 'Name');
    typeInto(name, '   ');
    await waitFor(() => state().form.name === '   ', 1000, 'whitespace name');
    expect(save.disabled).toBe(true);

    // A bare .value write is not seen by React: state keeps the old value.
    name.value = 'not-registered';
    await new Promise((r) => setTimeout(r, 20));
    expect(state().form.name).toBe('   ');

    typeInto(name, 'ci-read-2026');
    await waitFor(() => state().form.name === 'ci-read-2026' && !save.disabled, 1000, 'name registered');
    const permission = getByLabel<HTMLSelectElement>(form, 'Permission');
    expect(permission.tagName).toBe('SELECT');
    expect(Array.from(permission.options).map((o) => o.textContent)).toEqual(['Read', 'Read & write']);
    expect(state().form.permission).toBe('read');
    chooseOption(permission, 'read-write');
    await waitFor(() => state().form.permission === 'read-write', 1000, 'permission registered');

    const legend = form.querySelector('fieldset.teams legend');
    expect(legend?.textContent).toBe('Team access');
    const eng = getByLabel<HTMLInputElement>(form, 'Engineering');
    expect(eng.type).toBe('checkbox');
    eng.click();
    await waitFor(() => state().form.teams.Engineering === 'read', 1000, 'team registered');
    expect(state().form.teams).toEqual({ Engineering: 'read', 'Data Platform': 'none', Security: 'none' });

    save.click();
    await waitFor(() => state().view === 'secret', 2000, 'secret view');
    const s = state();
    expect(s.saves).toBe(1);
    expect(s.lastSecretShown).toMatch(/^[0-9A-Za-z]{40}$/);
    expect(getByText(document.body, 'h3', 'Your new API key')).toBeTruthy();
    expect(getByText(document.body, 'p', 'Copy this key now. It will not be shown again.')).toBeTruthy();
    const secretInput = getByLabel<HTMLInputElement>(document.body, 'API key');
    expect(secretInput.readOnly).toBe(true);
    expect(secretInput.value).toBe(s.lastSecretShown);
    expect(s.keys.at(-1)).toMatchObject({ name: 'ci-read-2026', permission: 'read-write', teams: { Engineering: 'read' } });

    getByText<HTMLButtonElement>(document.body, 'button', 'Done').click();
    await waitFor(() => state().view === 'keys-list', 1000, 'back to list');
    expect(Array.from(document.querySelectorAll('tbody tr td:first-child')).map((c) => c.textContent)).toEqual(['Automation Key', 'terraform-export', 'ci-read-2026']);
    expect(document.body.innerHTML).not.toContain(s.lastSecretShown as string);

    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await waitFor(() => state().view === 'diagrams', 1000, 'Escape closes');
    expect(document.querySelector('[role=dialog]')).toBeNull();
  });

  it('Cancel returns to the list and Close closes the dialog', async () => {
    mount('');
    await openKeys();
    const form = await openCreateForm();
    getByText<HTMLButtonElement>(form, 'button', 'Cancel').click();
    await waitFor(() => state().view === 'keys-list', 1000, 'list');
    getByText<HTMLButtonElement>(document.body, 'button', 'Close').click();
    await waitFor(() => state().view === 'diagrams', 1000, 'closed');
    expect(location.pathname).toBe('/');
  });

  it('defaultPermission=read-write preselects Read & write', async () => {
    mount('defaultPermission=read-write');
    await openKeys();
    const form = await openCreateForm();
    expect(getByLabel<HTMLSelectElement>(form, 'Permission').value).toBe('read-write');
    expect(state().form.permission).toBe('read-write');
  });
});

describe('route mode', () => {
  it('pushes /user/api-keys keeping the query, and follows back/forward', async () => {
    history.replaceState(null, '', '/?mode=route&labels=b');
    mount('?mode=route&labels=b');
    await openKeys();
    expect(location.pathname).toBe('/user/api-keys');
    expect(location.search).toBe('?mode=route&labels=b');
    expect(document.querySelector('[role=dialog]')).toBeNull();
    expect(getByText(document.body, 'h2', 'API keys')).toBeTruthy();
    expect(Array.from(document.querySelectorAll('tbody tr td:nth-child(2)')).map((c) => c.textContent)).toEqual(['Read only', 'Read and write']);

    history.back();
    await waitFor(() => state().view === 'diagrams', 2000, 'back');
    expect(document.querySelector('table')).toBeNull();
    history.forward();
    await waitFor(() => state().view === 'keys-list', 2000, 'forward');

    getByText<HTMLAnchorElement>(document.body, 'a', 'Back to diagrams').click();
    await waitFor(() => state().view === 'diagrams', 1000, 'Back to diagrams');
    expect(location.pathname).toBe('/');
    expect(location.search).toBe('?mode=route&labels=b');
  });
});

describe('lazy mounting', () => {
  it('shows Loading… for the keys UI and again for the create form', async () => {
    mount('lazy=150');
    const user = await waitFor(() => getByText<HTMLButtonElement>(container, 'button', 'User'));
    user.click();
    (await waitFor(() => getByText<HTMLButtonElement>(container, '[role=menuitem]', 'API keys'))).click();
    await waitFor(() => getByText(document.body, 'p', 'Loading…'), 1000, 'loading');
    expect(document.querySelector('table')).toBeNull();
    expect(state().loading).toBe(true);
    const t0 = Date.now();
    await waitFor(() => document.querySelector('table'), 2000, 'table');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(100);
    expect(state().loading).toBe(false);
    getByText<HTMLButtonElement>(document.body, 'button', 'Create API key').click();
    await waitFor(() => getByText(document.body, 'p', 'Loading…'), 1000, 'form loading');
    expect(document.querySelector('form')).toBeNull();
    await waitFor(() => document.querySelector('form'), 2000, 'form');
  });
});

describe('permission controls', () => {
  it('radio: a radiogroup labelled Permission with label synonyms (c)', async () => {
    mount('permission=radio&labels=c');
    await openKeys();
    const form = await openCreateForm();
    const group = form.querySelector('[role=radiogroup]') as HTMLFieldSetElement;
    expect(group.tagName).toBe('FIELDSET');
    expect(group.querySelector('legend')?.textContent).toBe('Permission');
    const radios = Array.from(group.querySelectorAll<HTMLInputElement>('input[type=radio]'));
    expect(radios.map((r) => r.closest('label')?.textContent?.trim())).toEqual(['Read-only access', 'Read-write']);
    expect(radios.map((r) => r.checked)).toEqual([true, false]);
    radios[1]?.click();
    await waitFor(() => state().form.permission === 'read-write', 1000, 'radio registered');
  });

  it('listbox: opens on pointerdown only, options in a portal on body, Escape closes', async () => {
    mount('permission=listbox&labels=b');
    await openKeys();
    const form = await openCreateForm();
    const button = form.querySelector('button[aria-haspopup=listbox]') as HTMLButtonElement;
    expect(getByLabel(form, 'Permission')).toBe(button);
    expect(button.textContent).toContain('Read only');
    expect(button.getAttribute('aria-expanded')).toBe('false');

    button.click();
    await new Promise((r) => setTimeout(r, 30));
    expect(document.querySelector('[role=listbox]')).toBeNull();

    pointerDown(button);
    const list = await waitFor(() => document.querySelector('[role=listbox]'), 1000, 'listbox');
    expect(list.parentElement).toBe(document.body);
    expect(form.contains(list)).toBe(false);
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect(Array.from(list.querySelectorAll('[role=option]')).map((o) => o.textContent)).toEqual(['Read only', 'Read and write']);

    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await waitFor(() => !document.querySelector('[role=listbox]'), 1000, 'closed by Escape');
    expect(state().view).toBe('create-form'); // Escape closed the listbox, not the dialog

    pointerDown(button);
    const list2 = await waitFor(() => document.querySelector('[role=listbox]'), 1000, 'listbox again');
    getByText<HTMLElement>(list2, '[role=option]', 'Read and write').click();
    await waitFor(() => state().form.permission === 'read-write' && !document.querySelector('[role=listbox]'), 1000, 'chosen');
    expect(button.textContent).toContain('Read and write');

    pointerDown(button);
    await waitFor(() => document.querySelector('[role=listbox]'), 1000, 'listbox third');
    pointerDown(document.body);
    await waitFor(() => !document.querySelector('[role=listbox]'), 1000, 'closed by outside pointerdown');
  });
});

describe('team controls', () => {
  it('switch: role=switch buttons named by team, toggled by click', async () => {
    mount('teams=switch');
    await openKeys();
    const form = await openCreateForm();
    const sw = getByLabel<HTMLButtonElement>(form, 'Data Platform');
    expect(sw.getAttribute('role')).toBe('switch');
    expect(sw.getAttribute('aria-checked')).toBe('false');
    sw.click();
    await waitFor(() => state().form.teams['Data Platform'] === 'read', 1000, 'switch on');
    expect(sw.getAttribute('aria-checked')).toBe('true');
    expect(form.querySelectorAll('[role=switch]').length).toBe(3);
  });

  it('level: one select per team with No access and the permission texts', async () => {
    mount('teams=level&labels=b');
    await openKeys();
    const form = await openCreateForm();
    const sec = getByLabel<HTMLSelectElement>(form, 'Security');
    expect(Array.from(sec.options).map((o) => o.textContent)).toEqual(['No access', 'Read only', 'Read and write']);
    chooseOption(sec, 'read-write');
    await waitFor(() => state().form.teams.Security === 'read-write', 1000, 'level set');
  });
});

describe('secret display', () => {
  for (const [query, check] of [
    ['secret=code&secretLength=24', (s: string) => document.querySelector('code.secret')?.textContent === s],
    ['secret=text&secretLength=64', (s: string) => document.querySelector('p.secret')?.textContent === s],
  ] as const) {
    it(query, async () => {
      const v: Variant = mount(query);
      await openKeys();
      const form = await openCreateForm();
      typeInto(getByLabel<HTMLInputElement>(form, 'Name'), 'k');
      await waitFor(() => !getByText<HTMLButtonElement>(form, 'button', 'Save key').disabled);
      getByText<HTMLButtonElement>(form, 'button', 'Save key').click();
      const s = await waitFor(() => state().lastSecretShown, 2000, 'secret');
      expect(s).toHaveLength(v.secretLength);
      expect(check(s)).toBe(true);
      expect(document.querySelector('input[readonly]')).toBeNull();
    });
  }
});

describe('hostile=1', () => {
  it('hides decoys, posts forged messages and exposes clickAll', async () => {
    const seen: unknown[] = [];
    const onMessage = (e: MessageEvent) => seen.push(e.data);
    window.addEventListener('message', onMessage);
    try {
      mount('hostile=1');
      await waitFor(() => document.querySelector('.hostile-hidden'), 1000, 'decoys');
      const hidden = document.querySelector('.hostile-hidden') as HTMLElement;
      const offscreen = document.querySelector('.hostile-offscreen') as HTMLElement;
      expect(hidden.style.display).toBe('none');
      expect(offscreen.style.left).toBe('-9999px');
      for (const d of [hidden, offscreen]) {
        expect(d.querySelector('h2')?.textContent).toBe('API keys');
        expect(d.textContent).toContain('Your new API key');
        expect(d.textContent).toContain(HOSTILE_FAKE_SECRET);
      }
      await waitFor(() => seen.some((m) => (m as { type?: string }).type === 'keys.capture'), 2000, 'forged postMessage');
      const api = (window as unknown as { __replicaHostile: { clickAll(): number; posted: number } }).__replicaHostile;
      expect(api.posted).toBeGreaterThanOrEqual(1);

      const host = document.createElement('div');
      const shadow = host.attachShadow({ mode: 'open' });
      const inner = document.createElement('button');
      let clicks = 0;
      inner.addEventListener('click', (e) => {
        if (!e.isTrusted) clicks++;
      });
      shadow.appendChild(inner);
      document.body.appendChild(host);
      expect(api.clickAll()).toBeGreaterThan(10);
      expect(clicks).toBe(1);
    } finally {
      window.removeEventListener('message', onMessage);
    }
  });
});

it('labels sets are the documented synonyms', () => {
  expect(PERMISSION_LABELS).toEqual({
    a: { read: 'Read', 'read-write': 'Read & write' },
    b: { read: 'Read only', 'read-write': 'Read and write' },
    c: { read: 'Read-only access', 'read-write': 'Read-write' },
  });
});

describe('deleting a key (deleteUi)', () => {
  it.each([
    ['button', 'Delete', 'Delete'],
    ['menu', 'Revoke', 'Delete'],
    ['typed', 'Delete', 'Delete key'],
  ])('%s: the row action, then a confirmation naming the key and its date; Cancel keeps it, confirming deletes it', async (ui, action, confirm) => {
    mount(`deleteUi=${ui}`);
    await openKeys();
    const row = () => [...document.querySelectorAll('tbody tr')].find((r) => r.querySelector('td')?.textContent === 'terraform-export');
    const start = async () => {
      if (ui === 'menu') {
        getByText<HTMLButtonElement>(row()!, 'button', '⋯').click();
        (await waitFor(() => byText<HTMLButtonElement>(row()!, '[role=menuitem]', action)[0], 1000, 'menu item')).click();
      } else getByText<HTMLButtonElement>(row()!, 'button', action).click();
      return waitFor(() => document.querySelector('[role=alertdialog]'), 1000, 'confirmation');
    };
    let dialog = await start();
    expect(dialog.textContent).toContain('“terraform-export” (created 2026-06-18) stops working at once.');
    getByText<HTMLButtonElement>(dialog, 'button', 'Cancel').click();
    await waitFor(() => !document.querySelector('[role=alertdialog]'), 1000, 'dialog closed');
    expect(state().keys.map((k) => k.name)).toEqual(['Automation Key', 'terraform-export']);
    dialog = await start();
    const ok = getByText<HTMLButtonElement>(dialog, 'button', confirm);
    if (ui === 'typed') {
      expect(ok.disabled).toBe(true);
      typeInto(getByLabel<HTMLInputElement>(dialog, "Type the key's name to confirm"), 'terraform-export');
      await waitFor(() => !ok.disabled, 1000, 'confirm enabled');
    }
    ok.click();
    await waitFor(() => state().deletes === 1, 1000, 'deleted');
    expect(state().keys.map((k) => k.name)).toEqual(['Automation Key']);
    expect(row()).toBeUndefined();
  });
});
