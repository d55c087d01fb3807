import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from '@webext-core/fake-browser';
import { ProtocolError } from '../../shared/protocol';
import type { CaptureRequest } from '../../shared/schemas';
import { settingsItem } from '../../shared/storage';
import { createVaultService, AUTOLOCK_ALARM, type VaultOptions } from './vault';
import { createRouter } from '../../shared/router';
import { createVaultHandlers } from './handlers';
import { fromBase64, toBase64 } from './encoding';
import { RECORD_PREFIX, type StoredRecord, type VaultMeta } from './records';
import { type SessionMaterial } from './session';
import { META_KEY, SESSION_KEY } from '../../shared/vaultStorage';
import { IDBFactory } from 'fake-indexeddb';
import { diskStrength } from '../../test/strength';

vi.mock('../../shared/browser', () => ({ browser: fakeBrowser }));

const PASS = 'correct horse battery staple';
const FAST = 1_000;
const SECRET = 'ccapi_SuperSecretValue_0123456789abcdef';

/**
 * Cloudcraft's `GET /user/me` as the tests need it: 200 for any bearer token but those starting with
 * "rejected" (401). Every call is recorded.
 */
function fakeUserMe() {
  return vi.fn<typeof fetch>(async (_url, init) => {
    const auth = new Headers(init?.headers).get('Authorization') ?? '';
    return auth.startsWith('Bearer rejected')
      ? new Response(JSON.stringify({ error: 'Unauthorized' }), { status: 401 })
      : new Response(JSON.stringify({ id: 'u1', name: 'Ada', email: 'ada@example.com' }), { status: 200 });
  });
}

function vault(opts: VaultOptions = {}) {
  return createVaultService({ iterations: FAST, minIterations: FAST, strength: diskStrength, fetch: fakeUserMe(), ...opts });
}

/** Another browser: empty extension storage and an empty IndexedDB. */
function freshBrowser() {
  fakeBrowser.reset();
  globalThis.indexedDB = new IDBFactory();
}

function capture(secret = SECRET, name = 'ci-read'): CaptureRequest & { rotatedFrom: string | null } {
  return {
    secret,
    name,
    permission: 'read',
    teams: [{ team: 'Platform', access: 'read' }],
    templateId: 'builtin-read-only',
    templateLabel: 'Read-only',
    capturedAt: Date.now(),
    rotatedFrom: null,
  };
}

/** Every storage area, except the rate limits' counters (limits.ts). */
async function snapshot() {
  const local = Object.entries(await fakeBrowser.storage.local.get(null)).filter(([k]) => !k.startsWith('limits.'));
  return JSON.stringify({
    local: Object.fromEntries(local),
    session: await fakeBrowser.storage.session.get(null),
    sync: await fakeBrowser.storage.sync.get(null),
  });
}

async function errorOf(p: Promise<unknown>): Promise<ProtocolError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ProtocolError);
  return err as ProtocolError;
}

async function rawRecord(id: string): Promise<StoredRecord> {
  return (await fakeBrowser.storage.local.get(RECORD_PREFIX + id))[RECORD_PREFIX + id] as StoredRecord;
}

function flipByte(b64: string, index: number): string {
  const bytes = fromBase64(b64);
  bytes[index < 0 ? bytes.length + index : index]! ^= 0x80;
  return toBase64(bytes);
}

beforeEach(() => {
  fakeBrowser.reset();
});

describe('first run', () => {
  it('reports an uninitialized vault and refuses what needs one', async () => {
    const v = vault();
    expect(await v.status()).toEqual({ state: 'uninitialized', keyCount: 0 });
    expect((await errorOf(v.unlock(PASS))).code).toBe('NOT_INITIALIZED');
    expect((await errorOf(v.capture(capture()))).code).toBe('NOT_INITIALIZED');
    expect((await errorOf(v.list())).code).toBe('NOT_INITIALIZED');
    expect(await snapshot()).toBe(JSON.stringify({ local: {}, session: {}, sync: {} }));
  });

  it('refuses a short passphrase with WEAK_PASSPHRASE and stores nothing', async () => {
    const err = await errorOf(vault().create('short pass'));
    expect(err.code).toBe('WEAK_PASSPHRASE');
    expect(err.message).not.toContain('short pass');
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
  });

  it('creates a vault in the documented shape, unlocked, and only once', async () => {
    const v = vault();
    expect(await v.create(PASS)).toEqual({ state: 'unlocked' });
    const meta = (await fakeBrowser.storage.local.get(META_KEY))[META_KEY] as VaultMeta;
    expect(Object.keys(meta).sort()).toEqual(['createdAt', 'id', 'publicKey', 'version', 'wrappedPrivateKey']);
    expect(meta.version).toBe(1);
    const env = meta.wrappedPrivateKey;
    expect(env).toMatchObject({ version: 1, cipher: 'AES-256-GCM', kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations: FAST } });
    expect(fromBase64(env.kdf.salt)).toHaveLength(16);
    expect(fromBase64(env.iv)).toHaveLength(12);
    expect(fromBase64(meta.publicKey).length).toBe(91); // SPKI of a P-256 point
    const session = (await fakeBrowser.storage.session.get(SESSION_KEY))[SESSION_KEY] as SessionMaterial;
    expect(Object.keys(session).sort()).toEqual(['privateKey', 'vaultId']);
    expect(session.vaultId).toBe(meta.id);
    expect((await fakeBrowser.storage.local.get(null))[SESSION_KEY]).toBeUndefined();
    expect(await v.status()).toEqual({ state: 'unlocked', keyCount: 0 });
    expect((await errorOf(v.create(PASS))).code).toBe('ALREADY_INITIALIZED');
  });
});

describe('session storage', () => {
  it('a full storage.session is said in words (which storage, what to do), never "Internal error"', async () => {
    const v = vault();
    await v.create(PASS);
    await v.lock();
    const route = createRouter(createVaultHandlers(v), { extensionId: 'ext', extensionOrigin: 'chrome-extension://ext' });
    vi.spyOn(fakeBrowser.storage.session, 'set').mockRejectedValue(new Error('Session storage quota bytes exceeded. Values were not stored.'));
    const reply = await route({ type: 'vault.unlock', data: { passphrase: PASS } }, { id: 'ext', url: 'chrome-extension://ext/src/popup/index.html' });
    expect(reply).toEqual({
      ok: false,
      error: {
        code: 'QUOTA',
        message: "Not done: the extension's session storage (memory the browser empties when it closes) is full. Restart the browser to empty it, then try again.",
      },
    });
    expect((await v.status()).state).toBe('locked');
  });

  it('keeps storage.session closed to content scripts before writing key material', async () => {
    const session = fakeBrowser.storage.session as { setAccessLevel?: unknown };
    const setAccessLevel = vi.fn(async () => undefined);
    session.setAccessLevel = setAccessLevel;
    try {
      await vault().create(PASS);
      expect(setAccessLevel).toHaveBeenCalledWith({ accessLevel: 'TRUSTED_CONTEXTS' });
    } finally {
      delete session.setAccessLevel;
    }
  });
});

describe('capture, list, reveal', () => {
  it('seals while locked, keeps no plaintext anywhere, and reveals once unlocked', async () => {
    const v = vault();
    await v.create(PASS);
    await v.lock();
    expect(await v.status()).toEqual({ state: 'locked', keyCount: 0 });
    const { id } = await v.capture(capture());
    const rec = await rawRecord(id);
    expect(rec).toMatchObject({ version: 1, id, name: 'ci-read', permission: 'read', lastCopiedAt: null });
    expect(rec.sealed.alg).toBe('ECDH-P256+HKDF-SHA256+AES-256-GCM');
    expect(fromBase64(rec.sealed.iv)).toHaveLength(12);
    expect(fromBase64(rec.sealed.epk)).toHaveLength(65);
    expect(fromBase64(rec.sealed.ciphertext)).toHaveLength(SECRET.length + 16);
    const all = await snapshot();
    expect(all).not.toContain(SECRET);
    expect(all).not.toContain(SECRET.slice(6, 20));
    expect(all).not.toContain(toBase64(new TextEncoder().encode(SECRET)));
    expect(all).not.toContain(PASS);
    expect((await errorOf(v.reveal(id))).code).toBe('LOCKED');
    expect((await errorOf(v.list())).code).toBe('LOCKED');

    await v.unlock(PASS);
    const { keys, broken } = await v.list();
    expect(broken).toEqual([]);
    expect(keys).toEqual([
      expect.objectContaining({ id, name: 'ci-read', permission: 'read', teams: [{ team: 'Platform', access: 'read' }], templateLabel: 'Read-only' }),
    ]);
    expect(JSON.stringify(keys)).not.toContain(SECRET);
    expect(await v.reveal(id)).toEqual({ secret: SECRET });
    // Nothing of the secret reached storage by revealing it either.
    expect(await snapshot()).not.toContain(SECRET);
  });

  it('names an unnamed capture, renames (re-sealing), marks copied and deletes', async () => {
    let t = Date.UTC(2026, 10, 29, 10, 0);
    const v = vault({ now: () => t });
    await v.create(PASS);
    const { id } = await v.capture(capture(SECRET, '  '));
    expect((await v.list()).keys[0]!.name).toBe('Cloudcraft key 2026-11-29 10:00');
    const before = await rawRecord(id);
    const { key } = await v.rename(id, 'renamed');
    expect(key.name).toBe('renamed');
    expect((await rawRecord(id)).sealed.epk).not.toBe(before.sealed.epk);
    expect(await v.reveal(id)).toEqual({ secret: SECRET });
    t += 1000;
    expect((await v.markCopied(id)).key.lastCopiedAt).toBe(t);
    expect((await v.list()).keys[0]!.lastCopiedAt).toBe(t);
    const stored = await rawRecord(id);
    expect(await v.remove(id)).toEqual({ removed: stored });
    expect((await v.list()).keys).toEqual([]);
    expect((await errorOf(v.remove(id))).code).toBe('NOT_FOUND');
    expect((await errorOf(v.reveal('no-such-id'))).code).toBe('NOT_FOUND');
  });
});

describe('wrong passphrase', () => {
  it('is WRONG_PASSPHRASE and changes nothing', async () => {
    const v = vault();
    await v.create(PASS);
    await v.capture(capture());
    await v.lock();
    const before = await snapshot();
    const err = await errorOf(v.unlock('not the passphrase at all'));
    expect(err).toMatchObject({ code: 'WRONG_PASSPHRASE', message: 'Wrong passphrase.' });
    expect(await snapshot()).toBe(before);
    expect(await v.status()).toMatchObject({ state: 'locked' });
  });
});

describe('tampering', () => {
  async function threeRecords() {
    const v = vault();
    await v.create(PASS);
    const a = (await v.capture(capture('secret-A-0123456789', 'key A'))).id;
    const b = (await v.capture(capture('secret-B-0123456789', 'key B'))).id;
    const c = (await v.capture(capture('secret-C-0123456789', 'key C'))).id;
    return { v, a, b, c };
  }

  for (const [part, field, index] of [
    ['iv', 'iv', 0],
    ['ciphertext', 'ciphertext', 0],
    ['tag', 'ciphertext', -1],
    ['ephemeral key', 'epk', 10],
  ] as const) {
    it(`flipping one byte of the ${part}: that record fails with CORRUPT_RECORD naming it, others open`, async () => {
      const { v, a, b, c } = await threeRecords();
      const rec = await rawRecord(b);
      rec.sealed[field] = flipByte(rec.sealed[field], index);
      await fakeBrowser.storage.local.set({ [RECORD_PREFIX + b]: rec });
      const err = await errorOf(v.reveal(b));
      expect(err.code).toBe('CORRUPT_RECORD');
      expect(err.message).toContain('"key B"');
      expect(await v.reveal(a)).toEqual({ secret: 'secret-A-0123456789' });
      expect(await v.reveal(c)).toEqual({ secret: 'secret-C-0123456789' });
      const listed = await v.list();
      expect(listed.keys.map((k) => k.name).sort()).toEqual(['key A', 'key C']);
      expect(listed.broken).toEqual([{ id: b, name: 'key B', reason: expect.stringContaining('authentication') }]);
    });
  }

  it('metadata edited in storage or swapped between records fails authentication', async () => {
    const { v, a, b, c } = await threeRecords();
    const ra = await rawRecord(a);
    const rb = await rawRecord(b);
    await fakeBrowser.storage.local.set({
      [RECORD_PREFIX + a]: { ...ra, sealed: rb.sealed },
      [RECORD_PREFIX + b]: { ...rb, sealed: ra.sealed },
    });
    const rc = await rawRecord(c);
    await fakeBrowser.storage.local.set({ [RECORD_PREFIX + c]: { ...rc, permission: 'read-write' } });
    const listed = await v.list();
    expect(listed.keys).toEqual([]);
    expect(listed.broken.map((x) => x.name).sort()).toEqual(['key A', 'key B', 'key C']);
  });

  it('a record that does not parse is listed as broken with a reason, can be deleted, others open', async () => {
    const { v, a, b } = await threeRecords();
    await fakeBrowser.storage.local.set({ [RECORD_PREFIX + b]: { name: 'key B', sealed: 'nope' } });
    const listed = await v.list();
    expect(listed.keys).toHaveLength(2);
    expect(listed.broken).toEqual([{ id: b, name: 'key B', reason: expect.stringContaining('Unreadable') }]);
    expect((await errorOf(v.reveal(b))).code).toBe('CORRUPT_RECORD');
    expect(await v.reveal(a)).toEqual({ secret: 'secret-A-0123456789' });
    await v.remove(b);
    expect((await v.list()).broken).toEqual([]);
  });

  it('a tampered public key makes unlock fail rather than sealing to a foreign key silently', async () => {
    const v = vault();
    await v.create(PASS);
    await v.lock();
    const meta = (await fakeBrowser.storage.local.get(META_KEY))[META_KEY] as VaultMeta;
    const other = vault();
    freshBrowser();
    await other.create(PASS);
    const foreignPk = ((await fakeBrowser.storage.local.get(META_KEY))[META_KEY] as VaultMeta).publicKey;
    freshBrowser();
    await fakeBrowser.storage.local.set({ [META_KEY]: { ...meta, publicKey: foreignPk } });
    expect((await errorOf(v.unlock(PASS))).code).toBe('WRONG_PASSPHRASE');
  });
});

describe('concurrency', () => {
  it('50 captures sent in parallel all land (locked), and all open', async () => {
    // Each read of the clock is 6.1 s later, so the 50 spread over 5 minutes (the extension takes at most 10 a minute).
    let t = 1_000_000;
    const v = vault({ now: () => (t += 6_100) });
    await v.create(PASS);
    await v.lock();
    const ids = await Promise.all(Array.from({ length: 50 }, (_, i) => v.capture(capture(`secret-${i}-xxxxxxxx`, `key ${i}`)).then((r) => r.id)));
    expect(new Set(ids).size).toBe(50);
    expect((await v.status()).keyCount).toBe(50);
    await v.unlock(PASS);
    const { keys, broken } = await v.list();
    expect(broken).toEqual([]);
    expect(keys.map((k) => k.name).sort()).toEqual(Array.from({ length: 50 }, (_, i) => `key ${i}`).sort());
    const secrets = await Promise.all(ids.map((id) => v.reveal(id).then((r) => r.secret)));
    expect(secrets.sort()).toEqual(Array.from({ length: 50 }, (_, i) => `secret-${i}-xxxxxxxx`).sort());
  });

  it('a capture racing a lock lands', async () => {
    const v = vault();
    await v.create(PASS);
    const [{ id }] = await Promise.all([v.capture(capture()), v.lock()]);
    expect(await v.status()).toMatchObject({ state: 'locked', keyCount: 1 });
    await v.unlock(PASS);
    expect(await v.reveal(id)).toEqual({ secret: SECRET });
  });

  it('renames and copies of the same record in parallel lose nothing', async () => {
    const v = vault();
    await v.create(PASS);
    const { id } = await v.capture(capture());
    await Promise.all([v.rename(id, 'one'), v.markCopied(id), v.rename(id, 'two'), v.markCopied(id)]);
    const [key] = (await v.list()).keys;
    expect(key).toMatchObject({ name: 'two', lastCopiedAt: expect.any(Number) });
    expect(await v.reveal(id)).toEqual({ secret: SECRET });
  });
});

describe('restarts', () => {
  it('a service worker restart keeps the vault unlocked and the records (default 600,000 iterations)', async () => {
    const first = await import('./handlers');
    const ctx = { sender: {}, kind: 'extension' as const };
    let t0 = performance.now();
    // Created with the product's defaults but for the dictionaries' loader (the build's file is fetched; here the packages are read).
    await createVaultService({ strength: diskStrength }).create(PASS);
    const createMs = performance.now() - t0;
    const meta = (await fakeBrowser.storage.local.get(META_KEY))[META_KEY] as VaultMeta;
    expect(meta.wrappedPrivateKey.kdf.iterations).toBe(600_000);
    const { id } = await first.vaultHandlers['keys.capture'](capture(), { sender: {}, kind: 'content' });

    vi.resetModules(); // drop every module's state: a new worker with the same storage
    const second = await import('./handlers');
    expect(second.vaultHandlers).not.toBe(first.vaultHandlers);
    expect(await second.vaultHandlers['vault.status']({}, ctx)).toEqual({ state: 'unlocked', keyCount: 1 });
    expect(await second.vaultHandlers['keys.reveal']({ id }, ctx)).toEqual({ secret: SECRET });

    // A browser restart clears storage.session: locked, records kept.
    await fakeBrowser.storage.session.clear();
    vi.resetModules();
    const third = await import('./handlers');
    expect(await third.vaultHandlers['vault.status']({}, ctx)).toEqual({ state: 'locked', keyCount: 1 });
    t0 = performance.now();
    await third.vaultHandlers['vault.unlock']({ passphrase: PASS }, ctx);
    const unlockMs = performance.now() - t0;
    process.stdout.write(`600,000 iterations: create ${createMs.toFixed(0)} ms, unlock ${unlockMs.toFixed(0)} ms\n`);
    expect(await third.vaultHandlers['keys.reveal']({ id }, ctx)).toEqual({ secret: SECRET });
  });
});

describe('unusable sessions', () => {
  it.each([
    ['a damaged session', () => ({})],
    ['another vault\'s session', (s: SessionMaterial) => ({ ...s, vaultId: 'some-other-vault-id' })],
  ] as const)('%s reads as locked and is removed from storage.session at once', async (_, spoil) => {
    const v = vault();
    await v.create(PASS);
    const session = (await fakeBrowser.storage.session.get(SESSION_KEY))[SESSION_KEY] as SessionMaterial;
    await fakeBrowser.storage.session.set({ [SESSION_KEY]: spoil(session) });
    expect(await v.touch()).toEqual({ state: 'locked' });
    expect(Object.keys(await fakeBrowser.storage.session.get(null))).not.toContain(SESSION_KEY);
    expect((await v.status()).state).toBe('locked');
    expect(await v.unlock(PASS)).toEqual({ state: 'unlocked' }); // the passphrase still opens the vault
    expect((await v.status()).state).toBe('unlocked');
  });

  it('a session left without a vault header is removed', async () => {
    const v = vault();
    await v.create(PASS);
    await fakeBrowser.storage.local.remove(META_KEY);
    expect(await v.touch()).toEqual({ state: 'uninitialized' });
    expect(Object.keys(await fakeBrowser.storage.session.get(null))).not.toContain(SESSION_KEY);
  });
});

describe('auto-lock', () => {
  it('touch answers the state as status does, and an expired session is locked (and wiped) on touch', async () => {
    let t = 2_000_000;
    const v = vault({ now: () => t });
    await settingsItem.set({ autoLockMinutes: 1, clipboardClearSeconds: 30, autoCapture: true });
    expect(await v.touch()).toEqual({ state: 'uninitialized' });
    await v.create(PASS);
    t += 30_000;
    expect(await v.touch()).toEqual({ state: 'unlocked' });
    t += 58_000; // 58 s after the touch: still unlocked, the touch counted as activity
    expect(await v.touch()).toEqual({ state: 'unlocked' });
    t += 61_000;
    expect(Object.keys(await fakeBrowser.storage.session.get(null))).toContain(SESSION_KEY);
    expect(await v.touch()).toEqual({ state: 'locked' });
    expect(Object.keys(await fakeBrowser.storage.session.get(null))).not.toContain(SESSION_KEY);
  });

  it('locks after the idle time on the alarm, activity postpones it', async () => {
    let t = 1_000_000;
    const v = vault({ now: () => t });
    await settingsItem.set({ autoLockMinutes: 15, clipboardClearSeconds: 30, autoCapture: true });
    await v.create(PASS);
    const alarm = await fakeBrowser.alarms.get(AUTOLOCK_ALARM);
    expect(alarm).toBeDefined();

    t += 10 * 60_000;
    await v.touch();
    t += 5 * 60_000; // the first alarm fires 15 min after unlock: only 5 idle
    await v.onAlarm(AUTOLOCK_ALARM);
    expect((await v.status()).state).toBe('unlocked');
    expect(await fakeBrowser.alarms.get(AUTOLOCK_ALARM)).toBeDefined();

    await v.onAlarm('someone-else'); // other alarms are ignored
    t += 10 * 60_000; // 15 idle
    await v.onAlarm(AUTOLOCK_ALARM);
    expect((await v.status()).state).toBe('locked');
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
    expect(await fakeBrowser.alarms.get(AUTOLOCK_ALARM)).toBeUndefined();
  });

  it('locks on next use when the alarm was missed (e.g. the computer slept)', async () => {
    let t = 5_000_000;
    const v = vault({ now: () => t });
    await settingsItem.set({ autoLockMinutes: 1, clipboardClearSeconds: 30, autoCapture: true });
    await v.create(PASS);
    const { id } = await v.capture(capture());
    t += 61_000;
    expect((await errorOf(v.reveal(id))).code).toBe('LOCKED');
    expect((await v.status()).state).toBe('locked');
  });

  it('never auto-locks when set to 0, and manual Lock locks', async () => {
    let t = 0;
    const v = vault({ now: () => t });
    await settingsItem.set({ autoLockMinutes: 0, clipboardClearSeconds: 30, autoCapture: true });
    await v.create(PASS);
    expect(await fakeBrowser.alarms.get(AUTOLOCK_ALARM)).toBeUndefined();
    t += 24 * 3600_000;
    await v.onAlarm(AUTOLOCK_ALARM);
    expect((await v.status()).state).toBe('unlocked');
    expect(await v.lock()).toEqual({ state: 'locked' });
    expect((await v.status()).state).toBe('locked');
  });
});

describe('change passphrase', () => {
  it('rotates the vault key: new key pair and id, every record re-sealed in one write; the old passphrase fails, the new one opens every record', async () => {
    const v = vault();
    await v.create(PASS);
    const ids = await Promise.all([1, 2, 3].map((i) => v.capture(capture(`secret-${i}-abcdefgh`, `k${i}`)).then((r) => r.id)));
    const metaBefore = (await fakeBrowser.storage.local.get(META_KEY))[META_KEY] as VaultMeta;
    const before = await fakeBrowser.storage.local.get(ids.map((id) => RECORD_PREFIX + id));
    await v.lock();
    const NEW = 'a brand new passphrase 2026';
    const set = vi.spyOn(fakeBrowser.storage.local, 'set');
    expect(await v.changePassphrase(PASS, NEW)).toEqual({ state: 'unlocked' });
    // One storage.local write holds the new header and the three re-sealed records (the others are the throttle's).
    const vaultWrites = set.mock.calls.map(([items]) => Object.keys(items as object).filter((k) => !k.startsWith('limits.')).sort()).filter((keys) => keys.length > 0);
    expect(vaultWrites).toEqual([[META_KEY, ...ids.map((id) => RECORD_PREFIX + id)].sort()]);
    const metaAfter = (await fakeBrowser.storage.local.get(META_KEY))[META_KEY] as VaultMeta;
    expect(metaAfter.id).not.toBe(metaBefore.id);
    expect(metaAfter.publicKey).not.toBe(metaBefore.publicKey);
    const after = await fakeBrowser.storage.local.get(ids.map((id) => RECORD_PREFIX + id));
    for (const id of ids) {
      const [a, b] = [before[RECORD_PREFIX + id] as StoredRecord, after[RECORD_PREFIX + id] as StoredRecord];
      expect(b.sealed.epk).not.toBe(a.sealed.epk);
      expect({ ...b, sealed: null }).toEqual({ ...a, sealed: null }); // same metadata
    }
    await v.lock();
    expect((await errorOf(v.unlock(PASS))).code).toBe('WRONG_PASSPHRASE');
    await v.unlock(NEW);
    for (const [i, id] of ids.entries()) expect(await v.reveal(id)).toEqual({ secret: `secret-${i + 1}-abcdefgh` });
  });

  it('an old backup and the old passphrase cannot open a key captured after the change', async () => {
    const v = vault();
    await v.create(PASS);
    await v.capture(capture('before-the-change-0001', 'before'));
    const oldBackup = JSON.parse((await v.exportBackup()).json) as { vault: VaultMeta };
    await v.changePassphrase(PASS, 'a brand new passphrase 2026');
    await v.lock();
    const { id } = await v.capture(capture('captured-after-the-change', 'after'));
    const after = await rawRecord(id);
    // The old backup's private key, unwrapped with the old passphrase, against the new record.
    const { openWithPassphrase } = await import('./envelope');
    const { importPrivateKey, openSealed } = await import('./sealing');
    const { recordAad, wrappedKeyAad } = await import('./records');
    const oldKey = await importPrivateKey(await openWithPassphrase(oldBackup.vault.wrappedPrivateKey, PASS, wrappedKeyAad(oldBackup.vault), FAST));
    await expect(openSealed(after.sealed, oldKey, oldBackup.vault.publicKey, recordAad(after))).rejects.toThrow('Cannot decrypt.');
    const meta = (await fakeBrowser.storage.local.get(META_KEY))[META_KEY] as VaultMeta;
    await expect(openSealed(after.sealed, oldKey, meta.publicKey, recordAad(after))).rejects.toThrow('Cannot decrypt.');
    // Imported into a fresh browser, the old backup holds only what it held.
    freshBrowser();
    const fresh = vault();
    expect(await fresh.importBackup(JSON.stringify(oldBackup), PASS)).toEqual({ added: 1, skipped: 0 });
    expect((await fresh.list()).keys.map((k) => k.name)).toEqual(['before']);
  });

  it('"Rotate vault key" keeps the passphrase, changes the key pair and id, and every record still opens', async () => {
    const v = vault();
    await v.create(PASS);
    const { id } = await v.capture(capture());
    const before = (await fakeBrowser.storage.local.get(META_KEY))[META_KEY] as VaultMeta;
    await v.lock();
    expect(await v.rotateKey(PASS)).toEqual({ state: 'unlocked' });
    const after = (await fakeBrowser.storage.local.get(META_KEY))[META_KEY] as VaultMeta;
    expect([after.id === before.id, after.publicKey === before.publicKey]).toEqual([false, false]);
    expect(await v.reveal(id)).toEqual({ secret: SECRET });
    await v.lock();
    await v.unlock(PASS);
    expect(await v.reveal(id)).toEqual({ secret: SECRET });
    expect((await errorOf(v.rotateKey('not the passphrase at all'))).code).toBe('WRONG_PASSPHRASE');
  });

  it('a record that does not open is left as it is by a rotation, and still listed as broken', async () => {
    const v = vault();
    await v.create(PASS);
    const good = (await v.capture(capture('good-secret-0123456', 'good'))).id;
    const bad = (await v.capture(capture('bad-secret-01234567', 'bad'))).id;
    const rec = await rawRecord(bad);
    await fakeBrowser.storage.local.set({ [RECORD_PREFIX + bad]: { ...rec, name: 'edited' } });
    const stored = await rawRecord(bad);
    await v.rotateKey(PASS);
    expect(await rawRecord(bad)).toEqual(stored);
    const { keys, broken } = await v.list();
    expect(keys.map((k) => k.id)).toEqual([good]);
    expect(broken.map((b) => b.name)).toEqual(['edited']);
  });

  it('refuses a weak new passphrase in the worker with zxcvbn\'s reasons, and changes nothing', async () => {
    const v = vault();
    await v.create(PASS);
    const before = await snapshot();
    for (const weak of ['password1234', 'qwertyuiop12', 'cloudcraft12']) {
      const err = await errorOf(v.changePassphrase(PASS, weak));
      expect(err.code, weak).toBe('WEAK_PASSPHRASE');
      expect(err.message, weak).toMatch(/^This passphrase is too easy to guess: /);
    }
    expect((await errorOf(v.changePassphrase(PASS, 'password1234'))).message).toBe(
      'This passphrase is too easy to guess: This is similar to a commonly used password. Add more words that are less common.',
    );
    expect((await errorOf(v.changePassphrase(PASS, 'cloudcraft12'))).message).toBe(
      'This passphrase is too easy to guess: Words about Cloudcraft, API keys or this vault are easy to guess. Add more words that are less common.',
    );
    expect(await snapshot()).toBe(before);
  });

  it('a wrong current passphrase or a weak new one changes nothing', async () => {
    const v = vault();
    await v.create(PASS);
    await v.lock();
    const before = await snapshot();
    expect((await errorOf(v.changePassphrase('wrong wrong wrong', 'another good passphrase'))).code).toBe('WRONG_PASSPHRASE');
    expect((await errorOf(v.changePassphrase(PASS, 'short'))).code).toBe('WEAK_PASSPHRASE');
    expect(await snapshot()).toBe(before);
  });
});

describe('backup', () => {
  async function vaultWithKeys(pass = PASS, n = 3) {
    const v = vault();
    await v.create(pass);
    const ids: string[] = [];
    for (let i = 0; i < n; i++) ids.push((await v.capture(capture(`backup-secret-${i}-xyz`, `bk${i}`))).id);
    return { v, ids };
  }

  it('exports a file with secrets still sealed (requires unlock)', async () => {
    const t = Date.UTC(2026, 10, 29);
    const v = vault({ now: () => t });
    await v.create(PASS);
    await v.capture(capture());
    const { fileName, json } = await v.exportBackup();
    expect(fileName).toBe('cloudcraft-keys-2026-11-29.ckhbackup.json');
    const file = JSON.parse(json);
    expect(file).toMatchObject({ format: 'cloudcraft-key-helper-backup', version: 1, createdAt: t });
    expect(file.vault).toEqual((await fakeBrowser.storage.local.get(META_KEY))[META_KEY]);
    expect(file.records).toHaveLength(1);
    expect(json).not.toContain(SECRET);
    expect(json).not.toContain(PASS);
    await v.lock();
    expect((await errorOf(v.exportBackup())).code).toBe('LOCKED');
  });

  it('round trip into a fresh browser adopts the vault; importing again skips duplicates', async () => {
    const { v, ids } = await vaultWithKeys();
    const { json } = await v.exportBackup();
    freshBrowser();
    const fresh = vault();
    expect(await fresh.importBackup(json, PASS)).toEqual({ added: 3, skipped: 0 });
    expect(await fresh.status()).toEqual({ state: 'unlocked', keyCount: 3 });
    for (const [i, id] of ids.entries()) expect(await fresh.reveal(id)).toEqual({ secret: `backup-secret-${i}-xyz` });
    expect(await fresh.importBackup(json, PASS)).toEqual({ added: 0, skipped: 3 });
    expect((await fresh.list()).keys).toHaveLength(3);
  });

  it('merges into another vault (even locked), re-sealed to its key, without duplicates', async () => {
    const { v } = await vaultWithKeys('the backup passphrase');
    const { json } = await v.exportBackup();
    freshBrowser();
    const other = vault();
    await other.create(PASS);
    const own = (await other.capture(capture('own-secret-123456', 'own'))).id;
    await other.lock();
    expect(await other.importBackup(json, 'the backup passphrase')).toEqual({ added: 3, skipped: 0 });
    expect(await other.importBackup(json, 'the backup passphrase')).toEqual({ added: 0, skipped: 3 });
    await other.unlock(PASS);
    const { keys, broken } = await other.list();
    expect(broken).toEqual([]);
    expect(keys.map((k) => k.name).sort()).toEqual(['bk0', 'bk1', 'bk2', 'own']);
    for (const k of keys) expect((await other.reveal(k.id)).secret).toBe(k.id === own ? 'own-secret-123456' : `backup-secret-${k.name.slice(2)}-xyz`);
    // The imported secrets do not appear in storage in the clear.
    expect(await snapshot()).not.toContain('backup-secret-');
  });

  it('an import that would take the vault past 1,000 records is refused with QUOTA and imports nothing', async () => {
    const { v } = await vaultWithKeys();
    const { json } = await v.exportBackup();
    freshBrowser();
    const other = vault();
    await other.create(PASS);
    await fakeBrowser.storage.local.set(Object.fromEntries(Array.from({ length: 999 }, (_, i) => [`${RECORD_PREFIX}filler-${i}`, { junk: true }])));
    const before = await snapshot();
    expect(await errorOf(other.importBackup(json, PASS))).toMatchObject({
      code: 'QUOTA',
      message: 'Nothing was imported: the vault would hold 1002 keys, more than its limit of 1,000. Delete keys you no longer need first.',
    });
    expect(await snapshot()).toBe(before);
  });

  it('an id changed in the file fails authentication: refused as damaged', async () => {
    const { v, ids } = await vaultWithKeys();
    const file = JSON.parse((await v.exportBackup()).json);
    file.records[0].id = 'aaaaaaaa-0000-0000-0000-000000000000';
    expect((await errorOf(v.importBackup(JSON.stringify(file), PASS))).code).toBe('BAD_BACKUP');
    expect((await v.list()).keys.map((k) => k.id).sort()).toEqual([...ids].sort());
  });

  it('skips a key already present under another id with the same name and creation time', async () => {
    const t = Date.UTC(2026, 0, 2, 3, 4, 5);
    const a = vault({ now: () => t });
    await a.create(PASS);
    await a.capture(capture('same-secret-123456', 'same'));
    await a.capture(capture('other-secret-123456', 'other'));
    const { json } = await a.exportBackup();
    freshBrowser();
    const b = vault({ now: () => t });
    await b.create(PASS);
    await b.capture(capture('same-secret-123456', 'same'));
    expect(await b.importBackup(json, PASS)).toEqual({ added: 1, skipped: 1 });
    expect((await b.list()).keys.map((k) => k.name).sort()).toEqual(['other', 'same']);
  });

  it('a wrong passphrase imports nothing and changes nothing', async () => {
    const { v } = await vaultWithKeys();
    const { json } = await v.exportBackup();
    freshBrowser();
    const other = vault();
    await other.create(PASS);
    const before = await snapshot();
    const err = await errorOf(other.importBackup(json, 'not the right passphrase'));
    expect(err.code).toBe('WRONG_PASSPHRASE');
    expect(await snapshot()).toBe(before);
  });

  it('bad files are BAD_BACKUP saying what is wrong, and change nothing', async () => {
    const { v, ids } = await vaultWithKeys();
    const good = JSON.parse((await v.exportBackup()).json);
    const tampered = structuredClone(good);
    tampered.records[1].sealed.ciphertext = flipByte(tampered.records[1].sealed.ciphertext, 3);
    const renamed = structuredClone(good);
    renamed.records[0].name = 'evil rename';
    const badSalt = structuredClone(good);
    badSalt.vault.wrappedPrivateKey.kdf.salt = toBase64(new Uint8Array(8));
    const cases: [string, string][] = [
      ['not json {', 'not JSON'],
      ['[]', 'unknown format'],
      [JSON.stringify({ format: 'something-else', version: 1 }), 'unknown format'],
      [JSON.stringify({ ...good, version: 9 }), 'version 9'],
      [JSON.stringify({ ...good, records: 'nope' }), 'records'],
      [JSON.stringify(badSalt), 'salt'],
      [JSON.stringify({ ...good, records: [good.records[0], good.records[0]] }), 'appears twice'],
      [JSON.stringify(tampered), `"${good.records[1].name}"`],
      [JSON.stringify(renamed), '"evil rename"'],
    ];
    const before = await snapshot();
    for (const [json, says] of cases) {
      const err = await errorOf(v.importBackup(json, PASS));
      expect(err.code, json.slice(0, 40)).toBe('BAD_BACKUP');
      expect(err.message).toContain(says);
    }
    expect(await snapshot()).toBe(before);
    expect((await v.list()).keys).toHaveLength(ids.length);
  });
});

describe('storage quota', () => {
  it('maps a quota error to QUOTA and stores nothing', async () => {
    const v = vault();
    await v.create(PASS);
    const before = await snapshot();
    vi.spyOn(fakeBrowser.storage.local, 'set').mockRejectedValue(new Error('QUOTA_BYTES quota exceeded'));
    const err = await errorOf(v.capture(capture()));
    expect(err.code).toBe('QUOTA');
    expect(err.message).toMatch(/storage is full/i);
    expect(err.message).not.toContain(SECRET);
    expect(await snapshot()).toBe(before);
  });
});

/** The next storage.local write that holds vault data (not only a throttle counter) fails with `err`. */
function failVaultWrite(err: Error) {
  const set = fakeBrowser.storage.local.set.bind(fakeBrowser.storage.local);
  let failed = false;
  return vi.spyOn(fakeBrowser.storage.local, 'set').mockImplementation(async (items: Record<string, unknown>) => {
    if (!failed && Object.keys(items).some((k) => !k.startsWith('limits.'))) {
      failed = true;
      throw err;
    }
    return set(items);
  });
}

describe('a worker killed in the middle of a write', () => {
  // storage.set is the only write of each operation: when it never completes, nothing changed.
  it('change passphrase: the old passphrase still opens everything', async () => {
    const v = vault();
    await v.create(PASS);
    const { id } = await v.capture(capture());
    await v.lock();
    const before = await snapshot();
    const set = failVaultWrite(new Error('Extension context invalidated.'));
    expect((await errorOf(v.changePassphrase(PASS, 'a brand new passphrase 2026'))).code).toBe('INTERNAL');
    expect(set).toHaveBeenCalledWith(expect.objectContaining({ [META_KEY]: expect.anything(), [RECORD_PREFIX + id]: expect.anything() }));
    set.mockRestore();
    expect(await snapshot()).toBe(before);
    await v.unlock(PASS);
    expect(await v.reveal(id)).toEqual({ secret: SECRET });
  });

  it('import: no record and no header half-written', async () => {
    const v = vault();
    await v.create(PASS);
    await v.capture(capture());
    const { json } = await v.exportBackup();
    freshBrowser();
    const fresh = vault();
    const set = failVaultWrite(new Error('QUOTA_BYTES quota exceeded'));
    expect((await errorOf(fresh.importBackup(json, PASS))).code).toBe('QUOTA');
    expect(set).toHaveBeenCalledWith(expect.objectContaining({ [META_KEY]: expect.anything() }));
    expect(await fakeBrowser.storage.local.get('limits.unlock')).toEqual({ 'limits.unlock': { failures: 0, notBefore: expect.any(Number) } });
    await fakeBrowser.storage.local.remove('limits.unlock');
    set.mockRestore();
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
    expect(await fresh.importBackup(json, PASS)).toEqual({ added: 1, skipped: 0 });
  });
});

describe('keys.test', () => {
  it('sends only the bearer header to /user/me and maps the answers', async () => {
    const fetchMock = vi.fn<typeof fetch>();
    const v = vault({ fetch: fetchMock });
    await v.create(PASS);
    fetchMock.mockResolvedValueOnce(new Response('{}', { status: 200 })); // the capture's own verification
    const { id } = await v.capture(capture());
    fetchMock.mockClear();
    fetchMock.mockResolvedValueOnce(new Response(JSON.stringify({ name: 'Ada', email: 'ada@example.com', id: 'u1' }), { status: 200 }));
    expect(await v.testKey(id)).toEqual({ status: 'ok', name: 'Ada', email: 'ada@example.com' });
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('https://api.cloudcraft.co/user/me');
    expect(init).toMatchObject({ method: 'GET', credentials: 'omit', redirect: 'error', headers: { Authorization: `Bearer ${SECRET}` } });
    expect(init?.body).toBeUndefined();
    fetchMock.mockResolvedValueOnce(new Response('no', { status: 401 }));
    // A key Cloudcraft refuses is marked revoked (kept: the user deletes it).
    expect(await v.testKey(id)).toEqual({ status: 'rejected', httpStatus: 401, key: expect.objectContaining({ id, revokedAt: expect.any(Number) }) });
    expect((await v.list()).keys.map((k) => k.revokedAt !== null)).toEqual([true]);
    fetchMock.mockRejectedValueOnce(new TypeError(`fetch failed ${SECRET}`));
    const failed = await v.testKey(id);
    expect(failed).toMatchObject({ status: 'network-error' });
    expect(JSON.stringify(failed)).not.toContain(SECRET);
    await v.lock();
    expect((await errorOf(v.testKey(id))).code).toBe('LOCKED');
  });
});

describe('capture limits (content script)', () => {
  const RATE_MSG = (s: number) => `Not saved: more than 10 keys were captured within a minute. Copy this key from Cloudcraft now, or try again in ${s} s.`;

  it('one budget for the whole extension: the 11th capture within a minute is refused, from any tab, also after a restart; after a minute it is accepted again', async () => {
    let t = 1_700_000_000_000;
    const v = vault({ now: () => t });
    await v.create(PASS);
    const handlers = (await import('./handlers')).createVaultHandlers(v);
    const fromTab = (tab: number, i: number) => handlers['keys.capture'](capture(`secret-${i}-xxxxxxxx`, `k${i}`), { sender: { tab: { id: tab } }, kind: 'content' });
    for (let i = 0; i < 10; i++) {
      await fromTab(i, i); // ten tabs, one capture each
      t += 1_000; // 10 captures over 9 s
    }
    const err = await errorOf(fromTab(99, 10)); // a new tab is no new budget
    expect(err).toMatchObject({ code: 'RATE_LIMITED', message: RATE_MSG(50) }); // the first one leaves the window 50 s from now
    expect((await v.status()).keyCount).toBe(10);
    expect(await fakeBrowser.storage.local.get('limits.capture')).toEqual({ 'limits.capture': Array.from({ length: 10 }, (_, i) => 1_700_000_000_000 + i * 1_000) });

    // A browser restart (storage.session cleared) and a new worker (a new service: its only state is in storage) still refuse.
    await fakeBrowser.storage.session.clear();
    const restarted = vault({ now: () => t });
    expect((await errorOf(restarted.capture(capture()))).code).toBe('RATE_LIMITED');

    t = 1_700_000_000_000 + 59_999; // the first capture is still inside the window
    expect((await errorOf(v.capture(capture()))).message).toBe(RATE_MSG(1));
    t = 1_700_000_000_000 + 60_000; // now it is out: one slot free
    await expect(v.capture(capture('secret-late-xxxxxxxx', 'late'))).resolves.toMatchObject({ id: expect.any(String) });
    expect((await errorOf(v.capture(capture()))).code).toBe('RATE_LIMITED');
    expect((await v.status()).keyCount).toBe(11);
  });

  it('more than 50 teams is refused by the message schema with INVALID_REQUEST (the stored schema has the same cap), and stores nothing', async () => {
    const v = vault();
    await v.create(PASS);
    const { createRouter } = await import('../../shared/router');
    const handlers = (await import('./handlers')).createVaultHandlers(v);
    const route = createRouter(handlers, { extensionId: 'ext', extensionOrigin: 'chrome-extension://ext' });
    const sender = { id: 'ext', url: 'https://app.cloudcraft.co/', tab: { id: 1 }, frameId: 0 };
    const teams = (n: number) => Array.from({ length: n }, (_, i) => ({ team: `team-${i}`, access: 'read' as const }));
    const reply = await route({ type: 'keys.capture', data: { ...capture(), teams: teams(51) } }, sender);
    expect(reply).toEqual({ ok: false, error: { code: 'INVALID_REQUEST', message: expect.stringContaining('at most 50 teams') } });
    const reply201 = await route({ type: 'keys.capture', data: { ...capture(), teams: teams(201) } }, sender);
    expect(reply201).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect((await v.status()).keyCount).toBe(0);
    const ok = await route({ type: 'keys.capture', data: { ...capture(), teams: teams(50) } }, sender);
    expect(ok).toMatchObject({ ok: true, data: { id: expect.any(String) } });
    // A record over the caps that reaches the stored schema anyway is INVALID_REQUEST too, never INTERNAL.
    const over = await errorOf(v.capture({ ...capture(), teams: teams(51) }));
    expect(over).toMatchObject({ code: 'INVALID_REQUEST', message: 'Not saved: teams: at most 50 teams.' });
    expect((await v.status()).keyCount).toBe(1);
  });

  it('captures sent in parallel cannot overshoot: 15 at once → 10 land, 5 RATE_LIMITED', async () => {
    const v = vault({ now: () => 1_000_000 });
    await v.create(PASS);
    const results = await Promise.allSettled(Array.from({ length: 15 }, (_, i) => v.capture(capture(`secret-${i}-xxxxxxxx`, `k${i}`))));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => (r.reason as ProtocolError).code);
    expect(refused).toEqual(Array(5).fill('RATE_LIMITED'));
    expect((await v.status()).keyCount).toBe(10);
  });

  it('a vault holding 1,000 records refuses another capture with QUOTA and stores nothing', async () => {
    const v = vault();
    await v.create(PASS);
    const filler = Object.fromEntries(Array.from({ length: 999 }, (_, i) => [`${RECORD_PREFIX}filler-${String(i).padStart(4, '0')}`, { junk: true }]));
    await fakeBrowser.storage.local.set(filler);
    await v.capture(capture()); // the 1,000th
    expect((await v.status()).keyCount).toBe(1_000);
    const err = await errorOf(v.capture(capture()));
    expect(err).toMatchObject({
      code: 'QUOTA',
      message: 'Not saved: the vault is full (1,000 keys). Copy this key from Cloudcraft now, then delete keys you no longer need.',
    });
    expect((await v.status()).keyCount).toBe(1_000);
  });
});

describe('wrong passphrase throttle', () => {
  const WRONG_PASS = 'not the passphrase at all';
  const limited = (s: number) => ({ code: 'RATE_LIMITED', message: `Too many wrong passphrases: try again in ${s} s.` });

  async function lockedVault(clock: () => number) {
    const v = vault({ now: clock });
    await v.create(PASS);
    await v.lock();
    return v;
  }

  it('5 wrong passphrases are free; then 1 s, 2 s, 4 s … capped at 60 s, even for the right one; success resets', async () => {
    let t = 1_000_000;
    const v = await lockedVault(() => t);
    for (let i = 0; i < 5; i++) expect((await errorOf(v.unlock(WRONG_PASS))).code).toBe('WRONG_PASSPHRASE');
    expect(await errorOf(v.unlock(PASS))).toMatchObject(limited(1));
    expect(await v.status()).toMatchObject({ state: 'locked' });
    const delays = [1, 2, 4, 8, 16, 32, 60, 60];
    for (const [i, d] of delays.entries()) {
      t += d * 1000 - 1;
      expect(await errorOf(v.unlock(WRONG_PASS)), `still waiting ${d} s`).toMatchObject(limited(1));
      t += 1;
      expect((await errorOf(v.unlock(WRONG_PASS))).code).toBe('WRONG_PASSPHRASE');
      expect(await errorOf(v.unlock(WRONG_PASS))).toMatchObject(limited(delays[i + 1] ?? 60));
    }
    t += 60_000;
    expect(await v.unlock(PASS)).toEqual({ state: 'unlocked' });
    expect(Object.keys(await fakeBrowser.storage.local.get(null)).filter((k) => k.startsWith('limits.'))).toEqual([]);
    await v.lock();
    for (let i = 0; i < 5; i++) expect((await errorOf(v.unlock(WRONG_PASS))).code).toBe('WRONG_PASSPHRASE');
    expect(await errorOf(v.unlock(WRONG_PASS))).toMatchObject(limited(1));
  });

  it('keeps the throttle across a service worker restart, and a browser or extension restart (storage.session cleared, a new worker)', async () => {
    let t = 1_000_000;
    const v = await lockedVault(() => t);
    for (let i = 0; i < 6; i++) await errorOf(v.unlock(WRONG_PASS)); // 5 wrong, the 6th already refused
    expect(await fakeBrowser.storage.local.get('limits.unlock')).toEqual({ 'limits.unlock': { failures: 5, notBefore: 1_001_000 } });
    expect(await errorOf(vault({ now: () => t }).unlock(PASS))).toMatchObject(limited(1));
    await fakeBrowser.storage.session.clear();
    const restarted = vault({ now: () => t });
    expect(await errorOf(restarted.unlock(PASS))).toMatchObject(limited(1));
    t += 1_000;
    expect(await restarted.unlock(PASS)).toEqual({ state: 'unlocked' });
    expect(await fakeBrowser.storage.local.get('limits.unlock')).toEqual({});
  });

  it('backup import shares the throttle: wrong backup passphrases count, a refused import runs no PBKDF2, and a right one forgives nothing', async () => {
    let t = 1_000_000;
    const v = await lockedVault(() => t);
    await v.unlock(PASS);
    await v.capture(capture());
    const { json } = await v.exportBackup();
    await v.lock();
    for (let i = 0; i < 5; i++) expect((await errorOf(v.importBackup(json, WRONG_PASS))).code).toBe('WRONG_PASSPHRASE');
    expect(await errorOf(v.importBackup(json, PASS))).toMatchObject(limited(1));
    expect(await errorOf(v.unlock(PASS))).toMatchObject(limited(1));
    // Across a restart too.
    await fakeBrowser.storage.session.clear();
    const restarted = vault({ now: () => t });
    expect(await errorOf(restarted.importBackup(json, PASS))).toMatchObject(limited(1));
    t += 1_000;
    expect(await restarted.importBackup(json, PASS)).toEqual({ added: 0, skipped: 1 });
    // The backup's passphrase proved nothing about the vault's: the 5 failures stand.
    expect(await fakeBrowser.storage.local.get('limits.unlock')).toEqual({ 'limits.unlock': { failures: 5, notBefore: 1_001_000 } });
    expect((await errorOf(restarted.unlock(WRONG_PASS))).code).toBe('WRONG_PASSPHRASE');
    expect(await errorOf(restarted.unlock(PASS))).toMatchObject(limited(2));
  });

  it('parallel attempts cannot bypass it: 8 at once → 5 checked (WRONG_PASSPHRASE), 3 refused before any PBKDF2', async () => {
    const v = await lockedVault(() => 5_000);
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => v.unlock(WRONG_PASS)));
    const codes = results.map((r) => (r.status === 'rejected' ? (r.reason as ProtocolError).code : 'ok'));
    expect(codes.filter((c) => c === 'WRONG_PASSPHRASE')).toHaveLength(5);
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(3);
  });

  it('change-passphrase shares the counter (a locked vault offers no unthrottled oracle)', async () => {
    const t = 1_000_000;
    const v = await lockedVault(() => t);
    for (let i = 0; i < 3; i++) expect((await errorOf(v.unlock(WRONG_PASS))).code).toBe('WRONG_PASSPHRASE');
    for (let i = 0; i < 2; i++) expect((await errorOf(v.changePassphrase(WRONG_PASS, 'another good passphrase'))).code).toBe('WRONG_PASSPHRASE');
    expect(await errorOf(v.changePassphrase(PASS, 'another good passphrase'))).toMatchObject(limited(1));
    expect(await errorOf(v.unlock(PASS))).toMatchObject(limited(1));
  });
});

describe('auto-lock while the popup is open', () => {
  it('a popup polling vault.status every 5 s is not activity: the alarm still locks at 15 min', async () => {
    let t = 1_000_000;
    const v = vault({ now: () => t });
    await settingsItem.set({ autoLockMinutes: 15, clipboardClearSeconds: 30, autoCapture: true });
    await v.create(PASS);
    await v.touch(); // the popup opened: activity
    const activityAt = (await fakeBrowser.storage.session.get('vault.activity'))['vault.activity'];
    expect(activityAt).toBe(1_000_000);
    const alarm = await fakeBrowser.alarms.get(AUTOLOCK_ALARM);
    expect(alarm?.scheduledTime).toBeGreaterThanOrEqual(Date.now() + 14.9 * 60_000);

    for (let i = 0; i < (15 * 60) / 5 - 1; i++) {
      t += 5_000;
      expect((await v.status()).state).toBe('unlocked');
    }
    expect((await fakeBrowser.storage.session.get('vault.activity'))['vault.activity']).toBe(activityAt);
    // The alarm set at unlock/touch is unchanged by the polling (it was never re-armed).
    expect((await fakeBrowser.alarms.get(AUTOLOCK_ALARM))?.scheduledTime).toBe(alarm?.scheduledTime);
    t += 5_000; // 15 min since the last activity: the alarm fires, the popup still open and polling
    await v.onAlarm(AUTOLOCK_ALARM);
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
    expect((await v.status()).state).toBe('locked');
    expect((await errorOf(v.list())).code).toBe('LOCKED');
  });

  it('a status poll after the deadline reports locked even when the alarm was missed, and locks', async () => {
    let t = 1_000_000;
    const v = vault({ now: () => t });
    await settingsItem.set({ autoLockMinutes: 15, clipboardClearSeconds: 30, autoCapture: true });
    await v.create(PASS);
    t += 15 * 60_000;
    expect((await v.status()).state).toBe('locked');
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
  });
});

describe('verify at capture (GET /user/me with the captured key)', () => {
  const stored = async (id: string) => (await fakeBrowser.storage.local.get(RECORD_PREFIX + id))[RECORD_PREFIX + id] as StoredRecord;

  it('200: verified, one call with only the bearer header; the mark is stored and listed', async () => {
    const fetchMock = fakeUserMe();
    const v = vault({ fetch: fetchMock });
    await v.create(PASS);
    const r = await v.capture(capture());
    expect(r).toEqual({ id: expect.any(String), verification: 'verified' });
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [url, init] = fetchMock.mock.calls[0]!;
    expect([url, init?.method, init?.credentials, init?.redirect]).toEqual(['https://api.cloudcraft.co/user/me', 'GET', 'omit', 'error']);
    expect(new Headers(init?.headers).get('Authorization')).toBe(`Bearer ${SECRET}`);
    expect((await stored(r.id)).verification).toBe('verified');
    expect((await v.list()).keys.map((k) => [k.name, k.verification])).toEqual([['ci-read', 'verified']]);
  });

  it('401: rejected (the captured text is not a working key); the key is kept, and still opens', async () => {
    const v = vault();
    await v.create(PASS);
    const r = await v.capture(capture('rejected-0123456789abcdefghij'));
    expect(r.verification).toBe('rejected');
    expect((await stored(r.id)).verification).toBe('rejected');
    expect(await v.reveal(r.id)).toEqual({ secret: 'rejected-0123456789abcdefghij' });
  });

  it.each([
    ['429', async () => new Response('slow down', { status: 429 })],
    ['500', async () => new Response('oops', { status: 500 })],
    ['offline', async () => Promise.reject(new TypeError('fetch failed'))],
  ])('%s: unverified, and the key is stored all the same', async (_, answer) => {
    const v = vault({ fetch: vi.fn<typeof fetch>(answer) });
    await v.create(PASS);
    const r = await v.capture(capture());
    expect(r.verification).toBe('unverified');
    expect((await v.list()).keys.map((k) => k.verification)).toEqual(['unverified']);
  });

  it('no answer within 5 s: unverified after the timeout, stored before it (the request is aborted)', async () => {
    let aborted = false;
    const hang = vi.fn<typeof fetch>(
      (_url, init) =>
        new Promise((_, reject) =>
          init?.signal?.addEventListener('abort', () => {
            aborted = true;
            reject(init.signal!.reason);
          }),
        ),
    );
    const v = vault({ fetch: hang });
    await v.create(PASS);
    const started = Date.now();
    const pending = v.capture(capture());
    await vi.waitFor(async () => expect(Object.keys(await fakeBrowser.storage.local.get(null)).some((k) => k.startsWith(RECORD_PREFIX))).toBe(true));
    const r = await pending;
    expect(Date.now() - started).toBeGreaterThanOrEqual(4_900);
    expect(aborted).toBe(true);
    expect(r.verification).toBe('unverified');
  }, 10_000);

  it('with the setting off: no request at all, the key stored unverified', async () => {
    const fetchMock = fakeUserMe();
    const v = vault({ fetch: fetchMock });
    await v.create(PASS);
    await settingsItem.set({ ...(await settingsItem.get()), verifyOnCapture: false });
    const r = await v.capture(capture());
    expect(r.verification).toBe('unverified');
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('the mark is not authenticated data: forging it changes the list, not the secret', async () => {
    const v = vault();
    await v.create(PASS);
    const { id } = await v.capture(capture());
    const rec = await stored(id);
    await fakeBrowser.storage.local.set({ [RECORD_PREFIX + id]: { ...rec, verification: 'rejected' } });
    expect(await v.reveal(id)).toEqual({ secret: SECRET });
  });
});

describe('key lifecycle: notes, revoked marks, undo, the index, team names', () => {
  it('a note and a revoked mark are stored beside the sealed secret, which opens unchanged', async () => {
    const v = vault();
    await v.create(PASS);
    const { id } = await v.capture(capture());
    expect((await v.setNote(id, '  used by: deploy pipeline  ')).key.note).toBe('used by: deploy pipeline');
    const revoked = (await v.setRevoked(id, true)).key.revokedAt;
    expect(revoked).toEqual(expect.any(Number));
    expect((await v.setRevoked(id, true)).key.revokedAt).toBe(revoked); // marked once, when it happened
    expect(await rawRecord(id)).toMatchObject({ note: 'used by: deploy pipeline', revokedAt: revoked });
    expect(await v.reveal(id)).toEqual({ secret: SECRET });
    expect((await v.setRevoked(id, false)).key.revokedAt).toBeNull();
    await v.lock();
    expect((await errorOf(v.setNote(id, 'x'))).code).toBe('LOCKED');
  });

  it('Undo: a deleted record comes back as it was; a foreign or altered one, or a second copy, is refused', async () => {
    const v = vault();
    await v.create(PASS);
    const { id } = await v.capture(capture());
    const { removed } = await v.remove(id);
    expect((await v.restore(removed!)).key).toMatchObject({ id, name: 'ci-read' });
    expect(await v.reveal(id)).toEqual({ secret: SECRET });
    expect((await errorOf(v.restore(removed!))).code).toBe('ALREADY_INITIALIZED');
    await v.remove(id);
    expect((await errorOf(v.restore({ ...removed!, name: 'altered' }))).code).toBe('CORRUPT_RECORD');
    expect((await errorOf(v.restore({ nonsense: true }))).code).toBe('INVALID_REQUEST');
    expect((await v.list()).keys).toEqual([]);
  });

  it('matches the rows Cloudcraft lists with live keys, while locked too; a rotation points at the key it replaces', async () => {
    let t = 1_700_000_000_000;
    const v = vault({ now: () => t });
    await v.create(PASS);
    const old = await v.capture(capture(SECRET, 'deploy-2026-09-01'));
    t += 1000;
    const next = await v.capture({ ...capture('new-secret-0123456789abcdef', 'deploy-2026-12-05'), rotatedFrom: old.id });
    const ghost = await v.capture({ ...capture('ghost-secret-0123456789abcd', 'ghost'), rotatedFrom: 'not-a-stored-key' });
    await v.setRevoked(old.id, true);
    await v.lock();
    const day = new Date(t).toISOString().slice(0, 10);
    const oldDay = new Date(t - 1000).toISOString().slice(0, 10);
    const listed = [
      { name: 'deploy-2026-09-01', created: oldDay }, // revoked in the vault: not a live key
      { name: 'deploy-2026-12-05', created: day },
      { name: 'ghost', created: '1999-01-01' }, // another date: another key
      { name: 'made-elsewhere', created: null },
    ];
    expect(await v.match(listed)).toEqual({ rows: ['unknown', 'stored', 'unknown', 'unknown'] });
    await v.unlock(PASS);
    const keys = (await v.list()).keys;
    expect(keys.find((k) => k.id === next.id)?.rotatedFrom).toBe(old.id);
    expect(keys.find((k) => k.id === ghost.id)?.rotatedFrom).toBeNull();
  });

  it('team names from Cloudcraft: GET /team with the stored key, names only, once', async () => {
    const fetchMock = vi.fn<typeof fetch>(async () =>
      new Response(JSON.stringify([{ id: 't1', name: 'Engineering', members: [] }, { id: 't2', name: ' Data Platform ' }, { id: 't3' }, { id: 't4', name: 'Engineering' }]), { status: 200 }),
    );
    const v = vault({ fetch: fetchMock });
    await v.create(PASS);
    await settingsItem.set({ ...(await settingsItem.get()), verifyOnCapture: false });
    const { id } = await v.capture(capture());
    expect(await v.teams(id)).toEqual({ status: 'ok', teams: ['Engineering', 'Data Platform'] });
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [url, init] = fetchMock.mock.calls[0]!;
    expect([url, init?.method, new Headers(init?.headers).get('Authorization')]).toEqual(['https://api.cloudcraft.co/team', 'GET', `Bearer ${SECRET}`]);
    fetchMock.mockResolvedValueOnce(new Response('{"error":"Unauthorized"}', { status: 401 }));
    expect(await v.teams(id)).toEqual({ status: 'rejected', httpStatus: 401 });
    fetchMock.mockResolvedValueOnce(new Response('{"teams":[]}', { status: 200 }));
    expect(await v.teams(id)).toEqual({ status: 'network-error', message: 'Cloudcraft answered with something that is not a list of teams.' });
  });

  it('teams.fromCloudcraft through the router: extension pages only, never the content script; locked and unknown keys refused in words', async () => {
    const fetchMock = vi.fn<typeof fetch>(async () => new Response(JSON.stringify([{ id: 't1', name: 'Engineering' }]), { status: 200 }));
    const v = vault({ fetch: fetchMock });
    await v.create(PASS);
    await settingsItem.set({ ...(await settingsItem.get()), verifyOnCapture: false });
    const { id } = await v.capture(capture());
    // Static imports: the modules `v` was built from (other tests reset the module registry).
    const route = createRouter(createVaultHandlers(v), { extensionId: 'ext', extensionOrigin: 'chrome-extension://ext' });
    const optionsPage = { id: 'ext', url: 'chrome-extension://ext/src/options/index.html' };
    const contentScript = { id: 'ext', url: 'https://app.cloudcraft.co/', tab: { id: 1 }, frameId: 0 };

    const fromTab = await route({ type: 'teams.fromCloudcraft', data: { id } }, contentScript);
    expect(fromTab).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(fetchMock).not.toHaveBeenCalled();

    expect(await route({ type: 'teams.fromCloudcraft', data: { id } }, optionsPage)).toEqual({ ok: true, data: { status: 'ok', teams: ['Engineering'] } });
    expect(new Headers(fetchMock.mock.calls[0]![1]?.headers).get('Authorization')).toBe(`Bearer ${SECRET}`);

    const unknown = await route({ type: 'teams.fromCloudcraft', data: { id: 'not-a-stored-key' } }, optionsPage);
    expect(unknown).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    await v.lock();
    const locked = await route({ type: 'teams.fromCloudcraft', data: { id } }, optionsPage);
    expect(locked).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    expect(fetchMock).toHaveBeenCalledTimes(1);
    // No reply carries the secret.
    expect(JSON.stringify([fromTab, unknown, locked])).not.toContain(SECRET);
  });
});
