// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { TEAMS } from '../../../replica/app/mount';
import { mount, openForm, openKeys, replica, button, tick, useReplicaPage } from '../test/replica';
import { waitFor } from '../dom/wait';
import {
  findCreateButton,
  findCreateForm,
  findKeysUi,
  findPermissionControl,
  findSecretNote,
  findTeamControls,
  isApiKeysUi,
  isCreateForm,
  isKeysUiLoading,
  readChoiceLevel,
  readExistingNames,
  readTeamLevel,
} from './finders';
import { readPageState } from './state';
import { classifyLevel, norm } from './synonyms';

useReplicaPage();

/** Covers every value of every variation point at least once (modes × controls × labels × secrets). */
export const VARIANTS = [
  'mode=modal&permission=select&labels=a&teams=checkbox&secret=input',
  'mode=route&permission=radio&labels=b&teams=switch&secret=code',
  'mode=modal&permission=listbox&labels=c&teams=level&secret=text',
  'mode=route&permission=select&labels=c&teams=level&secret=input&defaultPermission=read-write',
  'mode=modal&permission=radio&labels=a&teams=level&secret=text&secretLength=8',
  'mode=route&permission=listbox&labels=b&teams=checkbox&secret=code&secretLength=512',
  'mode=modal&permission=select&labels=b&teams=switch&secret=code&hostile=1',
  'mode=modal&permission=listbox&labels=a&teams=switch&secret=input&lazy=150',
  'mode=modal&permission=combobox&labels=b&teams=checkbox&secret=masked',
  'mode=route&permission=menu&labels=c&teams=switch&secret=code&secretNote=plain',
  'mode=modal&permission=segmented&labels=a&teams=level&secret=text&decoy=1',
];

/** The driver each `permission=` variant's control must be recognised by. */
const DRIVER_OF: Record<string, string> = {
  select: 'native-select',
  radio: 'radio-group',
  listbox: 'listbox-button',
  combobox: 'combobox',
  menu: 'menu-button',
  segmented: 'segmented',
};

describe('synonyms', () => {
  it('classifies permission texts of every label set and common synonyms', () => {
    for (const t of ['Read', 'Read only', 'Read-only', 'Read-only access', 'Viewer', 'View only']) expect(classifyLevel(t), t).toBe('read');
    for (const t of ['Read & write', 'Read and write', 'Read-write', 'Read/write', 'Full access', 'Editor']) expect(classifyLevel(t), t).toBe('read-write');
    for (const t of ['No access', 'None']) expect(classifyLevel(t), t).toBe('none');
    for (const t of ['Owner', 'Member', '']) expect(classifyLevel(t), t).toBeNull();
    expect(norm('  Name * ')).toBe('name');
  });
});

describe('predicates on the diagrams view (negatives)', () => {
  it.each(['', 'hostile=1', 'mode=route&hostile=1'])('%s: no API keys UI, no form, no secret', async (q) => {
    mount(q);
    await waitFor(() => button('User'));
    expect(isApiKeysUi(document)).toBe(false);
    expect(findKeysUi(document)).toBeNull();
    expect(isCreateForm(document)).toBe(false);
    expect(findSecretNote(document)).toBeNull(); // hostile decoys are hidden or off-screen
    expect(readPageState(document).state).toEqual({ kind: 'no-ui' });
  });
});

describe.each(VARIANTS)('finders on %s', (q) => {
  it('keys list: UI found, not a form, existing names read', async () => {
    mount(q);
    await openKeys();
    const root = findKeysUi(document);
    expect(root).not.toBeNull();
    expect(root?.matches(q.includes('route') ? 'main' : '[role=dialog]')).toBe(true);
    expect(isApiKeysUi(document)).toBe(true);
    expect(isCreateForm(document)).toBe(false);
    expect(findCreateButton(root!)?.textContent?.trim()).toBe('Create API key');
    expect(readExistingNames(root!)).toEqual(['Automation Key', 'terraform-export']);
    expect(readPageState(document).state).toEqual({
      kind: 'keys-list',
      listed: [
        { name: 'Automation Key', created: '2026-03-02' },
        { name: 'terraform-export', created: '2026-06-18' },
      ],
      existingNames: ['Automation Key', 'terraform-export'],
    });
    expect(findSecretNote(root!)).toBeNull();
  });

  it('create form: name, permission and team controls found and read', async () => {
    mount(q);
    await openForm();
    const form = findCreateForm(document);
    expect(form).not.toBeNull();
    expect(form!.root.tagName).toBe('FORM');
    expect(form!.save?.textContent?.trim()).toBe('Save key');
    expect(isCreateForm(document)).toBe(true);
    const pc = findPermissionControl(form!.root);
    const kind = /permission=(\w+)/.exec(q)![1]!;
    expect(pc?.kind).toBe(DRIVER_OF[kind]);
    expect(readChoiceLevel(pc!)).toBe(replica().form.permission);
    const teams = findTeamControls(form!.root);
    expect(teams.map((t) => t.team)).toEqual([...TEAMS]);
    const teamKind = q.includes('teams=level') ? 'native-select' : q.includes('teams=switch') ? 'switch' : 'checkbox';
    expect(new Set(teams.map((t) => t.control.kind))).toEqual(new Set([teamKind]));
    expect(teams.map(readTeamLevel)).toEqual(['none', 'none', 'none']);
    expect(readPageState(document).state.kind).toBe('create-form');
  });
});

describe('page state while a new key shows', () => {
  it('a "shown once" sentence inside the keys UI means the secret view; one elsewhere on the page does not', async () => {
    mount('decoy=1');
    await waitFor(() => button('User'));
    // The decoy banner's sentence is on the page, outside any keys UI.
    expect(findSecretNote(document)).not.toBeNull();
    expect(readPageState(document).state).toEqual({ kind: 'no-ui' });
    await openForm();
    const name = findCreateForm(document)!.name as HTMLInputElement;
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(name, 'k1');
    name.dispatchEvent(new Event('input', { bubbles: true }));
    await tick();
    button('Save key')!.click();
    await waitFor(() => replica().lastSecretShown, { timeout: 3000 });
    expect(readPageState(document).state.kind).toBe('secret-shown');
    expect(isCreateForm(document)).toBe(false);
  });

  it('a secret view worded like no phrase we know is the secret view once the capture saw its secret there', async () => {
    mount('secretNote=plain&secret=code');
    await openForm();
    const name = findCreateForm(document)!.name as HTMLInputElement;
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(name, 'k2');
    name.dispatchEvent(new Event('input', { bubbles: true }));
    await tick();
    button('Save key')!.click();
    await waitFor(() => replica().lastSecretShown, { timeout: 3000 });
    expect(readPageState(document).state.kind).toBe('loading'); // no phrase, no list, no form: nothing to apply to
    const code = document.querySelector('code.secret')!;
    expect(readPageState(document, code).state.kind).toBe('secret-shown');
  });
});

describe('isKeysUiLoading', () => {
  const ui = (body: string) => {
    document.body.innerHTML = `<div role="dialog"><h2>API keys</h2>${body}</div>`;
    return findKeysUi(document)!;
  };

  it.each([
    ['"Loading…" under the heading (replica lazy)', '<p class="loading">Loading…</p>'],
    ['a busy region', '<div aria-busy="true"><svg></svg></div>'],
    ['a progressbar', '<div role="progressbar"></div>'],
    ['loading text in a table', '<table><tr><td>Loading...</td></tr></table>'],
    ['nothing but the heading', ''],
  ])('%s: loading', (_, body) => {
    expect(isKeysUiLoading(ui(body))).toBe(true);
    expect(readPageState(document).state).toEqual({ kind: 'loading' });
  });

  it.each([
    ['the list with "Create API key"', '<table><tr><td>k</td></tr></table><button>Create API key</button>'],
    ['an empty list with "Create API key" and a busy spinner', '<p>No keys yet</p><div role="progressbar"></div><button>Create API key</button>'],
    ['a list without "Create API key" (a member)', '<table><tr><th>Name</th></tr><tr><td>k</td></tr></table>'],
  ])('%s: not loading', (_, body) => {
    expect(isKeysUiLoading(ui(body))).toBe(false);
    expect(readPageState(document).state.kind).toBe('keys-list');
  });

  it('the replica with lazy=300: loading, then the list', async () => {
    mount('lazy=300');
    (await waitFor(() => button('User')))!.click();
    (await waitFor(() => button('API keys')))!.click();
    await waitFor(() => findKeysUi(document));
    expect(replica().loading).toBe(true);
    expect(isKeysUiLoading(findKeysUi(document)!)).toBe(true);
    expect(readPageState(document).state).toEqual({ kind: 'loading' });
    await waitFor(() => button('Create API key'), { timeout: 2000 });
    expect(isKeysUiLoading(findKeysUi(document)!)).toBe(false);
    expect(readPageState(document).state).toEqual({
      kind: 'keys-list',
      listed: [
        { name: 'Automation Key', created: '2026-03-02' },
        { name: 'terraform-export', created: '2026-06-18' },
      ],
      existingNames: ['Automation Key', 'terraform-export'],
    });
  });
});
