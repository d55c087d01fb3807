// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { computeAccessibleName } from 'dom-accessibility-api';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ApplyResult, type KeyMeta, type PageState, ProtocolError } from '../shared/protocol';
import { BUILTIN_TEMPLATES, type Template } from '../shared/templates';
import { fakeExtension, renderWith, type Routes, type TabRoutes } from '../ui/testing';
import { Popup, type PopupStart } from './Popup';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const NOW = new Date(2026, 10, 29, 12, 0);
const CC_TAB = { id: 7, url: 'https://app.cloudcraft.co/blueprint/abc' };
const KEY: KeyMeta = {
  id: 'k1',
  name: 'ci-read-2026-11-20',
  permission: 'read',
  teams: [],
  templateId: 'builtin-read-only',
  templateLabel: 'Read-only',
  createdAt: NOW.getTime() - 9 * 86_400_000,
  lastCopiedAt: null,
  verification: 'verified',
  note: '',
  revokedAt: null,
  rotatedFrom: null,
};
const TEAM_TPL: Template = {
  id: 'org-eng',
  label: 'Engineering viewer',
  namePattern: 'eng-{date}',
  permission: 'read',
  teams: [{ team: 'Engineering', access: 'read' }],
  description: '',
  source: 'managed',
};

function unlockedRoutes(extra: Routes = {}): Routes {
  return {
    'vault.touch': () => ({ state: 'unlocked' }),
    'vault.status': () => ({ state: 'unlocked', keyCount: 1 }), // the status checks while open
    'settings.get': () => ({ settings: { autoLockMinutes: 15, clipboardClearSeconds: 30, autoCapture: true } }),
    // Deliberately unsorted: the popup shows least privilege first.
    'templates.list': () => ({ templates: [BUILTIN_TEMPLATES[1]!, TEAM_TPL, BUILTIN_TEMPLATES[0]!] }),
    'keys.list': () => ({ keys: [KEY], broken: [{ id: 'k9', name: 'old-key', reason: 'Record failed authentication' }] }),
    ...extra,
  };
}

function page(state: PageState, apply?: (d: unknown) => ApplyResult): TabRoutes {
  return { 'page.getState': () => state, ...(apply ? { 'page.apply': apply } : {}) };
}

function setup(opts: Parameters<typeof fakeExtension>[0], start?: PopupStart) {
  const fake = fakeExtension({ now: NOW, ...opts });
  renderWith(fake.services, <Popup start={start} />);
  return fake;
}

const type = (el: HTMLElement, value: string) => fireEvent.input(el, { target: { value } });
/** The status line's words for Cloudcraft's keys list and for its open create form. */
const KEYS_LIST = "Cloudcraft's API keys list is open: Apply opens the create form and fills it.";
const CREATE_FORM = "Cloudcraft's create-key form is open: Apply fills it.";
/** "Fill & save" of a template row: in its ⋯ menu ("More for <label>"). */
function fillAndSave(row: HTMLElement) {
  const more = within(row).getByRole('button', { name: /^More for / });
  fireEvent.click(more);
  fireEvent.click(within(screen.getByRole('menu')).getByRole('menuitem', { name: 'Fill & save' }));
  return more;
}

describe('popup: first run', () => {
  const routes: Routes = { 'vault.touch': () => ({ state: 'uninitialized' }) };

  it('asks for a passphrase twice; Create vault is disabled with its reason', async () => {
    setup({ routes });
    const pass = await screen.findByLabelText('Passphrase');
    expect(screen.getByLabelText('Confirm passphrase')).toBeTruthy();
    const create = screen.getByRole('button', { name: 'Create vault' }) as HTMLButtonElement;
    expect(create.disabled).toBe(true);
    expect(screen.getByText('Choose a passphrase of at least 12 characters.')).toBeTruthy();
    type(pass, 'short');
    expect(screen.getByText('Too short: at least 12 characters (5 so far).')).toBeTruthy();
    expect(create.disabled).toBe(true);
  });

  it('rejects a weak passphrase', async () => {
    setup({ routes });
    type(await screen.findByLabelText('Passphrase'), 'aaaaaaaaaaaaaaaa');
    type(screen.getByLabelText('Confirm passphrase'), 'aaaaaaaaaaaaaaaa');
    expect(screen.getByText('Too weak: use more different characters or several unrelated words.')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Create vault' }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByText(/^Strength: (very )?weak\.$/)).toBeTruthy();
  });

  it('says why a guessable passphrase is refused (zxcvbn), and keeps Create vault disabled', async () => {
    setup({ routes });
    for (const [weak, why] of [
      ['password1234', 'Too easy to guess: This is similar to a commonly used password. Add more words that are less common.'],
      ['cloudcraft12', 'Too easy to guess: Words about Cloudcraft, API keys or this vault are easy to guess. Add more words that are less common.'],
    ]) {
      type(await screen.findByLabelText('Passphrase'), weak!);
      type(screen.getByLabelText('Confirm passphrase'), weak!);
      expect(await screen.findByText(why!)).toBeTruthy();
      expect(screen.getByText('Strength: weak.')).toBeTruthy();
      expect((screen.getByRole('button', { name: 'Create vault' }) as HTMLButtonElement).disabled).toBe(true);
    }
  });

  it('limits the passphrase to 1024 UTF-16 units and never says "strong" next to a refusal', async () => {
    setup({ routes });
    const pass = await screen.findByLabelText('Passphrase');
    expect(pass.getAttribute('maxlength')).toBe('1024');
    expect(screen.getByLabelText('Confirm passphrase').getAttribute('maxlength')).toBe('1024');
    const long = 'Tr0ub4dor&3-purple-Ocean-lamp!'.repeat(35); // 1050 units
    type(pass, long);
    type(screen.getByLabelText('Confirm passphrase'), long);
    expect(screen.getByText('Too long: at most 1024 characters (emoji and some symbols count as two).')).toBeTruthy();
    expect(screen.queryByText('Strength: strong.')).toBeNull();
    expect(screen.queryByText(/Too weak/)).toBeNull();
    expect((screen.getByRole('button', { name: 'Create vault' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows a mismatch inline, then creates the vault with the exact passphrase', async () => {
    const fake = setup({ routes: { ...unlockedRoutes(), ...routes, 'vault.create': () => ({ state: 'unlocked' }) }, activeTab: null });
    type(await screen.findByLabelText('Passphrase'), 'correct horse battery staple');
    type(screen.getByLabelText('Confirm passphrase'), 'correct horse battery stapl');
    expect(screen.getByText('The passphrases do not match.')).toBeTruthy();
    expect(screen.getByLabelText('Confirm passphrase').getAttribute('aria-invalid')).toBe('true');
    const create = screen.getByRole('button', { name: 'Create vault' }) as HTMLButtonElement;
    expect(create.disabled).toBe(true);
    type(screen.getByLabelText('Confirm passphrase'), 'correct horse battery staple');
    expect(screen.queryByText('The passphrases do not match.')).toBeNull();
    await waitFor(() => expect(create.disabled).toBe(false)); // once zxcvbn has rated it
    expect(screen.getByText('Strength: strong.')).toBeTruthy();
    fireEvent.click(create);
    await screen.findByRole('button', { name: 'Lock' });
    expect(fake.requests).toContainEqual({ type: 'vault.create', data: { passphrase: 'correct horse battery staple' } });
  });
});

describe('popup: locked', () => {
  it('shows the wait after too many wrong passphrases, as the service worker words it', async () => {
    setup({
      routes: {
        'vault.touch': () => ({ state: 'locked' }),
        'vault.unlock': () => {
          throw new ProtocolError('RATE_LIMITED', 'Too many wrong passphrases: try again in 8 s.');
        },
      },
    });
    type(await screen.findByLabelText('Passphrase'), 'still not it, sorry');
    fireEvent.click(screen.getByRole('button', { name: 'Unlock' }));
    expect(await screen.findByText('Too many wrong passphrases: try again in 8 s.')).toBeTruthy();
  });

  it('says "Wrong passphrase." inline and keeps the input focused', async () => {
    const fake = setup({
      routes: {
        'vault.touch': () => ({ state: 'locked' }),
        'vault.unlock': () => {
          throw new ProtocolError('WRONG_PASSPHRASE', 'Wrong passphrase');
        },
      },
    });
    const input = await screen.findByLabelText('Passphrase');
    type(input, 'not it at all');
    fireEvent.click(screen.getByRole('button', { name: 'Unlock' }));
    expect(await screen.findByText('Wrong passphrase.')).toBeTruthy();
    expect(document.activeElement).toBe(input);
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(fake.requests).toContainEqual({ type: 'vault.unlock', data: { passphrase: 'not it at all' } });
  });

  it('unlocks with the right passphrase', async () => {
    let unlocked = false;
    setup({
      routes: unlockedRoutes({
        'vault.touch': () => ({ state: unlocked ? 'unlocked' : 'locked' }),
        'vault.unlock': () => ((unlocked = true), { state: 'unlocked' }),
      }),
    });
    type(await screen.findByLabelText('Passphrase'), 'the right one!');
    fireEvent.click(screen.getByRole('button', { name: 'Unlock' }));
    expect(await screen.findByRole('button', { name: 'Lock' })).toBeTruthy();
  });
});

describe('popup: unlocked', () => {
  it('touches the vault and says "Not on Cloudcraft" on another site', async () => {
    const fake = setup({ routes: unlockedRoutes(), activeTab: { id: 1, url: 'https://example.com/' } });
    expect(await screen.findByText('Not on Cloudcraft')).toBeTruthy();
    expect(fake.typesSent()).toContain('vault.touch');
    expect(fake.tabRequests).toEqual([]);
    for (const b of screen.getAllByRole('button', { name: 'Apply' })) expect((b as HTMLButtonElement).disabled).toBe(true);
  });

  it('names what a screen reader (and the e2e tests) look for: the "Current tab" status, each template as a list item named by its label, the "Result" status', async () => {
    setup({ routes: unlockedRoutes(), activeTab: { id: 1, url: 'https://example.com/' } });
    await waitFor(() => expect(screen.getByRole('status', { name: 'Current tab' }).textContent).toBe('Not on Cloudcraft'));
    const templates = screen.getByRole('list', { name: 'Templates' });
    const names = within(templates).getAllByRole('listitem').map((li) => computeAccessibleName(li));
    expect(names).toEqual(within(templates).getAllByRole('radio').map((r) => computeAccessibleName(r))); // each item: its template's label
    expect(names).toContain('Read-only');
    expect(screen.getByRole('status', { name: 'Result' }).textContent).toBe('');
  });

  it('asks to reload when the content script does not answer', async () => {
    setup({ routes: unlockedRoutes(), activeTab: CC_TAB, tabRoutes: null });
    expect(await screen.findByText('Cloudcraft: reload the page')).toBeTruthy();
  });

  it('asks to open User > API keys when the UI is not there', async () => {
    const fake = setup({ routes: unlockedRoutes(), activeTab: CC_TAB, tabRoutes: page({ kind: 'no-ui' }) });
    expect(await screen.findByText('Open User > API keys in Cloudcraft')).toBeTruthy();
    expect(fake.tabRequests).toEqual([{ tabId: 7, message: { type: 'page.getState', data: {} } }]);
  });

  it('says Cloudcraft is loading while the keys UI mounts, Apply disabled, then the keys list once it shows', async () => {
    let state: PageState = { kind: 'loading' };
    const fake = setup({ routes: unlockedRoutes(), activeTab: CC_TAB, tabRoutes: { 'page.getState': () => state } });
    expect(await screen.findByText('Cloudcraft is loading the API keys…')).toBeTruthy();
    await waitFor(() => expect(screen.getAllByRole('button', { name: 'Apply' }).length).toBeGreaterThan(0));
    for (const b of screen.getAllByRole('button', { name: 'Apply' })) expect((b as HTMLButtonElement).disabled).toBe(true);
    for (const b of screen.getAllByRole('button', { name: /^More for / })) expect((b as HTMLButtonElement).disabled).toBe(true);
    state = { kind: 'keys-list', listed: [], existingNames: [] };
    // The popup looks again by itself (the tab does not push its state).
    expect(await screen.findByText(KEYS_LIST, {}, { timeout: 2000 })).toBeTruthy();
    for (const b of screen.getAllByRole('button', { name: 'Apply' })) expect((b as HTMLButtonElement).disabled).toBe(false);
    const asked = fake.tabRequests.length;
    await new Promise((r) => setTimeout(r, 700));
    expect(fake.tabRequests.length).toBe(asked); // no more polling once ready
  });

  it('says Cloudcraft is showing a new key until Done, Apply disabled, then the keys list', async () => {
    let state: PageState = { kind: 'secret-shown', existingNames: ['Automation Key'] };
    setup({ routes: unlockedRoutes(), activeTab: CC_TAB, tabRoutes: { 'page.getState': () => state } });
    expect(await screen.findByText('Cloudcraft is showing a new key: copy it from there if it was not captured, then close that view (its Done or OK button).')).toBeTruthy();
    await waitFor(() => expect(screen.getAllByRole('button', { name: /^More for / }).length).toBeGreaterThan(0));
    for (const b of screen.getAllByRole('button', { name: 'Apply' })) expect((b as HTMLButtonElement).disabled).toBe(true);
    for (const b of screen.getAllByRole('button', { name: /^More for / })) expect((b as HTMLButtonElement).disabled).toBe(true);
    state = { kind: 'keys-list', listed: [], existingNames: ['Automation Key'] };
    expect(await screen.findByText(KEYS_LIST, {}, { timeout: 2000 })).toBeTruthy();
    for (const b of screen.getAllByRole('button', { name: /^More for / })) expect((b as HTMLButtonElement).disabled).toBe(false);
  });

  it('a Save awaiting its key says so, then the capture with the key\'s hint and what Cloudcraft said; the key list is read again', async () => {
    let state: PageState = { kind: 'secret-shown', existingNames: [], capture: { status: 'waiting', name: 'deploy-2026-11-29', at: 1 } };
    const fake = setup({ routes: unlockedRoutes(), activeTab: CC_TAB, tabRoutes: { 'page.getState': () => state } });
    expect((await screen.findByText('Waiting for Cloudcraft to show the new key "deploy-2026-11-29"…')).getAttribute('role')).toBe('status');
    const listsBefore = fake.requests.filter((r) => r.type === 'keys.list').length;
    state = { ...state, capture: { status: 'captured', name: 'deploy-2026-11-29', hint: 'Ab+/…xY1=', length: 44, verification: 'verified', at: 2 } };
    expect(await screen.findByText('Captured and encrypted: "deploy-2026-11-29" (Ab+/…xY1=, 44 characters). Cloudcraft accepts it.', {}, { timeout: 2000 })).toBeTruthy();
    await waitFor(() => expect(fake.requests.filter((r) => r.type === 'keys.list').length).toBeGreaterThan(listsBefore));
  });

  it('a key Cloudcraft refused is an alert telling the user to copy the key by hand', async () => {
    const capture = { status: 'captured' as const, name: 'k', hint: 'Ab+/…xY1=', length: 44, verification: 'rejected' as const, at: 2 };
    setup({ routes: unlockedRoutes(), activeTab: CC_TAB, tabRoutes: page({ kind: 'secret-shown', existingNames: [], capture }) });
    expect((await screen.findByRole('alert')).textContent).toBe('Captured and encrypted: "k" (Ab+/…xY1=, 44 characters). Cloudcraft refuses it: copy the key from Cloudcraft by hand.');
  });

  it('a key that was not captured is an alert: copy it from Cloudcraft now, and why', async () => {
    const reason = 'Nothing that looks like a key appeared within 10 s after Save.';
    setup({ routes: unlockedRoutes(), activeTab: CC_TAB, tabRoutes: page({ kind: 'keys-list', listed: [], existingNames: [], capture: { status: 'missed', name: 'k', reason, at: 3 } }) });
    expect((await screen.findByRole('alert')).textContent).toBe(`The new key was not captured — copy it from Cloudcraft now. ${reason}`);
  });

  it('a key seen but not stored is an alert with the reason', async () => {
    setup({ routes: unlockedRoutes(), activeTab: CC_TAB, tabRoutes: page({ kind: 'keys-list', listed: [], existingNames: [], capture: { status: 'failed', name: 'k', reason: 'automatic capture is off', at: 3 } }) });
    expect((await screen.findByRole('alert')).textContent).toBe('The new key "k" was not stored (automatic capture is off): copy it from Cloudcraft now.');
  });

  it('tells the keys list and the open create form apart', async () => {
    setup({ routes: unlockedRoutes(), activeTab: CC_TAB, tabRoutes: page({ kind: 'keys-list', listed: [], existingNames: [] }) });
    expect(await screen.findByText(KEYS_LIST)).toBeTruthy();
    cleanup();
    setup({ routes: unlockedRoutes(), activeTab: CC_TAB, tabRoutes: page({ kind: 'create-form', existingNames: [] }) });
    expect(await screen.findByText(CREATE_FORM)).toBeTruthy();
  });

  it('lists templates least privilege first, read-only selected, and warns on more privilege', async () => {
    setup({ routes: unlockedRoutes(), activeTab: CC_TAB, tabRoutes: page({ kind: 'keys-list', listed: [], existingNames: [] }) });
    const list = await screen.findByRole('list', { name: 'Templates' });
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(3));
    const items = within(list).getAllByRole('listitem');
    expect(items.map((li) => within(li).getByRole('radio').closest('label')!.textContent)).toEqual(['Read-only', 'Engineering viewer', 'Read & write']);
    expect(items[0]!.textContent).toContain('Read-only · no team access');
    expect(items[1]!.textContent).toContain('Read-only · Teams: Engineering (read)');
    expect((screen.getByRole('radio', { name: 'Read-only' }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByLabelText('Key name') as HTMLInputElement).value).toBe('automation-read-2026-11-29');
    expect(screen.queryByText(/Grants write access/)).toBeNull();
    for (const li of items) {
      expect(within(li).getByRole('button', { name: 'Apply' })).toBeTruthy();
      const more = within(li).getByRole('button', { name: `More for ${within(li).getByRole('radio').closest('label')!.textContent}` });
      fireEvent.click(more);
      expect(within(screen.getByRole('menu')).getAllByRole('menuitem').map((m) => m.textContent)).toEqual(['Fill & save']);
      fireEvent.keyDown(screen.getByRole('menu'), { key: 'Escape' });
      expect(document.activeElement).toBe(more);
    }

    fireEvent.click(screen.getByRole('radio', { name: 'Read & write' }));
    expect((screen.getByLabelText('Key name') as HTMLInputElement).value).toBe('automation-write-2026-11-29');
    expect(screen.getByText('Grants write access: this key can change and delete your diagrams.')).toBeTruthy();

    fireEvent.click(screen.getByRole('radio', { name: 'Engineering viewer' }));
    expect(screen.getByText('Shares the key with 1 team.')).toBeTruthy();
    expect(screen.queryByText(/Grants write access/)).toBeNull();
  });

  it('proposes a unique name (-2, -3, case-insensitively); a typed existing name warns and needs a second press', async () => {
    const result: ApplyResult = { ok: true, saved: false, fields: [{ field: 'name', status: 'set', detail: '' }] };
    const fake = setup({
      routes: unlockedRoutes(),
      activeTab: CC_TAB,
      tabRoutes: page({ kind: 'create-form', existingNames: ['automation-read-2026-11-29', 'AUTOMATION-READ-2026-11-29-2', 'prod-key'] }, () => result),
    });
    await screen.findByText(CREATE_FORM);
    const input = screen.getByLabelText('Key name') as HTMLInputElement;
    await waitFor(() => expect(input.value).toBe('automation-read-2026-11-29-3'));
    expect(screen.queryByText(/already exists/)).toBeNull();

    type(input, 'Prod-Key');
    expect(screen.getByText('A key named “Prod-Key” already exists. Press again to use it anyway.')).toBeTruthy();
    const first = within(screen.getByRole('list', { name: 'Templates' })).getAllByRole('listitem')[0]!;
    const apply = within(first).getByRole('button', { name: 'Apply' });
    fireEvent.click(apply);
    await new Promise((r) => setTimeout(r, 50));
    expect(fake.tabRequests.filter((r) => r.message.type === 'page.apply')).toEqual([]);
    fireEvent.click(apply);
    expect(await screen.findByText('Form filled. Check it, then save in Cloudcraft.')).toBeTruthy();
    expect(fake.tabRequests.filter((r) => r.message.type === 'page.apply').map((r) => (r.message.data as { name: string }).name)).toEqual(['Prod-Key']);
    type(input, 'something-else');
    expect(screen.queryByText(/already exists/)).toBeNull();
  });

  it('Apply on an unselected, more privileged row only selects it (warning, focus on the button); the second press applies with the typed name', async () => {
    const result: ApplyResult = { ok: true, saved: true, fields: [{ field: 'save', status: 'set', detail: '' }] };
    const fake = setup({ routes: unlockedRoutes(), activeTab: CC_TAB, tabRoutes: page({ kind: 'create-form', existingNames: [] }, () => result) });
    await screen.findByText(CREATE_FORM);
    const list = await screen.findByRole('list', { name: 'Templates' });
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(3));
    const input = screen.getByLabelText('Key name') as HTMLInputElement;
    await waitFor(() => expect(input.value).toBe('automation-read-2026-11-29'));
    type(input, 'my-typed-name');
    const rw = within(list).getAllByRole('listitem')[2]!;
    const save = fillAndSave(rw);
    expect((screen.getByRole('radio', { name: 'Read & write' }) as HTMLInputElement).checked).toBe(true);
    expect(screen.getByText('Grants write access: this key can change and delete your diagrams.')).toBeTruthy();
    expect(screen.getByText('This template grants more than read-only access. Press “Fill & save” again to confirm.')).toBeTruthy();
    expect(document.activeElement).toBe(save);
    expect(input.value).toBe('my-typed-name');
    await new Promise((r) => setTimeout(r, 50));
    expect(fake.tabRequests.filter((r) => r.message.type === 'page.apply')).toEqual([]);
    fillAndSave(rw);
    expect(await screen.findByText('Form filled and saved.')).toBeTruthy();
    expect(fake.tabRequests.filter((r) => r.message.type === 'page.apply').map((r) => r.message.data)).toEqual([
      { template: BUILTIN_TEMPLATES[1], name: 'my-typed-name', save: true },
    ]);
  });

  it('Apply on an unselected read-only row applies at once; an untouched proposal follows the template', async () => {
    const result: ApplyResult = {
      ok: true,
      saved: false,
      fields: [
        { field: 'team:Engineering', status: 'already-set', detail: '' },
        { field: 'team:Ops', status: 'already-set', detail: '' },
      ],
    };
    const fake = setup({ routes: unlockedRoutes(), activeTab: CC_TAB, tabRoutes: page({ kind: 'create-form', existingNames: [] }, () => result) });
    await screen.findByText(CREATE_FORM);
    const list = await screen.findByRole('list', { name: 'Templates' });
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(3));
    // Engineering viewer shares with a team: more than read-only, so two presses.
    const eng = within(list).getAllByRole('listitem')[1]!;
    fireEvent.click(within(eng).getByRole('button', { name: 'Apply' }));
    expect((screen.getByLabelText('Key name') as HTMLInputElement).value).toBe('eng-2026-11-29');
    fireEvent.click(within(eng).getByRole('button', { name: 'Apply' }));
    expect(await screen.findByText('Team Ops has no access (the template does not list it).')).toBeTruthy();
    expect(screen.getByText('Team Engineering already had read access.')).toBeTruthy();
    // Back to read-only in one press: the proposal (untouched) follows.
    const ro = within(list).getAllByRole('listitem')[0]!;
    fireEvent.click(within(ro).getByRole('button', { name: 'Apply' }));
    await waitFor(() => expect(fake.tabRequests.filter((r) => r.message.type === 'page.apply')).toHaveLength(2));
    expect(fake.tabRequests.filter((r) => r.message.type === 'page.apply').map((r) => (r.message.data as { name: string }).name)).toEqual([
      'eng-2026-11-29',
      'automation-read-2026-11-29',
    ]);
  });

  it('after a Fill & save with a typed name, the field goes back to a proposal: no "already exists" warning for the key just saved', async () => {
    let names: string[] = [];
    const fake = setup({
      routes: unlockedRoutes(),
      activeTab: CC_TAB,
      tabRoutes: {
        'page.getState': () => ({ kind: 'create-form', existingNames: names }),
        'page.apply': (d) => ((names = [...names, d.name]), { ok: true, saved: true, fields: [{ field: 'save', status: 'set', detail: '' }] }),
      },
    });
    await screen.findByText(CREATE_FORM);
    const input = screen.getByLabelText('Key name') as HTMLInputElement;
    type(input, 'ci-deploy');
    fillAndSave(within(await screen.findByRole('list', { name: 'Templates' })).getAllByRole('listitem')[0]!);
    expect(await screen.findByText('Form filled and saved.')).toBeTruthy();
    expect(fake.tabRequests.filter((r) => r.message.type === 'page.apply').map((r) => (r.message.data as { name: string }).name)).toEqual(['ci-deploy']);
    await waitFor(() => expect(input.value).toBe('automation-read-2026-11-29'));
    expect(screen.queryByText(/already exists/)).toBeNull();
  });

  it('puts the focus on "Key name", which takes at most 200 characters', async () => {
    setup({ routes: unlockedRoutes(), activeTab: CC_TAB, tabRoutes: page({ kind: 'keys-list', listed: [], existingNames: [] }) });
    const input = await screen.findByLabelText('Key name');
    expect(document.activeElement).toBe(input);
    expect(input.getAttribute('maxlength')).toBe('200');
  });

  it('applies the template with the edited name and shows each field, failures with their detail', async () => {
    const result: ApplyResult = {
      ok: false,
      saved: false,
      fields: [
        { field: 'name', status: 'set', detail: '' },
        { field: 'permission', status: 'already-set', detail: '' },
        { field: 'team:Engineering', status: 'failed', detail: 'no team "Engineering" in the team list' },
      ],
    };
    const fake = setup({ routes: unlockedRoutes(), activeTab: CC_TAB, tabRoutes: page({ kind: 'create-form', existingNames: [] }, () => result) });
    const list = await screen.findByRole('list', { name: 'Templates' });
    await screen.findByText(CREATE_FORM);
    fireEvent.click(screen.getByRole('radio', { name: 'Engineering viewer' }));
    type(screen.getByLabelText('Key name'), 'eng-dashboards');
    const item = within(list).getAllByRole('listitem')[1]!;
    fireEvent.click(within(item).getByRole('button', { name: 'Apply' }));
    expect(await screen.findByText('Some fields could not be set.')).toBeTruthy();
    const lines = within(screen.getByText('Some fields could not be set.').parentElement!).getAllByRole('listitem').map((li) => li.textContent);
    // A failure is the content script's own sentence (what it expected, what it saw).
    expect(lines).toEqual(['Name set to "eng-dashboards".', 'Permission was already Read-only.', 'no team "Engineering" in the team list']);
    expect(within(screen.getByText('Some fields could not be set.').parentElement!).getAllByRole('listitem')[2]!.className).toBe('error');
    expect(fake.tabRequests.find((r) => r.message.type === 'page.apply')).toEqual({
      tabId: 7,
      message: { type: 'page.apply', data: { template: TEAM_TPL, name: 'eng-dashboards', save: false } },
    });
  });

  it('keyboard: Enter in "Key name" applies the selected template', async () => {
    const result: ApplyResult = { ok: true, saved: false, fields: [{ field: 'name', status: 'set', detail: '' }] };
    const fake = setup({ routes: unlockedRoutes(), activeTab: CC_TAB, tabRoutes: page({ kind: 'keys-list', listed: [], existingNames: [] }, () => result) });
    await screen.findByText(KEYS_LIST);
    await screen.findByRole('list', { name: 'Templates' });
    fireEvent.keyDown(screen.getByLabelText('Key name'), { key: 'Enter' });
    expect(await screen.findByText('Form filled. Check it, then save in Cloudcraft.')).toBeTruthy();
    expect(fake.tabRequests.find((r) => r.message.type === 'page.apply')!.message.data).toEqual({
      template: BUILTIN_TEMPLATES[0],
      name: 'automation-read-2026-11-29',
      save: false,
    });
  });

  it('Fill & save sends save:true and reports an error from the page', async () => {
    const fake = setup({
      routes: unlockedRoutes(),
      activeTab: CC_TAB,
      tabRoutes: page({ kind: 'create-form', existingNames: [] }, () => {
        throw new ProtocolError('INTERNAL', 'The form changed while filling');
      }),
    });
    await screen.findByText(CREATE_FORM);
    const first = within(await screen.findByRole('list', { name: 'Templates' })).getAllByRole('listitem')[0]!;
    fillAndSave(first);
    expect(await screen.findByText('Apply failed: The form changed while filling')).toBeTruthy();
    const apply = fake.tabRequests.find((r) => r.message.type === 'page.apply')!;
    expect(apply.message.data).toMatchObject({ name: 'automation-read-2026-11-29', save: true, template: { id: 'builtin-read-only' } });
  });

  it('lists stored keys with permission and age, and broken records with their reason', async () => {
    setup({ routes: unlockedRoutes(), activeTab: null });
    const keys = await screen.findByRole('list', { name: 'Stored keys' });
    const [row, broken] = within(keys).getAllByRole('listitem');
    expect(row!.textContent).toContain('ci-read-2026-11-20');
    expect(row!.textContent).toContain('Read-only · no team access · created 9 days ago · verified with Cloudcraft');
    expect(broken!.textContent).toContain('old-key');
    expect(broken!.textContent).toContain('Unreadable: Record failed authentication');
  });
});

describe('popup: the first view read from storage before the first render (start)', () => {
  const SETTINGS = { autoLockMinutes: 15, clipboardClearSeconds: 30, autoCapture: true };
  it('renders the unlocked view complete in its first render, asking only vault.touch and keys.list', async () => {
    const fake = setup(
      { routes: unlockedRoutes(), activeTab: CC_TAB, tabRoutes: page({ kind: 'keys-list', listed: [], existingNames: ['automation-read-2026-11-29'] }) },
      { vault: 'unlocked', templates: [BUILTIN_TEMPLATES[1]!, TEAM_TPL, BUILTIN_TEMPLATES[0]!], settings: SETTINGS },
    );
    // Synchronously, before any answer: the sorted list, the proposed name, focus in it; the tab
    // is being asked (Apply waits for its answer).
    expect(screen.getByText('Checking the current tab…')).toBeTruthy();
    const list = screen.getByRole('list', { name: 'Templates' });
    expect(within(list).getAllByRole('radio').map((r) => r.closest('label')!.textContent)).toEqual(['Read-only', 'Engineering viewer', 'Read & write']);
    expect((screen.getByRole('radio', { name: 'Read-only' }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByLabelText('Key name') as HTMLInputElement).value).toBe('automation-read-2026-11-29');
    expect(document.activeElement).toBe(screen.getByLabelText('Key name'));
    for (const b of within(list).getAllByRole('button', { name: 'Apply' })) expect((b as HTMLButtonElement).disabled).toBe(true);
    // The tab's answer: Ready, Apply enabled, the name made unique against Cloudcraft's list.
    expect(await screen.findByText(KEYS_LIST)).toBeTruthy();
    for (const b of within(list).getAllByRole('button', { name: 'Apply' })) expect((b as HTMLButtonElement).disabled).toBe(false);
    expect((screen.getByLabelText('Key name') as HTMLInputElement).value).toBe('automation-read-2026-11-29-2');
    expect(await screen.findByText('ci-read-2026-11-20')).toBeTruthy();
    expect(fake.typesSent().sort()).toEqual(['keys.list', 'vault.touch']);
    expect(fake.tabRequests).toEqual([{ tabId: 7, message: { type: 'page.getState', data: {} } }]);
  });

  it('asks for what the start answers lack (a failed or slow request), and reports its error', async () => {
    const fake = setup(
      { routes: unlockedRoutes({ 'templates.list': () => Promise.reject(new ProtocolError('INTERNAL', 'storage.sync is unavailable')) }), activeTab: CC_TAB, tabRoutes: page({ kind: 'keys-list', listed: [], existingNames: [] }) },
      { vault: 'unlocked', settings: SETTINGS },
    );
    expect(await screen.findByText(/storage\.sync is unavailable/)).toBeTruthy();
    expect(await screen.findByText(KEYS_LIST)).toBeTruthy();
    expect(fake.typesSent()).toContain('templates.list');
    expect(fake.typesSent()).not.toContain('vault.status');
    expect(fake.typesSent()).not.toContain('settings.get');
    expect(fake.tabRequests).toEqual([{ tabId: 7, message: { type: 'page.getState', data: {} } }]);
  });

  it('uses them for the first unlocked view only: after Lock and Unlock it asks afresh', async () => {
    const fake = setup(
      {
        routes: unlockedRoutes({ 'vault.lock': () => ({ state: 'locked' }), 'vault.unlock': () => ({ state: 'unlocked' }) }),
        activeTab: CC_TAB,
        tabRoutes: page({ kind: 'no-ui' }),
      },
      { vault: 'unlocked', templates: [BUILTIN_TEMPLATES[0]!], settings: SETTINGS },
    );
    expect(await screen.findByText('Open User > API keys in Cloudcraft')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Lock' }));
    type(await screen.findByLabelText('Passphrase'), 'the right one!');
    fireEvent.click(screen.getByRole('button', { name: 'Unlock' }));
    expect(await screen.findByText('Open User > API keys in Cloudcraft')).toBeTruthy();
    expect(fake.typesSent()).toEqual(expect.arrayContaining(['templates.list', 'settings.get']));
    expect(fake.tabRequests).toHaveLength(2); // the first view's and the new view's
  });

  it('an empty start (the first view failed or was late): the worker decides the view, which asks for everything', async () => {
    const fake = setup({ routes: unlockedRoutes(), activeTab: CC_TAB, tabRoutes: page({ kind: 'no-ui' }) }, {});
    expect(screen.getByText('Loading…')).toBeTruthy();
    expect(await screen.findByText('Open User > API keys in Cloudcraft')).toBeTruthy();
    expect(fake.typesSent()).toEqual(expect.arrayContaining(['vault.touch', 'templates.list', 'settings.get']));
    expect(fake.tabRequests).toEqual([{ tabId: 7, message: { type: 'page.getState', data: {} } }]);
  });

  it('the worker wins: a start read as unlocked that the worker answers locked shows the locked view', async () => {
    const fake = setup(
      { routes: unlockedRoutes({ 'vault.touch': () => ({ state: 'locked' }) }), activeTab: CC_TAB, tabRoutes: page({ kind: 'no-ui' }) },
      { vault: 'unlocked', templates: [BUILTIN_TEMPLATES[0]!], settings: SETTINGS },
    );
    expect(screen.getByRole('button', { name: 'Lock' })).toBeTruthy(); // the start, at once
    expect(await screen.findByLabelText('Passphrase')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Lock' })).toBeNull();
    expect(fake.typesSent()).toContain('vault.touch');
  });

  it.each(['locked', 'unlocked'] as const)('a damaged vault header is reported as the popup opens, alone, even over a %s start', async (vault) => {
    setup(
      { routes: { ...unlockedRoutes(), 'vault.touch': () => Promise.reject(new ProtocolError('CORRUPT_RECORD', 'The vault header in browser storage is damaged.')) } },
      { vault, templates: [BUILTIN_TEMPLATES[0]!], settings: SETTINGS },
    );
    expect((await screen.findByRole('alert')).textContent).toBe('The vault header in browser storage is damaged.');
    expect(screen.queryByLabelText('Passphrase')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Lock' })).toBeNull();
  });

  it('a worker that cannot be reached is reported as such, and no view stays without its confirmation', async () => {
    setup(
      { routes: { ...unlockedRoutes(), 'vault.touch': () => Promise.reject(new ProtocolError('INTERNAL', 'No answer from the extension (is it being updated? Reload the page).')) } },
      { vault: 'unlocked', templates: [BUILTIN_TEMPLATES[0]!], settings: SETTINGS },
    );
    expect((await screen.findByRole('alert')).textContent).toBe('Cannot reach the extension: No answer from the extension (is it being updated? Reload the page).');
    expect(screen.queryByRole('button', { name: 'Lock' })).toBeNull();
  });

  it('a start taken while locked fills nothing after the unlock', async () => {
    const fake = setup(
      { routes: unlockedRoutes({ 'vault.unlock': () => ({ state: 'unlocked' }) }), activeTab: CC_TAB, tabRoutes: page({ kind: 'no-ui' }) },
      { vault: 'locked', templates: [BUILTIN_TEMPLATES[0]!], settings: SETTINGS },
    );
    type(screen.getByLabelText('Passphrase'), 'the right one!');
    fireEvent.click(screen.getByRole('button', { name: 'Unlock' }));
    expect(await screen.findByText('Open User > API keys in Cloudcraft')).toBeTruthy();
    expect(fake.typesSent()).not.toContain('vault.status');
    expect(fake.typesSent()).toEqual(expect.arrayContaining(['vault.unlock', 'templates.list', 'settings.get']));
  });
});

describe('popup: key actions', () => {
  async function keyRow() {
    const keys = await screen.findByRole('list', { name: 'Stored keys' });
    return within(keys).getAllByRole('listitem')[0]!;
  }

  it('Copy schedules the clear, then writes the exact secret and marks it copied', async () => {
    let requestsWhenWritten: string[] = [];
    const fake = setup({
      writeClipboard: async () => {
        requestsWhenWritten = fake.typesSent();
      },
      routes: unlockedRoutes({
        'keys.reveal': () => ({ secret: 'cc-secret-0123456789' }),
        'keys.markCopied': () => ({ key: { ...KEY, lastCopiedAt: NOW.getTime() } }),
        'clipboard.scheduleClear': (d) => ({ clearsAt: NOW.getTime() + d.delaySeconds * 1000 }),
      }),
    });
    fireEvent.click(within(await keyRow()).getByRole('button', { name: 'Copy' }));
    expect(await screen.findByText('Copied the key — clears in 30 s')).toBeTruthy();
    expect(fake.clipboard).toHaveBeenCalledTimes(1);
    expect(fake.clipboard).toHaveBeenCalledWith('cc-secret-0123456789');
    const sent = fake.requests.filter((r) => r.type.startsWith('keys.reveal') || r.type === 'keys.markCopied' || r.type === 'clipboard.scheduleClear');
    expect(sent).toEqual([
      { type: 'keys.reveal', data: { id: 'k1' } },
      // The fingerprint is the base64 SHA-256 of the copied key (node: createHash('sha256')).
      { type: 'clipboard.scheduleClear', data: { delaySeconds: 30, fingerprint: '/Q6ruTh/UzzXmjpo3SziktJ7QvpObqORv17lruNGnN8=' } },
      { type: 'keys.markCopied', data: { id: 'k1' } },
    ]);
    expect(requestsWhenWritten.slice(-2)).toEqual(['keys.reveal', 'clipboard.scheduleClear']);
    // The secret is not left in the popup.
    expect(document.body.textContent).not.toContain('cc-secret-0123456789');
  });

  it('Copy failure says so, never "Copied", marks nothing copied, and leaves the clear scheduled', async () => {
    const fake = setup({
      routes: unlockedRoutes({
        'keys.reveal': () => ({ secret: 'cc-secret-0123456789' }),
        'clipboard.scheduleClear': (d) => ({ clearsAt: NOW.getTime() + d.delaySeconds * 1000 }),
      }),
      writeClipboard: async () => {
        throw new Error('Document is not focused.');
      },
    });
    fireEvent.click(within(await keyRow()).getByRole('button', { name: 'Copy' }));
    expect(await screen.findByText('Copy failed: Document is not focused.')).toBeTruthy();
    expect(screen.queryByText(/Copied/)).toBeNull();
    expect(fake.typesSent()).toContain('clipboard.scheduleClear');
    expect(fake.typesSent()).not.toContain('keys.markCopied');
  });

  it('a write interrupted by the popup closing: the clear was already scheduled, with the key\'s fingerprint', async () => {
    const fake = setup({
      routes: unlockedRoutes({
        'keys.reveal': () => ({ secret: 'cc-secret-0123456789' }),
        'clipboard.scheduleClear': (d) => ({ clearsAt: NOW.getTime() + d.delaySeconds * 1000 }),
      }),
      // The popup's document goes away during the write: it never settles.
      writeClipboard: () => new Promise<void>(() => undefined),
    });
    fireEvent.click(within(await keyRow()).getByRole('button', { name: 'Copy' }));
    await waitFor(() => expect(fake.clipboard).toHaveBeenCalledWith('cc-secret-0123456789'));
    expect(fake.requests.filter((r) => r.type === 'clipboard.scheduleClear')).toEqual([
      { type: 'clipboard.scheduleClear', data: { delaySeconds: 30, fingerprint: '/Q6ruTh/UzzXmjpo3SziktJ7QvpObqORv17lruNGnN8=' } },
    ]);
  });

  it('"Clear now" while a clear is due: the popup clears the clipboard and the worker forgets the due time', async () => {
    const clearsAt = NOW.getTime() + 30_000;
    const fake = setup({
      routes: unlockedRoutes({
        'keys.reveal': () => ({ secret: 'cc-secret-0123456789' }),
        'keys.markCopied': () => ({ key: { ...KEY, lastCopiedAt: NOW.getTime() } }),
        'clipboard.scheduleClear': () => ({ clearsAt }),
        'clipboard.cleared': () => ({}),
      }),
    });
    expect(screen.queryByRole('button', { name: 'Clear now' })).toBeNull();
    fireEvent.click(within(await keyRow()).getByRole('button', { name: 'Copy' }));
    expect(await screen.findByText('Copied the key — clears in 30 s')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Clear now' }));
    expect(await screen.findByText('Clipboard cleared')).toBeTruthy();
    expect(fake.clipboard.mock.calls).toEqual([['cc-secret-0123456789'], ['']]);
    await waitFor(() => expect(fake.requests.at(-1)).toEqual({ type: 'clipboard.cleared', data: { clearAt: clearsAt } }));
    expect(screen.queryByRole('button', { name: 'Clear now' })).toBeNull();
  });

  it('Copy with clearing disabled says "Copied"', async () => {
    setup({
      routes: unlockedRoutes({
        'settings.get': () => ({ settings: { autoLockMinutes: 15, clipboardClearSeconds: 0, autoCapture: true } }),
        'keys.reveal': () => ({ secret: 'cc-secret-0123456789' }),
        'keys.markCopied': () => ({ key: KEY }),
        'clipboard.scheduleClear': () => ({ clearsAt: null }),
      }),
    });
    await screen.findByRole('list', { name: 'Stored keys' });
    await waitFor(() => undefined);
    fireEvent.click(within(await keyRow()).getByRole('button', { name: 'Copy' }));
    expect(await screen.findByText('Copied the key')).toBeTruthy();
  });

  it.each([
    [{ status: 'ok', name: 'Ada Replica', email: 'ada@example.com' }, 'OK: Ada Replica <ada@example.com>'],
    [{ status: 'rejected', httpStatus: 401 }, 'Cloudcraft rejects this key (401): marked revoked.'],
    [{ status: 'http-error', httpStatus: 503 }, 'Cloudcraft API error (503)'],
    [{ status: 'network-error', message: 'Failed to fetch' }, 'Network error: Failed to fetch'],
  ] as const)('Test shows %j as "%s"', async (res, text) => {
    const fake = setup({ routes: unlockedRoutes({ 'keys.test': () => res }) });
    fireEvent.click(within(await keyRow()).getByRole('button', { name: 'Test' }));
    expect(await screen.findByText(text)).toBeTruthy();
    expect(fake.requests).toContainEqual({ type: 'keys.test', data: { id: 'k1' } });
  });

  it('Delete asks to confirm; Cancel keeps the key, Delete removes it', async () => {
    const fake = setup({ routes: unlockedRoutes({ 'keys.delete': () => ({ removed: null }) }) });
    const row = await keyRow();
    const more = within(row).getByRole('button', { name: 'More actions for ci-read-2026-11-20' });
    fireEvent.click(more);
    const menu = screen.getByRole('menu');
    expect(within(menu).getAllByRole('menuitem').map((m) => m.textContent)).toEqual(['Reveal', 'Rename', 'Add note', 'Delete']);
    fireEvent.click(within(menu).getByRole('menuitem', { name: 'Delete' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Delete "ci-read-2026-11-20" from your vault?' });
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Cancel' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(fake.typesSent()).not.toContain('keys.delete');

    fireEvent.click(more);
    fireEvent.click(within(screen.getByRole('menu')).getByRole('menuitem', { name: 'Delete' }));
    fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(screen.queryByText('ci-read-2026-11-20')).toBeNull());
    expect(fake.requests).toContainEqual({ type: 'keys.delete', data: { id: 'k1' } });
  });

  it('Rename: Enter saves, Escape cancels', async () => {
    const fake = setup({ routes: unlockedRoutes({ 'keys.rename': (d) => ({ key: { ...KEY, name: d.name } }) }) });
    const row = await keyRow();
    const more = within(row).getByRole('button', { name: 'More actions for ci-read-2026-11-20' });

    fireEvent.click(more);
    fireEvent.click(within(screen.getByRole('menu')).getByRole('menuitem', { name: 'Rename' }));
    let input = within(row).getByLabelText('New name');
    type(input, 'discarded');
    fireEvent.keyDown(input, { key: 'Escape' });
    expect(within(row).queryByLabelText('New name')).toBeNull();
    expect(fake.typesSent()).not.toContain('keys.rename');

    fireEvent.click(more);
    fireEvent.click(within(screen.getByRole('menu')).getByRole('menuitem', { name: 'Rename' }));
    input = within(row).getByLabelText('New name');
    expect(document.activeElement).toBe(input);
    // While its label is the rename field, the row keeps its name; then it takes the new one.
    expect(computeAccessibleName(row)).toBe('ci-read-2026-11-20');
    type(input, 'ci-export');
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(await within(row).findByText('ci-export')).toBeTruthy();
    expect(computeAccessibleName(row)).toBe('ci-export');
    expect(fake.requests).toContainEqual({ type: 'keys.rename', data: { id: 'k1', name: 'ci-export' } });
  });

  it('Reveal shows the secret until hidden; the menu closes on Escape', async () => {
    setup({ routes: unlockedRoutes({ 'keys.reveal': () => ({ secret: 'cc-secret-0123456789' }) }) });
    const row = await keyRow();
    const more = within(row).getByRole('button', { name: 'More actions for ci-read-2026-11-20' });
    fireEvent.click(more);
    fireEvent.keyDown(screen.getByRole('menu'), { key: 'Escape' });
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(more);
    fireEvent.click(more);
    fireEvent.click(within(screen.getByRole('menu')).getByRole('menuitem', { name: 'Reveal' }));
    expect(await within(row).findByText('cc-secret-0123456789')).toBeTruthy();
    fireEvent.click(within(row).getByRole('button', { name: 'Hide' }));
    expect(within(row).queryByText('cc-secret-0123456789')).toBeNull();
  });

  it('Copy counts "clears in" down each second to "Clipboard cleared"', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    setup({
      routes: unlockedRoutes({
        'keys.reveal': () => ({ secret: 'cc-secret-0123456789' }),
        'keys.markCopied': () => ({ key: KEY }),
        'clipboard.scheduleClear': (d) => ({ clearsAt: NOW.getTime() + d.delaySeconds * 1000 }),
      }),
    });
    fireEvent.click(within(await keyRow()).getByRole('button', { name: 'Copy' }));
    expect(await screen.findByText('Copied the key — clears in 30 s')).toBeTruthy();
    await vi.advanceTimersByTimeAsync(1000);
    expect(screen.getByText('Copied the key — clears in 29 s')).toBeTruthy();
    await vi.advanceTimersByTimeAsync(28_000);
    expect(screen.getByText('Copied the key — clears in 1 s')).toBeTruthy();
    await vi.advanceTimersByTimeAsync(1000);
    expect(screen.getByText('Clipboard cleared')).toBeTruthy();
    expect(screen.queryByText(/clears in/)).toBeNull();
  });

  it('a revealed secret hides itself after 30 s', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    setup({ routes: unlockedRoutes({ 'keys.reveal': () => ({ secret: 'cc-secret-0123456789' }) }) });
    const row = await keyRow();
    fireEvent.click(within(row).getByRole('button', { name: 'More actions for ci-read-2026-11-20' }));
    fireEvent.click(within(screen.getByRole('menu')).getByRole('menuitem', { name: 'Reveal' }));
    expect(await within(row).findByText('cc-secret-0123456789')).toBeTruthy();
    await vi.advanceTimersByTimeAsync(29_000);
    expect(within(row).getByText('cc-secret-0123456789')).toBeTruthy();
    await vi.advanceTimersByTimeAsync(1_200); // (Preact runs effects a frame after the render)
    expect(within(row).queryByText('cc-secret-0123456789')).toBeNull();
  });

  it.each(['timer', 'focus'] as const)('auto-lock while open (%s): the locked view replaces a revealed secret', async (how) => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let locked = false;
    const fake = setup({
      routes: unlockedRoutes({
        'vault.status': () => ({ state: locked ? 'locked' : 'unlocked', keyCount: 1 }),
        'keys.reveal': () => ({ secret: 'cc-secret-0123456789' }),
      }),
    });
    const row = await keyRow();
    fireEvent.click(within(row).getByRole('button', { name: 'More actions for ci-read-2026-11-20' }));
    fireEvent.click(within(screen.getByRole('menu')).getByRole('menuitem', { name: 'Reveal' }));
    expect(await within(row).findByText('cc-secret-0123456789')).toBeTruthy();
    const asked = fake.typesSent().filter((x) => x === 'vault.status').length;
    locked = true;
    if (how === 'timer') await vi.advanceTimersByTimeAsync(5_000);
    else fireEvent.focus(window);
    expect(await screen.findByRole('button', { name: 'Unlock' })).toBeTruthy();
    expect(document.body.textContent).not.toContain('cc-secret-0123456789');
    expect(fake.typesSent().filter((x) => x === 'vault.status').length).toBe(asked + 1);
  });

  it('opens the ⋯ menu upwards when there is no room below', async () => {
    setup({ routes: unlockedRoutes() });
    const row = await keyRow();
    const more = within(row).getByRole('button', { name: 'More actions for ci-read-2026-11-20' });
    const rect = (top: number, height: number) => ({ top, bottom: top + height, height, left: 0, right: 100, width: 100, x: 0, y: top, toJSON: () => ({}) });
    vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockImplementation(function (this: HTMLElement) {
      return this.classList.contains('menu') ? rect(window.innerHeight - 20, 110) : rect(window.innerHeight - 50, 28);
    });
    fireEvent.click(more);
    await waitFor(() => expect(screen.getByRole('menu').className).toBe('menu up'));
    fireEvent.keyDown(screen.getByRole('menu'), { key: 'Escape' });
    vi.mocked(HTMLElement.prototype.getBoundingClientRect).mockImplementation(function (this: HTMLElement) {
      return this.classList.contains('menu') ? rect(100, 110) : rect(70, 28);
    });
    fireEvent.click(more);
    await waitFor(() => expect(screen.getByRole('menu').className).toBe('menu'));
  });

  it('an unreadable record can be deleted after confirming', async () => {
    const fake = setup({ routes: unlockedRoutes({ 'keys.delete': () => ({ removed: null }) }) });
    const keys = await screen.findByRole('list', { name: 'Stored keys' });
    const broken = within(keys).getAllByRole('listitem')[1]!;
    fireEvent.click(within(broken).getByRole('button', { name: 'Delete old-key' }));
    const dialog = within(broken).getByRole('alertdialog', { name: 'Delete old-key?' });
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Cancel' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(screen.queryByText('old-key')).toBeNull());
    expect(fake.requests).toContainEqual({ type: 'keys.delete', data: { id: 'k9' } });
  });

  it('spells out bidi controls in key names and limits renames to 200 characters', async () => {
    const sneaky: KeyMeta = { ...KEY, id: 'k2', name: 'read\u202Eetirw\u2066x\u200F' };
    setup({ routes: unlockedRoutes({ 'keys.list': () => ({ keys: [sneaky], broken: [] }) }) });
    const row = await keyRow();
    expect(within(row).getByText('read⟨U+202E⟩etirw⟨U+2066⟩x⟨U+200F⟩')).toBeTruthy();
    const more = within(row).getByRole('button', { name: 'More actions for read⟨U+202E⟩etirw⟨U+2066⟩x⟨U+200F⟩' });
    fireEvent.click(more);
    fireEvent.click(within(screen.getByRole('menu')).getByRole('menuitem', { name: 'Rename' }));
    expect(within(row).getByLabelText('New name').getAttribute('maxlength')).toBe('200');
  });

  it('Lock locks and shows the locked view; Options opens the options page', async () => {
    const fake = setup({ routes: unlockedRoutes({ 'vault.lock': () => ({ state: 'locked' }) }) });
    fireEvent.click(await screen.findByRole('button', { name: 'Options' }));
    expect(fake.openOptionsPage).toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Lock' }));
    expect(await screen.findByRole('button', { name: 'Unlock' })).toBeTruthy();
    expect(fake.typesSent()).toContain('vault.lock');
  });
});
