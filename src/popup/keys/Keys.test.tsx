// @vitest-environment happy-dom
/**
 * The stored keys' lifecycle in the popup, against the real Popup with a fake transport (the exact
 * requests it sends, real-shaped answers): rotation step by step, deleting the old key only after
 * a copy and a confirmation, reconciling with Cloudcraft's list, search and sort, notes, revoked
 * keys, Undo, copy formats, the pin tip and "Open Cloudcraft".
 */
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { computeAccessibleName } from 'dom-accessibility-api';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeleteResult, KeyMeta, PageState, Settings } from '../../shared/protocol';
import { BUILTIN_TEMPLATES, type Template } from '../../shared/templates';
import { axeViolations, fakeExtension, renderWith, type Routes, type TabRoutes } from '../../ui/testing';
import { Popup } from '../Popup';

afterEach(cleanup);

const NOW = new Date(2026, 10, 29, 12, 0);
const DAY = 86_400_000;
const CC_TAB = { id: 7, url: 'https://app.cloudcraft.co/' };
const SETTINGS: Settings = { autoLockMinutes: 15, clipboardClearSeconds: 30, autoCapture: true };
const SECRET = 'Ab+/0123456789abcdefghijklmnopqrstuvwxyzAB==';

function key(over: Partial<KeyMeta> & Pick<KeyMeta, 'id' | 'name'>): KeyMeta {
  return {
    permission: 'read',
    teams: [],
    templateId: 'builtin-read-only',
    templateLabel: 'Read-only',
    createdAt: NOW.getTime() - 9 * DAY,
    lastCopiedAt: null,
    verification: 'verified',
    note: '',
    revokedAt: null,
    rotatedFrom: null,
    ...over,
  };
}

/** A vault with `keys`, answering the list, copies and marks as the service worker would. */
function vault(initial: KeyMeta[], templates: Template[] = [...BUILTIN_TEMPLATES], extra: Routes = {}) {
  let keys = initial.map((k) => ({ ...k }));
  const update = (id: string, f: (k: KeyMeta) => KeyMeta) => {
    keys = keys.map((k) => (k.id === id ? f(k) : k));
    return { key: keys.find((k) => k.id === id)! };
  };
  const routes: Routes = {
    'vault.touch': () => ({ state: 'unlocked' }),
    'vault.status': () => ({ state: 'unlocked', keyCount: keys.length }),
    'settings.get': () => ({ settings: SETTINGS }),
    'templates.list': () => ({ templates }),
    'keys.list': () => ({ keys: keys.map((k) => ({ ...k })), broken: [] }),
    'keys.reveal': () => ({ secret: SECRET }),
    'clipboard.scheduleClear': (d) => ({ clearsAt: NOW.getTime() + d.delaySeconds * 1000 }),
    'keys.markCopied': (d) => update(d.id, (k) => ({ ...k, lastCopiedAt: NOW.getTime() })),
    'keys.setRevoked': (d) => update(d.id, (k) => ({ ...k, revokedAt: d.revoked ? NOW.getTime() : null })),
    'keys.setNote': (d) => update(d.id, (k) => ({ ...k, note: d.note })),
    'keys.delete': (d) => {
      const gone = keys.find((k) => k.id === d.id)!;
      keys = keys.filter((k) => k.id !== d.id);
      return { removed: { id: gone.id, sealed: 'opaque' } };
    },
    'keys.restore': (d) => {
      const back = initial.find((k) => k.id === d.record['id'])!;
      keys = [...keys, back];
      return { key: back };
    },
    ...extra,
  };
  return { routes, add: (k: KeyMeta) => void (keys = [...keys, k]), keys: () => keys };
}

const OLD = key({ id: 'old', name: 'automation-read-2026-08-20', createdAt: NOW.getTime() - 101 * DAY });
/** OLD's replacement, made and already copied: the box offers to delete OLD in Cloudcraft. */
const NEXT = key({ id: 'new', name: 'automation-read-2026-11-29', createdAt: NOW.getTime(), rotatedFrom: 'old', lastCopiedAt: NOW.getTime() });

/**
 * The popup on Cloudcraft's keys list (listing `listed`) with OLD replaced by NEXT, NEXT copied, and
 * `answer` as the page's reply to page.deleteKey; once the box's "Delete old key in Cloudcraft" is enabled.
 */
async function pendingDelete(listed: Array<{ name: string; created: string }>, answer: DeleteResult) {
  const v = vault([OLD, NEXT]);
  const fake = fakeExtension({
    now: NOW,
    routes: v.routes,
    activeTab: CC_TAB,
    tabRoutes: {
      'page.getState': () => ({ kind: 'keys-list', listed, existingNames: listed.map((l) => l.name) }),
      'page.deleteKey': () => answer,
    },
  });
  renderWith(fake.services, <Popup />);
  const box = await screen.findByLabelText(`Rotating "${OLD.name}"`);
  const del = await within(box).findByRole('button', { name: 'Delete old key in Cloudcraft' });
  await waitFor(() => expect(del.hasAttribute('disabled')).toBe(false));
  return { v, fake, box, del };
}

/** The stored key's row: the list item named by the key's name. */
async function rowOf(name: string) {
  const list = await screen.findByRole('list', { name: 'Stored keys' });
  return within(list).findByRole('listitem', { name });
}

describe('popup: rotation', () => {
  it('on Cloudcraft\'s keys list: creates the new key from the old key\'s template, waits for its capture, and offers Copy before any delete', async () => {
    const v = vault([OLD]);
    let state: PageState = { kind: 'keys-list', listed: [{ name: OLD.name, created: '2026-08-20' }], existingNames: [OLD.name, 'automation-read-2026-11-29'] };
    const fake = fakeExtension({
      now: NOW,
      routes: v.routes,
      activeTab: CC_TAB,
      tabRoutes: {
        'page.getState': () => state,
        'page.apply': () => ({ ok: true, saved: true, fields: [{ field: 'save', status: 'set', detail: '' }] }),
      },
    });
    renderWith(fake.services, <Popup />);
    const row = await rowOf(OLD.name);
    // 101 days old, 90-day period: due first, with the words.
    expect(row.className).toBe('due');
    expect(within(row).getByText('Rotation overdue by 11 days')).toBeTruthy();
    fireEvent.click(within(row).getByRole('button', { name: 'Rotate' }));
    expect(await screen.findByText('Saved in Cloudcraft: waiting for it to show "automation-read-2026-11-29-2"…')).toBeTruthy();
    expect(fake.tabRequests.filter((r) => r.message.type === 'page.apply').map((r) => r.message.data)).toEqual([
      { template: BUILTIN_TEMPLATES[0], name: 'automation-read-2026-11-29-2', save: true, rotatedFrom: 'old' },
    ]);
    expect(within(row).getByRole('button', { name: 'Rotate' }).hasAttribute('disabled')).toBe(true);

    // Cloudcraft shows the new key; the content script captured it (rotatedFrom: the old key).
    const next = key({ id: 'new', name: 'automation-read-2026-11-29-2', createdAt: NOW.getTime(), rotatedFrom: 'old' });
    v.add(next);
    state = { kind: 'secret-shown', existingNames: [OLD.name], capture: { status: 'captured', name: next.name, hint: 'Ab+/…AB==', length: 44, verification: 'verified', at: Date.now() + 1000 } };
    const ready = await screen.findByText('New key ready: "automation-read-2026-11-29-2". Copy it to where the old one is used.', {}, { timeout: 3000 });
    const box = ready.closest('section')!;
    expect(box.getAttribute('aria-label')).toBe(`Rotating "${OLD.name}"`);
    expect(within(box).getByText('Copy the new key first; then you can delete the old one in Cloudcraft.')).toBeTruthy();
    expect(within(box).queryByRole('button', { name: 'Delete old key in Cloudcraft' })).toBeNull();

    fireEvent.click(within(box).getByRole('button', { name: 'Copy' }));
    expect(await within(box).findByText('Copied the key — clears in 30 s')).toBeTruthy();
    expect(fake.clipboard).toHaveBeenCalledWith(SECRET);
    // Copied, but Cloudcraft still shows the new key: Done first.
    const del = await within(box).findByRole('button', { name: 'Delete old key in Cloudcraft' });
    expect(del.hasAttribute('disabled')).toBe(true);
    expect(within(box).getByText("Close the new key's view in Cloudcraft (its Done or OK button) to go back to the keys list, then open this popup again to delete the old key.")).toBeTruthy();
    expect(fake.tabRequests.some((r) => r.message.type === 'page.deleteKey')).toBe(false);
  });

  it('deletes the old key in Cloudcraft only after the popup\'s confirmation naming it, then marks it revoked', async () => {
    const steps = ['Found "automation-read-2026-08-20" (created 2026-08-20) in Cloudcraft\'s list.', 'Clicked "Delete".', 'Confirmed with "Delete".', 'The key is no longer in Cloudcraft\'s list: deleted.'];
    const { v, fake, box, del } = await pendingDelete(
      [
        { name: OLD.name, created: '2026-08-20' },
        { name: NEXT.name, created: '2026-11-29' },
      ],
      { deleted: true, steps },
    );
    fireEvent.click(del);
    const dialog = within(box).getByRole('alertdialog', { name: 'Delete "automation-read-2026-08-20" (created 2026-08-20) in Cloudcraft?' });
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(fake.tabRequests.some((r) => r.message.type === 'page.deleteKey')).toBe(false);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete' }));
    const done = (await screen.findByText('Done: "automation-read-2026-08-20" is deleted in Cloudcraft and marked revoked here.')).closest('section')!;
    expect(within(done).getAllByRole('listitem').map((li) => li.textContent)).toEqual([...steps, 'Done: "automation-read-2026-08-20" is deleted in Cloudcraft and marked revoked here.']);
    expect(screen.queryByRole('button', { name: 'Delete old key in Cloudcraft' })).toBeNull();
    expect(fake.tabRequests.filter((r) => r.message.type === 'page.deleteKey').map((r) => r.message.data)).toEqual([{ name: OLD.name, createdAt: OLD.createdAt }]);
    expect(fake.requests.filter((r) => r.type === 'keys.setRevoked').map((r) => r.data)).toEqual([{ id: 'old', revoked: true }]);
    expect(v.keys().find((k) => k.id === 'old')!.revokedAt).toBe(NOW.getTime());
    // Cloudcraft's list changed: the popup reads the tab again (the comparison must not use the old list).
    const lastDelete = fake.tabRequests.findIndex((r) => r.message.type === 'page.deleteKey');
    expect(fake.tabRequests.slice(lastDelete + 1).some((r) => r.message.type === 'page.getState')).toBe(true);
    // The old key stays, greyed and marked, without Copy or Rotate.
    const oldRow = await rowOf(OLD.name);
    expect(oldRow.className).toBe('revoked');
    expect(within(oldRow).getByText('Revoked')).toBeTruthy();
    expect(within(oldRow).queryByRole('button', { name: 'Copy' })).toBeNull();
    expect(within(oldRow).queryByRole('button', { name: 'Rotate' })).toBeNull();
    fireEvent.click(within(done).getByRole('button', { name: 'Close' }));
    expect(screen.queryByText(/^Done: /)).toBeNull();
  });

  it('a page that differs: the content script\'s sentences, nothing marked revoked', async () => {
    const steps = ['Cloudcraft lists 2 keys named "automation-read-2026-08-20" (created 2026-08-20, 2026-08-20): it cannot tell which one is this key. Nothing was deleted.'];
    const { v, fake, box, del } = await pendingDelete([], { deleted: false, steps });
    fireEvent.click(del);
    fireEvent.click(within(within(box).getByRole('alertdialog')).getByRole('button', { name: 'Delete' }));
    expect((await within(box).findByRole('alert')).textContent).toBe(steps[0]);
    expect(fake.typesSent()).not.toContain('keys.setRevoked');
    expect(v.keys().find((k) => k.id === 'old')!.revokedAt).toBeNull();
  });

  it('the old key already deleted in Cloudcraft by hand: nothing deleted, and the box offers to mark it revoked', async () => {
    const steps = ['No key named "automation-read-2026-08-20" in Cloudcraft\'s list (it lists: "automation-read-2026-11-29"). Nothing was deleted.'];
    const { fake, box, del } = await pendingDelete([{ name: NEXT.name, created: '2026-11-29' }], { deleted: false, steps, notListed: true });
    fireEvent.click(del);
    fireEvent.click(within(within(box).getByRole('alertdialog')).getByRole('button', { name: 'Delete' }));
    expect((await within(box).findByRole('alert')).textContent).toBe(steps[0]);
    fireEvent.click(within(box).getByRole('button', { name: 'Mark "automation-read-2026-08-20" revoked here' }));
    const done = (await screen.findByText('"automation-read-2026-08-20" is marked revoked here (Cloudcraft no longer lists it).')).closest('section')!;
    expect(within(done).getAllByRole('listitem').map((li) => li.textContent)).toEqual([...steps, '"automation-read-2026-08-20" is marked revoked here (Cloudcraft no longer lists it).']);
    expect(fake.requests.filter((r) => r.type === 'keys.setRevoked').map((r) => r.data)).toEqual([{ id: 'old', revoked: true }]);
    expect((await rowOf(OLD.name)).className).toBe('revoked');
  });

  it('a key whose replacement is waiting cannot be rotated again', async () => {
    const next = key({ id: 'new', name: 'automation-read-2026-11-29', createdAt: NOW.getTime(), rotatedFrom: 'old' });
    const fake = fakeExtension({ now: NOW, routes: vault([OLD, next]).routes, activeTab: CC_TAB, tabRoutes: { 'page.getState': () => ({ kind: 'keys-list', listed: [], existingNames: [] }) } });
    renderWith(fake.services, <Popup />);
    await screen.findByLabelText(`Rotating "${OLD.name}"`);
    expect(within(await rowOf(OLD.name)).getByRole('button', { name: 'Rotate' }).hasAttribute('disabled')).toBe(true);
    expect(within(await rowOf(next.name)).getByRole('button', { name: 'Rotate' }).hasAttribute('disabled')).toBe(false);
  });

  it('when Cloudcraft\'s form cannot be filled: the fill report, and no new key', async () => {
    const v = vault([OLD]);
    const fake = fakeExtension({
      now: NOW,
      routes: v.routes,
      activeTab: CC_TAB,
      tabRoutes: {
        'page.getState': () => ({ kind: 'create-form', existingNames: [] }),
        'page.apply': () => ({ ok: false, saved: false, fields: [{ field: 'permission', status: 'failed', detail: 'Permission: the list offers "Viewer", "Editor"; none is read-only.' }] }),
      },
    });
    renderWith(fake.services, <Popup />);
    fireEvent.click(within(await rowOf(OLD.name)).getByRole('button', { name: 'Rotate' }));
    const box = await screen.findByLabelText(`Rotating "${OLD.name}"`);
    expect((await within(box).findByRole('alert')).textContent).toBe('Permission: the list offers "Viewer", "Editor"; none is read-only.No new key was created; the old key was left as it is.');
    expect(within(box).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Permission: the list offers "Viewer", "Editor"; none is read-only.',
      'No new key was created; the old key was left as it is.',
    ]);
    fireEvent.click(within(box).getByRole('button', { name: 'Close' }));
    expect(screen.queryByLabelText(`Rotating "${OLD.name}"`)).toBeNull();
  });

  it('away from Cloudcraft\'s keys UI: says where to go; "Create new key" waits for it', async () => {
    const v = vault([OLD]);
    const fake = fakeExtension({ now: NOW, routes: v.routes, activeTab: CC_TAB, tabRoutes: { 'page.getState': () => ({ kind: 'no-ui' }) } });
    renderWith(fake.services, <Popup />);
    fireEvent.click(within(await rowOf(OLD.name)).getByRole('button', { name: 'Rotate' }));
    const box = await screen.findByLabelText(`Rotating "${OLD.name}"`);
    expect(within(box).getByText('Open User > API keys in Cloudcraft first (a click in the page closes this popup), then open this popup again and press Rotate: it creates "automation-read-2026-11-29" with the same access.')).toBeTruthy();
    expect(within(box).getByRole('button', { name: 'Create new key' }).hasAttribute('disabled')).toBe(true);
    expect(fake.tabRequests.some((r) => r.message.type === 'page.apply')).toBe(false);
  });
});

describe('popup: reconcile with Cloudcraft\'s list', () => {
  it('names keys made elsewhere and keys Cloudcraft no longer lists; "Mark revoked" marks one', async () => {
    const kept = key({ id: 'kept', name: 'ci-read', createdAt: new Date(2026, 10, 20, 9).getTime() });
    const gone = key({ id: 'gone', name: 'old-deploy', createdAt: new Date(2026, 9, 1, 9).getTime() });
    const v = vault([kept, gone]);
    const listed = [
      { name: 'ci-read', created: '2026-11-20' },
      { name: 'made-by-hand', created: '2026-06-01' },
    ];
    const fake = fakeExtension({ now: NOW, routes: v.routes, activeTab: CC_TAB, tabRoutes: { 'page.getState': () => ({ kind: 'keys-list', listed, existingNames: listed.map((l) => l.name) }) } });
    renderWith(fake.services, <Popup />);
    const summary = await screen.findByText("Cloudcraft's list: 1 not in your vault · 1 no longer in Cloudcraft");
    fireEvent.click(summary);
    const details = summary.closest('details')!;
    expect(within(details).getByText('In Cloudcraft but not in your vault')).toBeTruthy();
    expect(within(details).getByText('made-by-hand (created 2026-06-01)')).toBeTruthy();
    expect(within(details).getByText('In your vault but no longer in Cloudcraft')).toBeTruthy();
    expect(within(details).queryByText(/ci-read/)).toBeNull();
    fireEvent.click(within(details).getByRole('button', { name: 'Mark old-deploy revoked' }));
    await waitFor(() => expect(fake.requests.filter((r) => r.type === 'keys.setRevoked').map((r) => r.data)).toEqual([{ id: 'gone', revoked: true }]));
    expect(await screen.findByText("Cloudcraft's list: 1 not in your vault")).toBeTruthy();
    expect((await rowOf('old-deploy')).className).toBe('revoked');
  });

  it('says when every listed key is stored, and says nothing of an empty list', async () => {
    const kept = key({ id: 'kept', name: 'ci-read', createdAt: new Date(2026, 10, 20, 9).getTime() });
    let listed = [{ name: 'ci-read', created: '2026-11-20' }];
    const fake = fakeExtension({ now: NOW, routes: vault([kept]).routes, activeTab: CC_TAB, tabRoutes: { 'page.getState': () => ({ kind: 'keys-list', listed, existingNames: [] }) } });
    renderWith(fake.services, <Popup />);
    expect(await screen.findByText("Cloudcraft's list: all 1 keys are in your vault")).toBeTruthy();
    cleanup();
    listed = [];
    renderWith(fake.services, <Popup />);
    await rowOf('ci-read');
    await screen.findByText("Cloudcraft's API keys list is open: Apply opens the create form and fills it.");
    expect(screen.queryByText(/Cloudcraft's list:/)).toBeNull();
  });
});

describe('popup: finding keys, notes, Undo, copy formats', () => {
  const many = [
    key({ id: 'a', name: 'zeta-deploy', createdAt: NOW.getTime() - 3 * DAY, note: 'used by: deploy pipeline' }),
    key({ id: 'b', name: 'alpha-ci', createdAt: NOW.getTime() - 1 * DAY }),
    key({ id: 'c', name: 'mid-dash', createdAt: NOW.getTime() - 95 * DAY }),
    key({ id: 'd', name: 'beta-eng', createdAt: NOW.getTime() - 2 * DAY, teams: [{ team: 'Engineering', access: 'on' }] }),
    key({ id: 'e', name: 'gamma', createdAt: NOW.getTime() - 5 * DAY }),
    key({ id: 'f', name: 'delta', createdAt: NOW.getTime() - 4 * DAY }),
  ];
  const names = () => within(screen.getByRole('list', { name: 'Stored keys' })).getAllByRole('listitem').map((li) => computeAccessibleName(li));

  it('more than 5 keys: search by name, team or note, and sort (due first, newest, name)', async () => {
    const fake = fakeExtension({ now: NOW, routes: vault(many).routes, activeTab: null });
    renderWith(fake.services, <Popup />);
    await rowOf('alpha-ci');
    // Due first: mid-dash is overdue; then the nearest due dates (90-day period: the oldest).
    expect(names()).toEqual(['mid-dash', 'gamma', 'delta', 'zeta-deploy', 'beta-eng', 'alpha-ci']);
    const sort = screen.getByLabelText('Sort') as HTMLSelectElement;
    fireEvent.change(sort, { target: { value: 'name' } });
    expect(names()).toEqual(['alpha-ci', 'beta-eng', 'delta', 'gamma', 'mid-dash', 'zeta-deploy']);
    fireEvent.change(sort, { target: { value: 'newest' } });
    expect(names()).toEqual(['alpha-ci', 'beta-eng', 'zeta-deploy', 'delta', 'gamma', 'mid-dash']);
    const search = screen.getByLabelText('Search');
    fireEvent.input(search, { target: { value: 'pipeline' } });
    expect(names()).toEqual(['zeta-deploy']);
    fireEvent.input(search, { target: { value: 'engineering' } });
    expect(names()).toEqual(['beta-eng']);
    fireEvent.input(search, { target: { value: 'nothing-like-it' } });
    expect(screen.getByText('No stored key matches "nothing-like-it".')).toBeTruthy();
    expect(screen.queryByRole('list', { name: 'Stored keys' })).toBeNull();
  });

  it('5 keys or fewer: no search box', async () => {
    renderWith(fakeExtension({ now: NOW, routes: vault(many.slice(0, 5)).routes, activeTab: null }).services, <Popup />);
    await rowOf('alpha-ci');
    expect(screen.queryByLabelText('Search')).toBeNull();
  });

  it('a note: added from the ⋯ menu, saved with the exact text, shown on the row', async () => {
    const fake = fakeExtension({ now: NOW, routes: vault([many[1]!]).routes, activeTab: null });
    renderWith(fake.services, <Popup />);
    const row = await rowOf('alpha-ci');
    fireEvent.click(within(row).getByRole('button', { name: 'More actions for alpha-ci' }));
    fireEvent.click(within(screen.getByRole('menu')).getByRole('menuitem', { name: 'Add note' }));
    const note = within(row).getByLabelText('Note');
    expect(document.activeElement).toBe(note);
    fireEvent.input(note, { target: { value: '  used by: nightly export  ' } });
    fireEvent.click(within(row).getByRole('button', { name: 'Save note' }));
    expect(await within(row).findByText('Note: used by: nightly export')).toBeTruthy();
    expect(fake.requests.filter((r) => r.type === 'keys.setNote').map((r) => r.data)).toEqual([{ id: 'b', note: 'used by: nightly export' }]);
  });

  it('Delete from the vault offers Undo, which puts back the very record', async () => {
    const fake = fakeExtension({ now: NOW, routes: vault([many[1]!]).routes, activeTab: null });
    renderWith(fake.services, <Popup />);
    const row = await rowOf('alpha-ci');
    fireEvent.click(within(row).getByRole('button', { name: 'More actions for alpha-ci' }));
    fireEvent.click(within(screen.getByRole('menu')).getByRole('menuitem', { name: 'Delete' }));
    const dialog = within(row).getByRole('alertdialog', { name: 'Delete "alpha-ci" from your vault?' });
    expect(within(dialog).getByText('The key stays valid in Cloudcraft until you revoke it there.')).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete' }));
    expect(await screen.findByText('Deleted "alpha-ci" from your vault.')).toBeTruthy();
    expect(screen.queryByText('alpha-ci')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    expect(await rowOf('alpha-ci')).toBeTruthy();
    expect(fake.requests.filter((r) => r.type === 'keys.restore').map((r) => r.data)).toEqual([{ record: { id: 'b', sealed: 'opaque' } }]);
    expect(screen.queryByRole('button', { name: 'Undo' })).toBeNull();
  });

  it.each([
    ['.env line', `CLOUDCRAFT_API_KEY=${SECRET}`, 'Copied as a .env line — clears in 30 s'],
    ['Shell export', `export CLOUDCRAFT_API_KEY='${SECRET}'`, 'Copied as a shell export — clears in 30 s'],
    ['Terraform env', `export CLOUDCRAFT_APITOKEN='${SECRET}'`, 'Copied as a Terraform env line — clears in 30 s'],
  ])('"Copy as" %s writes exactly that line to the clipboard', async (item, text, status) => {
    const fake = fakeExtension({ now: NOW, routes: vault([many[1]!]).routes, activeTab: null });
    renderWith(fake.services, <Popup />);
    const row = await rowOf('alpha-ci');
    fireEvent.click(within(row).getByRole('button', { name: 'Copy as' }));
    fireEvent.click(within(screen.getByRole('menu')).getByRole('menuitem', { name: item }));
    expect(await within(row).findByText(status)).toBeTruthy();
    expect(fake.clipboard.mock.calls).toEqual([[text]]);
  });

  it('Copy uses the template\'s default copy format', async () => {
    const tpl: Template = { ...BUILTIN_TEMPLATES[0]!, id: 'env-tpl', copyFormat: 'dotenv' };
    const fake = fakeExtension({ now: NOW, routes: vault([key({ id: 'x', name: 'x-key', templateId: 'env-tpl' })], [tpl]).routes, activeTab: null });
    renderWith(fake.services, <Popup />);
    fireEvent.click(within(await rowOf('x-key')).getByRole('button', { name: 'Copy' }));
    await waitFor(() => expect(fake.clipboard.mock.calls).toEqual([[`CLOUDCRAFT_API_KEY=${SECRET}`]]));
  });
});

describe('popup: tips', () => {
  it('away from Cloudcraft: "Open Cloudcraft" opens it', async () => {
    const fake = fakeExtension({ now: NOW, routes: vault([]).routes, activeTab: { id: 1, url: 'https://example.com/' } });
    renderWith(fake.services, <Popup />);
    fireEvent.click(await screen.findByRole('button', { name: 'Open Cloudcraft' }));
    await waitFor(() => expect(fake.openTab.mock.calls).toEqual([['https://app.cloudcraft.co/']]));
  });

  it.each([
    [{ pinned: false, dismissed: false }, true],
    [{ pinned: true, dismissed: false }, false],
    [{ pinned: null, dismissed: false }, false],
    [{ pinned: false, dismissed: true }, false],
  ] as const)('the pin tip, for %j: shown %s; "Got it" dismisses it for good', async (pin, shown) => {
    const fake = fakeExtension({ now: NOW, routes: vault([]).routes, activeTab: null, pin: { ...pin } });
    renderWith(fake.services, <Popup />);
    await screen.findByText('No keys stored yet. Keys you create in Cloudcraft are captured here.');
    await new Promise((r) => setTimeout(r, 20));
    const tip = screen.queryByRole('note');
    expect(tip !== null).toBe(shown);
    if (!tip) return;
    expect(tip.textContent).toContain('Tip: pin Cloudcraft Key Helper to the toolbar');
    fireEvent.click(within(tip).getByRole('button', { name: 'Got it' }));
    expect(screen.queryByRole('note')).toBeNull();
    expect(fake.dismissPinTip).toHaveBeenCalledTimes(1);
  });
});

describe('axe: the lifecycle states', () => {
  it('rotation box, reconcile, search, revoked row, note editor and pin tip have no violations', async () => {
    const revoked = key({ id: 'r', name: 'revoked-one', revokedAt: NOW.getTime() - DAY });
    const others = ['a', 'b', 'c', 'd'].map((id) => key({ id, name: `key-${id}` }));
    const routes: Routes = vault([OLD, NEXT, revoked, ...others]).routes;
    const tabRoutes: TabRoutes = { 'page.getState': () => ({ kind: 'keys-list', listed: [{ name: 'made-by-hand', created: null }], existingNames: ['made-by-hand'] }) };
    renderWith(fakeExtension({ now: NOW, routes, activeTab: CC_TAB, tabRoutes, pin: { pinned: false, dismissed: false } }).services, <Popup />);
    const box = await screen.findByLabelText(`Rotating "${OLD.name}"`);
    fireEvent.click(await within(box).findByRole('button', { name: 'Delete old key in Cloudcraft' }));
    await screen.findByRole('note');
    fireEvent.click(await screen.findByText(/^Cloudcraft's list:/));
    const row = await rowOf('key-a');
    fireEvent.click(within(row).getByRole('button', { name: 'More actions for key-a' }));
    fireEvent.click(within(screen.getByRole('menu')).getByRole('menuitem', { name: 'Add note' }));
    expect(screen.getByLabelText('Search')).toBeTruthy();
    expect(await axeViolations()).toEqual([]);
  });
});
