import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from '@webext-core/fake-browser';
import { DEFAULT_SETTINGS } from './protocol';
import { settingsItem } from './storage';
import { BUILTIN_TEMPLATES } from './templates';
import { ACTIVITY_KEY, META_KEY, SESSION_KEY } from './vaultStorage';
import { diskStrength } from '../test/strength';

vi.mock('./browser', () => ({ browser: fakeBrowser }));

const { readFirstView } = await import('./firstView');
const { createVaultService } = await import('../background/vault/vault');

const PASS = 'correct horse battery staple';
const SETTINGS = { autoLockMinutes: 15, clipboardClearSeconds: 30, autoCapture: true, clipboardClearOnlyIfUnchanged: false };

/** The vault state as the worker answers it (vault.status), for the same storage. */
async function workerState(now: () => number) {
  return (await createVaultService({ iterations: 1_000, minIterations: 1_000, strength: diskStrength, now }).status()).state;
}

describe('readFirstView', () => {
  beforeEach(() => fakeBrowser.reset());

  it('first run: no vault, the built-in templates and the default settings', async () => {
    expect(await readFirstView()).toEqual({ vault: 'uninitialized', templates: BUILTIN_TEMPLATES, settings: DEFAULT_SETTINGS });
  });

  it('agrees with the worker: unlocked after create, locked after Lock, unlocked after Unlock', async () => {
    let t = 1_000_000;
    const now = () => t;
    const v = createVaultService({ iterations: 1_000, minIterations: 1_000, strength: diskStrength, now });
    await settingsItem.set(SETTINGS);
    await v.create(PASS);
    expect((await readFirstView(now))?.vault).toBe('unlocked');
    expect(await workerState(now)).toBe('unlocked');
    await v.lock();
    expect((await readFirstView(now))?.vault).toBe('locked');
    expect(await workerState(now)).toBe('locked');
    t += 1_000;
    await v.unlock(PASS);
    expect((await readFirstView(now))?.vault).toBe('unlocked');
  });

  it('an unlocked session idle past the auto-lock time reads as locked, as the worker sees it', async () => {
    let t = 5_000_000;
    const now = () => t;
    await settingsItem.set({ ...SETTINGS, autoLockMinutes: 1 });
    await createVaultService({ iterations: 1_000, minIterations: 1_000, strength: diskStrength, now }).create(PASS);
    t += 58_000;
    expect((await readFirstView(now))?.vault).toBe('unlocked');
    t += 1_000; // within the alarm slack (1 s) of the deadline: locked, like the worker
    expect((await readFirstView(now))?.vault).toBe('locked');
    expect(await workerState(now)).toBe('locked');
  });

  it('auto-lock off (0 minutes): an unlocked session stays unlocked however long idle', async () => {
    let t = 0;
    const now = () => t;
    await settingsItem.set({ ...SETTINGS, autoLockMinutes: 0 });
    await createVaultService({ iterations: 1_000, minIterations: 1_000, strength: diskStrength, now }).create(PASS);
    t += 7 * 24 * 3600_000;
    expect((await readFirstView(now))?.vault).toBe('unlocked');
  });

  it('a session without a recorded activity time is locked (as the worker treats it)', async () => {
    const now = () => 1_000_000;
    await settingsItem.set(SETTINGS);
    await createVaultService({ iterations: 1_000, minIterations: 1_000, strength: diskStrength, now }).create(PASS);
    await fakeBrowser.storage.session.remove(ACTIVITY_KEY);
    expect((await readFirstView(now))?.vault).toBe('locked');
    expect(await workerState(now)).toBe('locked');
  });

  it('never reads the unlocked session itself: storage.session is asked for its keys and the activity time only', async () => {
    const now = () => 1_000_000;
    await settingsItem.set(SETTINGS);
    await createVaultService({ iterations: 1_000, minIterations: 1_000, strength: diskStrength, now }).create(PASS);
    expect(Object.keys(await fakeBrowser.storage.session.get(null))).toContain(SESSION_KEY);
    const asked: unknown[] = [];
    const get = fakeBrowser.storage.session.get.bind(fakeBrowser.storage.session) as (keys: unknown) => Promise<Record<string, unknown>>;
    vi.spyOn(fakeBrowser.storage.session, 'get').mockImplementation(((keys: unknown) => {
      asked.push(keys);
      return get(keys);
    }) as typeof fakeBrowser.storage.session.get);
    const view = await readFirstView(now);
    expect(view?.vault).toBe('unlocked');
    expect(asked).toEqual([ACTIVITY_KEY]);
  });

  it('lists the templates least privilege first (built-in, organisation, user; a user template shadowed by a managed id hidden), and the stored settings', async () => {
    await settingsItem.set({ ...SETTINGS, clipboardClearSeconds: 90 });
    const tpl = (id: string, permission: 'read' | 'read-write', teams: { team: string; access: 'read' | 'read-write' }[] = []) => ({ id, label: `L ${id}`, namePattern: `${id}-{date}`, permission, teams, description: '' });
    await fakeBrowser.storage.sync.set({ tplOrder: ['mine', 'org-eng'], 'tpl.mine': tpl('mine', 'read', [{ team: 'Ops', access: 'read' }]), 'tpl.org-eng': tpl('org-eng', 'read') });
    await fakeBrowser.storage.managed.set({ templates: [tpl('org-eng', 'read-write')] });
    await fakeBrowser.storage.local.set({ [META_KEY]: { id: 'a-vault-id', any: 'header' } });
    const view = await readFirstView();
    expect(view?.vault).toBe('locked');
    expect(view?.settings.clipboardClearSeconds).toBe(90);
    expect(view?.templates.map((t) => [t.id, t.source, t.permission])).toEqual([
      ['builtin-read-only', 'builtin', 'read'],
      ['mine', 'user', 'read'],
      ['builtin-read-write', 'builtin', 'read-write'],
      ['org-eng', 'managed', 'read-write'],
    ]);
  });

  it.each([['a string', 'garbage'], ['a number', 0], ['an object without an id', { version: 1 }]])('null for a header that is %s: the worker reports it damaged', async (_, header) => {
    await fakeBrowser.storage.local.set({ [META_KEY]: header });
    expect(await readFirstView()).toBeNull();
  });

  it('null where storage.session cannot list its keys (Chrome before 130): the views ask the worker', async () => {
    const session = fakeBrowser.storage.session as { getKeys?: unknown };
    const getKeys = session.getKeys;
    delete session.getKeys;
    try {
      expect(await readFirstView()).toBeNull();
    } finally {
      session.getKeys = getKeys;
    }
  });
});
