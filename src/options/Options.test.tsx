// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { ProtocolError, type Settings } from '../shared/protocol';
import { BUILTIN_TEMPLATES, type Template } from '../shared/templates';
import { fakeExtension, renderWith, type Routes } from '../ui/testing';
import { Options } from './Options';

afterEach(cleanup);

const MANAGED: Template = { id: 'org-1', label: 'Org viewer', namePattern: 'org-{date}', permission: 'read', teams: [], description: '', source: 'managed' };
const MINE: Template = { id: 'user-a', label: 'CI export', namePattern: '{purpose}-{date}', permission: 'read', teams: [], description: 'ci export', source: 'user' };
const MINE2: Template = { id: 'user-b', label: 'Deploy', namePattern: 'deploy-{time}', permission: 'read-write', teams: [], description: '', source: 'user' };

function routes(extra: Routes = {}): Routes {
  let user = [MINE, MINE2];
  let settings: Settings = { autoLockMinutes: 15, clipboardClearSeconds: 30, autoCapture: true };
  return {
    'templates.list': () => ({ templates: [...BUILTIN_TEMPLATES, MANAGED, ...user] }),
    'templates.listUser': () => ({ templates: user }),
    'templates.saveUser': (d) => ((user = d.templates.map((t) => ({ ...t, source: 'user' as const }))), { templates: user }),
    'settings.get': () => ({ settings }),
    'settings.set': (d) => ((settings = d.settings), { settings }),
    ...extra,
  };
}

function setup(r: Routes = routes(), extra: { clipboardReadGranted?: boolean } = {}) {
  const fake = fakeExtension({ routes: r, now: new Date(2026, 10, 29, 12, 0), ...extra });
  renderWith(fake.services, <Options />);
  return fake;
}
/** Waits until the stored templates are loaded (controls are disabled before). */
const loaded = () => waitFor(() => expect((screen.getByRole('button', { name: 'New template' }) as HTMLButtonElement).disabled).toBe(false));
const type = (el: HTMLElement, value: string) => fireEvent.input(el, { target: { value } });
const saves = (fake: ReturnType<typeof setup>) => fake.requests.filter((r) => r.type === 'templates.saveUser');

async function templateRow(label: string) {
  const list = await screen.findByRole('list', { name: 'Templates' });
  await within(list).findByText(label);
  return within(list).getAllByRole('listitem').find((li) => within(li).queryByText(label))!;
}

describe('options: templates', () => {
  it('shows built-in and managed templates read-only, user ones editable', async () => {
    setup();
    const managed = await templateRow('Org viewer');
    expect(within(managed).getByText('Managed by your organisation')).toBeTruthy();
    expect(within(managed).queryByRole('button', { name: 'Edit' })).toBeNull();
    expect(within(managed).queryByRole('button', { name: 'Delete' })).toBeNull();
    const mine = await templateRow('CI export');
    for (const name of ['Edit', 'Duplicate CI export', 'Delete', 'Move up', 'Move down']) expect(within(mine).getByRole('button', { name })).toBeTruthy();
    expect(within(managed).getByRole('button', { name: 'Duplicate Org viewer' }).textContent).toBe('Duplicate');
    expect(within(await templateRow('Read-only')).getByRole('button', { name: 'Duplicate Read-only' })).toBeTruthy();
  });

  it('shows schema errors inline next to each field and saves nothing', async () => {
    const fake = setup();
    await loaded();
    fireEvent.click(screen.getByRole('button', { name: 'New template' }));
    const label = screen.getByLabelText('Label');
    type(label, '   ');
    type(screen.getByLabelText('Name pattern'), '{user}-key');
    fireEvent.click(screen.getByRole('button', { name: 'Add team' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save template' }));
    expect(await screen.findByText('Label is required')).toBeTruthy();
    expect(label.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(label.getAttribute('aria-describedby')!)!.textContent).toBe('Label is required');
    const pattern = screen.getByLabelText('Name pattern');
    expect(document.getElementById(pattern.getAttribute('aria-describedby')!)!.textContent).toBe('Name pattern uses an unknown token (known: {date}, {time}, {purpose})');
    const team = screen.getByLabelText('Team name 1');
    expect(document.getElementById(team.getAttribute('aria-describedby')!)!.textContent).toBe('Team name is required');
    expect(saves(fake)).toEqual([]);
    await waitFor(() => expect(document.activeElement).toBe(label));
  });

  it('creates a template with a live preview and team access, warning about the extra grant', async () => {
    const fake = setup();
    await loaded();
    fireEvent.click(screen.getByRole('button', { name: 'New template' }));
    type(screen.getByLabelText('Label'), 'Eng writer');
    type(screen.getByLabelText('Name pattern'), 'eng-{purpose}-{date}');
    type(screen.getByLabelText('Description'), 'Nightly Sync');
    expect(screen.getByText('Preview: eng-nightly-sync-2026-11-29')).toBeTruthy();
    fireEvent.click(screen.getByRole('radio', { name: 'Read & write' }));
    fireEvent.click(screen.getByRole('button', { name: 'Add team' }));
    type(screen.getByLabelText('Team name 1'), 'Engineering');
    expect(screen.getByText('Grants write access: this key can change and delete your diagrams.')).toBeTruthy();
    expect(screen.getByText('Shares the key with 1 team.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Save template' }));
    expect(await screen.findByText('Saved “Eng writer”.')).toBeTruthy();
    const sent = saves(fake)[0]!.data as { templates: Template[] };
    expect(sent.templates.map((t) => t.label)).toEqual(['CI export', 'Deploy', 'Eng writer']);
    expect(sent.templates[2]).toMatchObject({ namePattern: 'eng-{purpose}-{date}', permission: 'read-write', teams: [{ team: 'Engineering', access: 'read' }], description: 'Nightly Sync' });
    expect(sent.templates[2]!.id).toMatch(/^user-/);
    expect(screen.queryByLabelText('Label')).toBeNull();
  });

  it('shows a quota error from storage.sync clearly', async () => {
    setup(
      routes({
        'templates.saveUser': () => {
          throw new ProtocolError('QUOTA', 'Template storage is full: 103000 bytes needed, sync storage holds 102400.');
        },
      }),
    );
    fireEvent.click(within(await templateRow('CI export')).getByRole('button', { name: 'Duplicate CI export' }));
    expect((screen.getByLabelText('Label') as HTMLInputElement).value).toBe('Copy of CI export');
    fireEvent.click(screen.getByRole('button', { name: 'Save template' }));
    expect(await screen.findByText('Could not save templates: Template storage is full: 103000 bytes needed, sync storage holds 102400.')).toBeTruthy();
  });

  it('reorders and deletes (after confirming) user templates', async () => {
    const fake = setup();
    fireEvent.click(within(await templateRow('Deploy')).getByRole('button', { name: 'Move up' }));
    await screen.findByText('Order saved.');
    expect((saves(fake)[0]!.data as { templates: Template[] }).templates.map((t) => t.id)).toEqual(['user-b', 'user-a']);
    fireEvent.click(within(await templateRow('CI export')).getByRole('button', { name: 'Delete' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Delete template CI export?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete' }));
    await screen.findByText('Deleted “CI export”.');
    expect((saves(fake)[1]!.data as { templates: Template[] }).templates.map((t) => t.id)).toEqual(['user-b']);
  });

  it('import of a bad file lists the problems and changes nothing', async () => {
    const fake = setup();
    await loaded();
    const input = screen.getByLabelText('Import templates') as HTMLInputElement;
    const bad = JSON.stringify({ templates: [{ id: 'x', label: '', namePattern: 'a', permission: 'admin', teams: [] }, { ...MINE, id: 'builtin-read-only' }] });
    fireEvent.change(input, { target: { files: [new File([bad], 'bad.json', { type: 'application/json' })] } });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Nothing was imported: the file is not valid.');
    expect([...alert.querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      'Template 1: Label is required.',
      'Template 1: Permission must be "read" or "read-write".',
      'Template 2 (“CI export”): id “builtin-read-only” belongs to a built-in or managed template.',
    ]);
    expect(saves(fake)).toEqual([]);
  });

  it('an invalid import names each entry and what is wrong in a sentence, never a field path, and the stored templates stay', async () => {
    const fake = setup();
    await loaded();
    const bad = JSON.stringify({
      format: 'cloudcraft-key-helper/templates',
      version: 1,
      templates: [
        { ...MINE, id: 'user-new', label: 'Nightly', source: undefined },
        { ...MINE, id: 'user-x', label: 'Eng', teams: [{ team: 'Engineering', access: 'read' }, { team: '  ', access: 'admin' }], rotationDays: 1.5 },
        'not a template',
        { ...MINE, id: 'user-y', label: 'Two', teams: [{ team: 'Ops', access: 'read' }, { team: 'ops', access: 'read' }] },
      ],
    });
    fireEvent.change(screen.getByLabelText('Import templates'), { target: { files: [new File([bad], 'bad.json')] } });
    const alert = await screen.findByRole('alert');
    expect(alert.querySelector('p')!.textContent).toBe('Nothing was imported: the file is not valid.');
    const problems = [...alert.querySelectorAll('li')].map((li) => li.textContent);
    expect(problems).toEqual([
      'Template 2 (“Eng”), team 2: Team name is required.',
      'Template 2 (“Eng”), team 2: Team access must be "read" or "read-write".',
      'Template 2 (“Eng”): Rotation period must be whole days from 0 to 3650.',
      'Template 3: A template must be an object with an id, a label, a name pattern, a permission and teams.',
      'Template 4 (“Two”): A team is listed twice.',
    ]);
    expect(problems.join(' ')).not.toMatch(/teams\.\d|rotationDays|Invalid|Expected/);
    expect(saves(fake)).toEqual([]);
    // Nothing lost: the stored templates are still listed, and "Nightly" (valid) was not half-imported.
    const list = screen.getByRole('list', { name: 'Templates' });
    expect(within(list).getByText('CI export')).toBeTruthy();
    expect(within(list).getByText('Deploy')).toBeTruthy();
    expect(within(list).queryByText('Nightly')).toBeNull();
    // A good file afterwards clears the problems and imports.
    fireEvent.change(screen.getByLabelText('Import templates'), { target: { files: [new File([JSON.stringify([{ ...MINE, id: 'user-new', label: 'Nightly' }])], 'ok.json')] } });
    expect(await screen.findByText('Imported 1 template.')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    expect((saves(fake)[0]!.data as { templates: Template[] }).templates.map((t) => t.id)).toEqual(['user-a', 'user-b', 'user-new']);
  });

  it.each([
    ['{\n  "templates": [\n    {"id": "a",}\n  ]\n}', 'The file is not a templates file: it is not valid JSON (check near line 3, column 16).'],
    ['nope', 'The file is not a templates file: it is not valid JSON.'],
    ['[{"id": "x", "label": ', 'The file is not a templates file: its JSON ends too early (was the file cut short?).'],
    ['  \n', 'The file is empty.'],
    ['{"name": "something else"}', 'The file holds no list of templates: choose a file exported from this page.'],
    ['[]', 'The file holds no templates.'],
  ])('a file that is not templates (%j) is said in plain words and changes nothing', async (text, problem) => {
    const fake = setup();
    await loaded();
    fireEvent.change(screen.getByLabelText('Import templates'), { target: { files: [new File([text], 'x.json')] } });
    const alert = await screen.findByRole('alert');
    expect([...alert.querySelectorAll('li')].map((li) => li.textContent)).toEqual([problem]);
    expect(saves(fake)).toEqual([]);
    expect(within(screen.getByRole('list', { name: 'Templates' })).getByText('CI export')).toBeTruthy();
  });

  it('import of a non-JSON file changes nothing', async () => {
    const fake = setup();
    await loaded();
    const input = screen.getByLabelText('Import templates') as HTMLInputElement;
    fireEvent.change(input, { target: { files: [new File(['{oops'], 'bad.json')] } });
    expect((await screen.findByRole('alert')).textContent).toContain('The file is not a templates file: it is not valid JSON (check near line 1, column 2).');
    expect(saves(fake)).toEqual([]);
  });

  it('imports a valid export and exports the user templates as JSON', async () => {
    const fake = setup();
    await loaded();
    const input = screen.getByLabelText('Import templates') as HTMLInputElement;
    const good = JSON.stringify({ format: 'cloudcraft-key-helper/templates', version: 1, templates: [{ ...MINE, label: 'CI export v2', source: undefined }, { ...MINE2, id: 'user-c', label: 'New one' }] });
    fireEvent.change(input, { target: { files: [new File([good], 'ok.json')] } });
    expect(await screen.findByText('Imported 2 templates.')).toBeTruthy();
    expect((saves(fake)[0]!.data as { templates: Template[] }).templates.map((t) => `${t.id}:${t.label}`)).toEqual(['user-a:CI export v2', 'user-b:Deploy', 'user-c:New one']);
    fireEvent.click(screen.getByRole('button', { name: 'Export templates' }));
    const [fileName, json] = fake.download.mock.calls[0]!;
    expect(fileName).toBe('cloudcraft-key-helper-templates.json');
    expect(JSON.parse(json as string).templates.map((t: Template) => t.id)).toEqual(['user-a', 'user-b', 'user-c']);
  });
});

describe('options: rotation period and copy format', () => {
  it('the list shows the rotation period and copy format in words, defaults included', async () => {
    const ci = { ...MINE, rotationDays: 30, copyFormat: 'dotenv' as const };
    const never = { ...MINE2, rotationDays: 0, copyFormat: 'terraform' as const };
    setup(routes({ 'templates.list': () => ({ templates: [...BUILTIN_TEMPLATES, ci, never] }), 'templates.listUser': () => ({ templates: [ci, never] }) }));
    expect(within(await templateRow('CI export')).getByText(/·/).textContent).toBe('Read-only · no team access · {purpose}-{date} · rotate every 30 days · copy as .env line');
    expect(within(await templateRow('Deploy')).getByText(/·/).textContent).toBe('Read & write · no team access · deploy-{time} · no rotation · copy as Terraform env');
    expect(within(await templateRow('Read-only')).getByText(/·/).textContent).toBe('Read-only · no team access · {purpose}-read-{date} · rotate every 90 days · copy as Key only');
  });

  it('edits both and sends exactly the template with them; the list says so', async () => {
    const fake = setup();
    fireEvent.click(within(await templateRow('CI export')).getByRole('button', { name: 'Edit' }));
    const days = screen.getByLabelText('Rotation period (days)') as HTMLInputElement;
    const format = screen.getByLabelText('Default copy format') as HTMLSelectElement;
    expect(days.value).toBe('90');
    expect(format.value).toBe('key');
    expect([...format.options].map((o) => o.textContent)).toEqual(['Key only', '.env line', 'Shell export', 'Terraform env']);
    expect(document.getElementById(days.getAttribute('aria-describedby')!)!.textContent).toBe('Keys made from this template are due for rotation after this many days. 0: never. Default: 90.');
    type(days, '30');
    fireEvent.change(format, { target: { value: 'dotenv' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save template' }));
    expect(await screen.findByText('Saved “CI export”.')).toBeTruthy();
    expect((saves(fake)[0]!.data as { templates: Template[] }).templates[0]).toEqual({
      id: 'user-a',
      label: 'CI export',
      namePattern: '{purpose}-{date}',
      permission: 'read',
      teams: [],
      description: 'ci export',
      rotationDays: 30,
      copyFormat: 'dotenv',
    });
    expect(within(await templateRow('CI export')).getByText(/·/).textContent).toBe('Read-only · no team access · {purpose}-{date} · rotate every 30 days · copy as .env line');
  });

  it('a template saved with both fields at their defaults gains no such keys; one that set them keeps them', async () => {
    const set90 = { ...MINE2, rotationDays: 90, copyFormat: 'key' as const };
    const fake = setup(routes({ 'templates.list': () => ({ templates: [...BUILTIN_TEMPLATES, MINE, set90] }), 'templates.listUser': () => ({ templates: [MINE, set90] }) }));
    fireEvent.click(within(await templateRow('CI export')).getByRole('button', { name: 'Edit' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save template' }));
    await screen.findByText('Saved “CI export”.');
    const sent = (saves(fake)[0]!.data as { templates: Template[] }).templates;
    expect(sent[0]).toEqual({ id: 'user-a', label: 'CI export', namePattern: '{purpose}-{date}', permission: 'read', teams: [], description: 'ci export' });
    expect(sent[1]).toEqual({ id: 'user-b', label: 'Deploy', namePattern: 'deploy-{time}', permission: 'read-write', teams: [], description: '', rotationDays: 90, copyFormat: 'key' });
    // 0 (never) is a choice, saved as such.
    fireEvent.click(within(await templateRow('CI export')).getByRole('button', { name: 'Edit' }));
    type(screen.getByLabelText('Rotation period (days)'), '0');
    fireEvent.click(screen.getByRole('button', { name: 'Save template' }));
    await waitFor(() => expect(saves(fake)).toHaveLength(2));
    expect((saves(fake)[1]!.data as { templates: Template[] }).templates[0]!.rotationDays).toBe(0);
  });

  it.each([['1.5'], ['-1'], ['3651'], ['']])('a rotation period of "%s" is refused next to the field and nothing is saved', async (value) => {
    const fake = setup();
    fireEvent.click(within(await templateRow('CI export')).getByRole('button', { name: 'Edit' }));
    const days = screen.getByLabelText('Rotation period (days)');
    type(days, value);
    fireEvent.click(screen.getByRole('button', { name: 'Save template' }));
    await waitFor(() => expect(days.getAttribute('aria-invalid')).toBe('true'));
    const [err, help] = days.getAttribute('aria-describedby')!.split(' ');
    expect(document.getElementById(err!)!.textContent).toBe('Rotation period must be whole days from 0 to 3650');
    expect(help).toBe('ed-rotation-help');
    await waitFor(() => expect(document.activeElement).toBe(days));
    expect(saves(fake)).toEqual([]);
  });

  it('export and import carry both', async () => {
    const ci = { ...MINE, rotationDays: 30, copyFormat: 'shell' as const };
    const fake = setup(routes({ 'templates.list': () => ({ templates: [...BUILTIN_TEMPLATES, ci] }), 'templates.listUser': () => ({ templates: [ci] }) }));
    await loaded();
    fireEvent.click(screen.getByRole('button', { name: 'Export templates' }));
    const json = fake.download.mock.calls[0]![1] as string;
    expect(JSON.parse(json).templates).toEqual([{ id: 'user-a', label: 'CI export', namePattern: '{purpose}-{date}', permission: 'read', teams: [], description: 'ci export', rotationDays: 30, copyFormat: 'shell' }]);
    const imported = JSON.stringify([{ ...JSON.parse(json).templates[0], id: 'user-z', label: 'Nightly', rotationDays: 7, copyFormat: 'terraform' }]);
    fireEvent.change(screen.getByLabelText('Import templates'), { target: { files: [new File([imported], 't.json')] } });
    expect(await screen.findByText('Imported 1 template.')).toBeTruthy();
    expect((saves(fake)[0]!.data as { templates: Template[] }).templates[1]).toEqual({
      id: 'user-z',
      label: 'Nightly',
      namePattern: '{purpose}-{date}',
      permission: 'read',
      teams: [],
      description: 'ci export',
      rotationDays: 7,
      copyFormat: 'terraform',
    });
  });
});

describe('options: limits, wording, focus', () => {
  it('Escape closes the template editor and puts the focus back on the button that opened it', async () => {
    setup();
    const dup = within(await templateRow('CI export')).getByRole('button', { name: 'Duplicate CI export' });
    dup.focus();
    fireEvent.click(dup);
    const label = screen.getByLabelText('Label');
    await waitFor(() => expect(document.activeElement).toBe(label));
    fireEvent.keyDown(label, { key: 'Escape' });
    expect(screen.queryByLabelText('Label')).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(dup));
  });

  it('spells out bidi controls in template labels', async () => {
    const sneaky = { ...MINE, label: 'CI\u202Etropxe\u2069' };
    setup(routes({ 'templates.list': () => ({ templates: [...BUILTIN_TEMPLATES, sneaky] }), 'templates.listUser': () => ({ templates: [sneaky] }) }));
    const row = await templateRow('CI⟨U+202E⟩tropxe⟨U+2069⟩');
    expect(within(row).getByRole('button', { name: 'Duplicate CI⟨U+202E⟩tropxe⟨U+2069⟩' })).toBeTruthy();
  });

  it('import: "Imported 1 template." and at most 100 own templates, checked before sending', async () => {
    const fake = setup();
    await loaded();
    const input = screen.getByLabelText('Import templates') as HTMLInputElement;
    const many = Array.from({ length: 99 }, (_, i) => ({ ...MINE, id: `user-n${i}`, label: `T${i}`, source: undefined }));
    fireEvent.change(input, { target: { files: [new File([JSON.stringify(many)], 'many.json')] } });
    expect((await screen.findByRole('alert')).textContent).toContain('You can keep at most 100 templates of your own; with this file you would have 101. Nothing was imported.');
    expect(saves(fake)).toEqual([]);
    fireEvent.change(input, { target: { files: [new File([JSON.stringify([{ ...MINE, id: 'user-one', label: 'One', source: undefined }])], 'one.json')] } });
    expect(await screen.findByText('Imported 1 template.')).toBeTruthy();
  });

  it('a refused request (INVALID_REQUEST) reads as a sentence, not a validation summary', async () => {
    setup(
      routes({
        'templates.saveUser': () => {
          throw new ProtocolError('INVALID_REQUEST', 'Invalid "templates.saveUser": × Invalid length: Expected <=100 but received 101\n  → at templates');
        },
      }),
    );
    fireEvent.click(within(await templateRow('CI export')).getByRole('button', { name: 'Duplicate CI export' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save template' }));
    expect(
      await screen.findByText('Could not save templates: The extension refused this request: Invalid length: Expected <=100 but received 101 (templates)'),
    ).toBeTruthy();
  });

  it('settings: "Settings saved." disappears on the next edit and on a failed save', async () => {
    setup();
    const lock = await screen.findByLabelText('Auto-lock after (minutes)');
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText('Settings saved.')).toBeTruthy();
    type(lock, '7');
    expect(screen.queryByText('Settings saved.')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText('Settings saved.')).toBeTruthy();
    fireEvent.click(screen.getByRole('checkbox', { name: 'Capture new keys automatically' }));
    expect(screen.queryByText('Settings saved.')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText('Settings saved.')).toBeTruthy();
    // A save that fails validation without an edit first (e.g. the field was changed by the browser's spinner).
    fireEvent.input(lock, { target: { value: '99999' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText('Enter a whole number from 0 to 1440.')).toBeTruthy();
    expect(screen.queryByText('Settings saved.')).toBeNull();
  });

  it('backup: a too large, non-JSON or unusable file gets a clear message; "Added 1 key, skipped 0 duplicates."', async () => {
    let answer: () => { added: number; skipped: number } = () => {
      throw new ProtocolError('BAD_BACKUP', 'This is not a usable Cloudcraft Key Helper backup: vault.version: Invalid key: Expected "version" but received undefined. Nothing was imported.');
    };
    const fake = setup(routes({ 'backup.import': () => answer() }));
    const file = await screen.findByLabelText('Backup file');
    type(screen.getByLabelText('Backup passphrase'), 'old passphrase here');
    expect(screen.getByLabelText('Backup passphrase').getAttribute('maxlength')).toBe('1024');
    const big = new File(['{}'], 'big.json');
    Object.defineProperty(big, 'size', { value: 20_000_001 });
    fireEvent.change(file, { target: { files: [big] } });
    fireEvent.click(screen.getByRole('button', { name: 'Restore backup' }));
    expect(await screen.findByText('This file is too large for a backup (at most 20 MB).')).toBeTruthy();
    fireEvent.change(file, { target: { files: [new File(['{oops'], 'b.json')] } });
    fireEvent.click(screen.getByRole('button', { name: 'Restore backup' }));
    expect(await screen.findByText('This file is not a Cloudcraft Key Helper backup (it is not JSON). Nothing was imported.')).toBeTruthy();
    expect(fake.typesSent()).not.toContain('backup.import');
    fireEvent.change(file, { target: { files: [new File(['{"vault":{}}'], 'b.json')] } });
    fireEvent.click(screen.getByRole('button', { name: 'Restore backup' }));
    expect(
      await screen.findByText('This file is not a usable Cloudcraft Key Helper backup (damaged, edited, or from another version). Nothing was imported.'),
    ).toBeTruthy();
    answer = () => ({ added: 1, skipped: 0 });
    type(screen.getByLabelText('Backup passphrase'), 'old passphrase here');
    fireEvent.click(screen.getByRole('button', { name: 'Restore backup' }));
    expect(await screen.findByText('Added 1 key, skipped 0 duplicates.')).toBeTruthy();
  });

  it('changing the passphrase of a locked vault says that the vault is now unlocked', async () => {
    setup(routes({ 'vault.status': () => ({ state: 'locked', keyCount: 1 }), 'vault.changePassphrase': () => ({ state: 'unlocked' }) }));
    const current = await screen.findByLabelText('Current passphrase');
    expect(current.getAttribute('maxlength')).toBe('1024');
    type(current, 'old one');
    type(screen.getByLabelText('New passphrase'), 'a much longer new passphrase');
    type(screen.getByLabelText('Confirm new passphrase'), 'a much longer new passphrase');
    fireEvent.click(screen.getByRole('button', { name: 'Change passphrase' }));
    expect(await screen.findByText('Passphrase changed, and the vault key rotated. The vault is now unlocked. Backups made before still open with the old passphrase.')).toBeTruthy();
  });
});

describe('options: settings, backup, passphrase', () => {
  it('validates and saves settings', async () => {
    const fake = setup();
    const lock = await screen.findByLabelText('Auto-lock after (minutes)');
    type(lock, '-1');
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText('Enter a whole number from 0 to 1440.')).toBeTruthy();
    expect(fake.typesSent()).not.toContain('settings.set');
    type(lock, '5');
    type(screen.getByLabelText('Clear clipboard after (seconds)'), '0');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Capture new keys automatically' }));
    // Verification at capture is on for settings saved before it existed; turning it off is saved.
    const verify = screen.getByRole('checkbox', { name: 'Check every captured key with Cloudcraft' }) as HTMLInputElement;
    expect(verify.checked).toBe(true);
    fireEvent.click(verify);
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText('Settings saved.')).toBeTruthy();
    expect(fake.requests).toContainEqual({
      type: 'settings.set',
      data: { settings: { autoLockMinutes: 5, clipboardClearSeconds: 0, autoCapture: false, verifyOnCapture: false, clipboardClearOnlyIfUnchanged: false, lockOnScreenLock: true } },
    });
  });

  it('turns on "clear only if unchanged" only when the clipboardRead permission is granted', async () => {
    const fake = setup();
    const box = (await screen.findByRole('checkbox', { name: 'Clear the clipboard only if it still holds the key' })) as HTMLInputElement;
    fireEvent.click(box);
    await waitFor(() => expect(box.checked).toBe(true));
    expect(fake.setClipboardRead).toHaveBeenCalledWith(true);
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText('Settings saved.')).toBeTruthy();
    expect(fake.requests.filter((r) => r.type === 'settings.set').at(-1)).toEqual({
      type: 'settings.set',
      data: { settings: { autoLockMinutes: 15, clipboardClearSeconds: 30, autoCapture: true, verifyOnCapture: true, clipboardClearOnlyIfUnchanged: true, lockOnScreenLock: true } },
    });
  });

  it('leaves "clear only if unchanged" off and says why when the permission is refused', async () => {
    const fake = setup(undefined, { clipboardReadGranted: false });
    const box = (await screen.findByRole('checkbox', { name: 'Clear the clipboard only if it still holds the key' })) as HTMLInputElement;
    fireEvent.click(box);
    expect(await screen.findByText('Not turned on: the browser did not grant permission to read the clipboard.')).toBeTruthy();
    expect(box.checked).toBe(false);
    expect(fake.typesSent()).not.toContain('settings.set');
  });

  it('exports and restores a vault backup', async () => {
    const fake = setup(
      routes({
        'backup.export': () => ({ fileName: 'cloudcraft-keys-2026-11-29.json', json: '{"v":1}' }),
        'backup.import': () => ({ added: 3, skipped: 1 }),
      }),
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Export backup' }));
    await screen.findByText('Saved cloudcraft-keys-2026-11-29.json.');
    expect(fake.download).toHaveBeenCalledWith('cloudcraft-keys-2026-11-29.json', '{"v":1}');
    fireEvent.change(screen.getByLabelText('Backup file'), { target: { files: [new File(['{"backup":true}'], 'b.json')] } });
    type(screen.getByLabelText('Backup passphrase'), 'old passphrase here');
    fireEvent.click(screen.getByRole('button', { name: 'Restore backup' }));
    expect(await screen.findByText('Added 3 keys, skipped 1 duplicate.')).toBeTruthy();
    expect(fake.requests).toContainEqual({ type: 'backup.import', data: { json: '{"backup":true}', passphrase: 'old passphrase here' } });
  });

  it('changes the passphrase; a wrong current one is reported on its field', async () => {
    let calls = 0;
    const fake = setup(
      routes({
        'vault.changePassphrase': () => {
          if (calls++ === 0) throw new ProtocolError('WRONG_PASSPHRASE', 'Wrong passphrase');
          return { state: 'unlocked' };
        },
      }),
    );
    const current = await screen.findByLabelText('Current passphrase');
    type(current, 'old one');
    type(screen.getByLabelText('New passphrase'), 'a much longer new passphrase');
    type(screen.getByLabelText('Confirm new passphrase'), 'a much longer new passphrase!');
    fireEvent.click(screen.getByRole('button', { name: 'Change passphrase' }));
    expect(await screen.findByText('The passphrases do not match.')).toBeTruthy();
    expect(fake.typesSent()).not.toContain('vault.changePassphrase');
    type(screen.getByLabelText('Confirm new passphrase'), 'a much longer new passphrase');
    fireEvent.click(screen.getByRole('button', { name: 'Change passphrase' }));
    expect(await screen.findByText('Wrong passphrase.')).toBeTruthy();
    expect(current.getAttribute('aria-invalid')).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: 'Change passphrase' }));
    expect(await screen.findByText('Passphrase changed, and the vault key rotated. Backups made before still open with the old passphrase.')).toBeTruthy();
    expect(fake.requests.filter((r) => r.type === 'vault.changePassphrase').at(-1)).toEqual({
      type: 'vault.changePassphrase',
      data: { current: 'old one', next: 'a much longer new passphrase' },
    });
  });

  it('refuses a guessable new passphrase with zxcvbn\'s reasons, and sends nothing', async () => {
    const fake = setup(routes({ 'vault.changePassphrase': () => ({ state: 'unlocked' }) }));
    type(await screen.findByLabelText('Current passphrase'), 'old one');
    type(screen.getByLabelText('New passphrase'), 'qwertyuiop12');
    type(screen.getByLabelText('Confirm new passphrase'), 'qwertyuiop12');
    fireEvent.click(screen.getByRole('button', { name: 'Change passphrase' }));
    expect(await screen.findByText(/^Too easy to guess: /)).toBeTruthy();
    expect(screen.getByLabelText('New passphrase').getAttribute('aria-invalid')).toBe('true');
    expect(fake.typesSent()).not.toContain('vault.changePassphrase');
  });

  it('"Rotate vault key" asks for the passphrase, says older backups still open with it, and reports a wrong one on its field', async () => {
    let calls = 0;
    const fake = setup(
      routes({
        'vault.rotateKey': () => {
          if (calls++ === 0) throw new ProtocolError('WRONG_PASSPHRASE', 'Wrong passphrase.');
          return { state: 'unlocked' };
        },
      }),
    );
    const section = (await screen.findByRole('heading', { name: 'Vault key' })).closest('section')!;
    expect(within(section).getByText(/backups you exported earlier still open with the passphrase they were made with/)).toBeTruthy();
    fireEvent.click(within(section).getByRole('button', { name: 'Rotate vault key' }));
    expect(await within(section).findByText('Enter the passphrase.')).toBeTruthy();
    expect(fake.typesSent()).not.toContain('vault.rotateKey');
    const pass = within(section).getByLabelText('Passphrase');
    type(pass, 'the wrong one');
    fireEvent.click(within(section).getByRole('button', { name: 'Rotate vault key' }));
    expect(await within(section).findByText('Wrong passphrase.')).toBeTruthy();
    expect(pass.getAttribute('aria-invalid')).toBe('true');
    type(pass, 'correct horse battery staple');
    fireEvent.click(within(section).getByRole('button', { name: 'Rotate vault key' }));
    expect(await within(section).findByText('Vault key rotated. Backups made before still open with their passphrase, and hold only the keys they held.')).toBeTruthy();
    expect(fake.requests.filter((r) => r.type === 'vault.rotateKey')).toEqual([
      { type: 'vault.rotateKey', data: { passphrase: 'the wrong one' } },
      { type: 'vault.rotateKey', data: { passphrase: 'correct horse battery staple' } },
    ]);
    expect((pass as HTMLInputElement).value).toBe('');
  });

  it('"Lock the vault when the screen locks" is on by default and saved as set', async () => {
    const fake = setup();
    const box = (await screen.findByRole('checkbox', { name: 'Lock the vault when the screen locks' })) as HTMLInputElement;
    expect(box.checked).toBe(true);
    fireEvent.click(box);
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText('Settings saved.')).toBeTruthy();
    expect(fake.requests.filter((r) => r.type === 'settings.set').at(-1)?.data).toMatchObject({ settings: { lockOnScreenLock: false } });
  });
});
