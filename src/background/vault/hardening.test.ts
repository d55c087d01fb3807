/**
 * The vault out of the page's reach and its defences: where it lives and its migration, the pin,
 * the key-pair check, KDF floor, cap and upgrade, locking on screen lock and after sleep.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from '@webext-core/fake-browser';
import { ProtocolError } from '../../shared/protocol';
import type { CaptureRequest } from '../../shared/schemas';
import { settingsItem } from '../../shared/storage';
import { META_KEY, SESSION_KEY } from '../../shared/vaultStorage';
import { indexedDbArea } from '../../shared/kvArea';
import { diskStrength } from '../../test/strength';
import { createVaultService, type VaultOptions } from './vault';
import { fromBase64, toBase64, utf8 } from './encoding';
import { sealWithPassphrase } from './envelope';
import { RECORD_PREFIX, recordAad, wrappedKeyAad, type StoredRecord, type VaultMeta } from './records';
import { generateVaultKeyPair, seal } from './sealing';
import { PIN_KEY, type Pin } from './store';
import v1Storage from '../../../tests/fixtures/vault-v1.storage-local.json';

vi.mock('../../shared/browser', () => ({ browser: fakeBrowser }));

const PASS = 'correct horse battery staple';
const FAST = 1_000;
const SECRET = 'ccapi_SuperSecretValue_0123456789abcdef';
const V1_PASS = 'fixture passphrase: frozen v1 vault';
const V1_SECRETS: Record<string, string> = {
  'ci-read-2026-12-05': 'Zm9yIHRoZSBmcm96ZW4gdjEgZml4dHVyZSBvbmx5ISE=',
  'deploy-write': 'dGVhbSBrZXkgb2YgdGhlIGZyb3plbiBmaXh0dXJlIQ==',
};

function vault(opts: VaultOptions = {}) {
  return createVaultService({ iterations: FAST, minIterations: FAST, strength: diskStrength, fetch: async () => new Response('{}', { status: 200 }), ...opts });
}

function capture(secret = SECRET, name = 'ci-read'): CaptureRequest {
  return { secret, name, permission: 'read', teams: [], templateId: null, templateLabel: null, capturedAt: 0 };
}

async function errorOf(p: Promise<unknown>): Promise<ProtocolError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ProtocolError);
  return err as ProtocolError;
}

const storedMeta = async () => (await fakeBrowser.storage.local.get(META_KEY))[META_KEY] as VaultMeta;
const pinned = async () => (await indexedDbArea().get(PIN_KEY))[PIN_KEY] as Pin | undefined;
const sha256 = async (b64: string) => toBase64(new Uint8Array(await crypto.subtle.digest('SHA-256', fromBase64(b64))));
const recordCount = async () => Object.keys(await fakeBrowser.storage.local.get(null)).filter((k) => k.startsWith(RECORD_PREFIX)).length;

/** The header of another vault (its own key pair and id), wrapped by `pass`. */
async function foreignHeader(pass: string): Promise<VaultMeta> {
  const { publicKey, privateKeyPkcs8 } = await generateVaultKeyPair();
  const id = crypto.randomUUID();
  return { version: 1, id, createdAt: 1, publicKey, wrappedPrivateKey: await sealWithPassphrase(privateKeyPkcs8, pass, wrappedKeyAad({ id, publicKey }), FAST) };
}

beforeEach(() => {
  fakeBrowser.reset();
});

describe('where the vault lives', () => {
  it('Chrome: storage.local is closed to content scripts (TRUSTED_CONTEXTS) before the vault is read or written', async () => {
    const local = fakeBrowser.storage.local as unknown as { accessLevel?: string; setAccessLevel(o: { accessLevel: string }): Promise<void> };
    delete local.accessLevel;
    const levelAtEachRead: string[] = [];
    const get = fakeBrowser.storage.local.get.bind(fakeBrowser.storage.local);
    vi.spyOn(fakeBrowser.storage.local, 'get').mockImplementation(async (keys) => {
      levelAtEachRead.push(local.accessLevel ?? 'open');
      return get(keys as never);
    });
    const v = vault();
    await v.create(PASS);
    await v.capture(capture());
    expect(local.accessLevel).toBe('TRUSTED_CONTEXTS');
    expect(levelAtEachRead.length).toBeGreaterThan(0);
    expect(new Set(levelAtEachRead)).toEqual(new Set(['TRUSTED_CONTEXTS']));
  });

  it('Firefox (no setAccessLevel): the vault lives in the extension\'s IndexedDB, and storage.local holds none of it', async () => {
    const local = fakeBrowser.storage.local as unknown as { setAccessLevel?: unknown };
    const saved = local.setAccessLevel;
    delete local.setAccessLevel;
    try {
      const v = vault();
      await v.create(PASS);
      const { id } = await v.capture(capture());
      for (let i = 0; i < 2; i++) await errorOf(v.rotateKey('not the passphrase at all')); // throttle state
      expect(Object.keys(await fakeBrowser.storage.local.get(null))).toEqual([]);
      const idb = await indexedDbArea().get(null);
      expect(Object.keys(idb).sort()).toEqual(['limits.capture', 'limits.unlock', META_KEY, PIN_KEY, RECORD_PREFIX + id].sort());
      expect(JSON.stringify(idb)).not.toContain(SECRET);
      await v.lock();
      await v.unlock(PASS);
      expect(await v.reveal(id)).toEqual({ secret: SECRET });
    } finally {
      local.setAccessLevel = saved;
    }
  });
});

describe('a vault kept in IndexedDB by a browser that could not close storage.local then', () => {
  it('is still found once the browser can close storage.local (not taken for no vault)', async () => {
    const local = fakeBrowser.storage.local as unknown as { setAccessLevel?: unknown };
    const saved = local.setAccessLevel;
    delete local.setAccessLevel;
    let id: string;
    try {
      const before = vault();
      await before.create(PASS);
      id = (await before.capture(capture())).id;
    } finally {
      local.setAccessLevel = saved;
    }
    await fakeBrowser.storage.session.clear(); // a browser update restarts it
    const after = vault();
    expect(await after.status()).toEqual({ state: 'locked', keyCount: 1 });
    await after.unlock(PASS);
    expect(await after.reveal(id)).toEqual({ secret: SECRET });
    expect(Object.keys(await fakeBrowser.storage.local.get(null)).filter((k) => k.startsWith('vault.'))).toEqual([]);
  });
});

describe('migration of a format-1 vault (the frozen fixture), in one step, nothing lost', () => {
  /** The product's defaults (600,000 iterations target, floor 100,000) but for the dictionaries' loader. */
  const production = () => createVaultService({ strength: diskStrength });

  async function opensEverything(v: ReturnType<typeof production>) {
    expect(await v.status()).toEqual({ state: 'locked', keyCount: 2 });
    await v.unlock(V1_PASS);
    const { keys, broken } = await v.list();
    expect(broken).toEqual([]);
    expect(keys.map((k) => k.name).sort()).toEqual(Object.keys(V1_SECRETS).sort());
    for (const k of keys) expect((await v.reveal(k.id)).secret).toBe(V1_SECRETS[k.name]);
  }

  it('Chrome: stays in storage.local, now closed, and the header is pinned (id and SHA-256 of its public key)', async () => {
    await fakeBrowser.storage.local.set(structuredClone(v1Storage));
    const v = production();
    await opensEverything(v);
    const meta = v1Storage['vault.meta'];
    expect(await pinned()).toEqual({ version: 1, vaultId: meta.id, publicKeySha256: await sha256(meta.publicKey), retired: [] });
    expect((fakeBrowser.storage.local as unknown as { accessLevel?: string }).accessLevel).toBe('TRUSTED_CONTEXTS');
    const local = await fakeBrowser.storage.local.get(null);
    for (const [k, value] of Object.entries(v1Storage)) expect(local[k]).toEqual(value);
  });

  it('Firefox: moved into IndexedDB (with the pin) and removed from storage.local; a worker stopped half-way loses nothing', async () => {
    const local = fakeBrowser.storage.local as unknown as { setAccessLevel?: unknown };
    const saved = local.setAccessLevel;
    delete local.setAccessLevel;
    try {
      await fakeBrowser.storage.local.set({ ...structuredClone(v1Storage), settings: { autoLockMinutes: 5, clipboardClearSeconds: 30, autoCapture: true } });
      // The first start copies, then its worker stops before removing the copies from storage.local.
      const remove = vi.spyOn(fakeBrowser.storage.local, 'remove').mockRejectedValueOnce(new Error('worker stopped'));
      await expect(production().status()).rejects.toThrow('worker stopped');
      remove.mockRestore();
      expect(Object.keys(await indexedDbArea().get(null)).sort()).toEqual([...Object.keys(v1Storage), PIN_KEY].sort());
      expect(Object.keys(await fakeBrowser.storage.local.get(null)).sort()).toEqual([...Object.keys(v1Storage), 'settings'].sort());
      // The next start finishes the move.
      const v = production();
      await opensEverything(v);
      expect(Object.keys(await fakeBrowser.storage.local.get(null))).toEqual(['settings']);
      const idb = await indexedDbArea().get(null);
      for (const [k, value] of Object.entries(v1Storage)) expect(idb[k]).toEqual(value);
      expect((idb[PIN_KEY] as Pin).vaultId).toBe(v1Storage['vault.meta'].id);
    } finally {
      local.setAccessLevel = saved;
    }
  });
});

describe('the pin', () => {
  it('a public key replaced in storage: captures are refused with HEADER_MISMATCH, locked or unlocked, and nothing is sealed to it', async () => {
    const v = vault();
    await v.create(PASS);
    const meta = await storedMeta();
    expect(await pinned()).toEqual({ version: 1, vaultId: meta.id, publicKeySha256: await sha256(meta.publicKey), retired: [] });
    const attacker = await foreignHeader('the attacker knows this one');
    for (const header of [{ ...meta, publicKey: attacker.publicKey }, attacker]) {
      await fakeBrowser.storage.local.set({ [META_KEY]: header });
      for (const locked of [false, true]) {
        if (locked) await v.lock();
        const err = await errorOf(v.capture(capture()));
        expect(err).toMatchObject({
          code: 'HEADER_MISMATCH',
          message:
            "Not saved: the vault header in browser storage is not the one this browser pinned (its id or public key changed), so the key could be sealed to someone else's key. Copy this key from Cloudcraft now, then unlock the vault: unlocking checks the header and pins it again.",
        });
        expect(await recordCount()).toBe(0);
      }
    }
    // The right header back: captures land again.
    await fakeBrowser.storage.local.set({ [META_KEY]: meta });
    await expect(v.capture(capture())).resolves.toMatchObject({ id: expect.any(String) });
  });

  it('a header whose private key is not its public key\'s half is refused at unlock (CORRUPT_RECORD), even with the right passphrase', async () => {
    const v = vault();
    await v.create(PASS);
    await v.lock();
    // Another key pair's private key, wrapped by the user's passphrase for this header's id and public key.
    const meta = await storedMeta();
    const other = await generateVaultKeyPair();
    const wrappedPrivateKey = await sealWithPassphrase(other.privateKeyPkcs8, PASS, wrappedKeyAad(meta), FAST);
    await fakeBrowser.storage.local.set({ [META_KEY]: { ...meta, wrappedPrivateKey } });
    expect(await errorOf(v.unlock(PASS))).toMatchObject({
      code: 'CORRUPT_RECORD',
      message: 'The vault header in browser storage is damaged: its public key does not belong to its private key. Restore it from a backup file.',
    });
    expect(Object.keys(await fakeBrowser.storage.session.get(null))).not.toContain(SESSION_KEY);
  });

  it('an unlock re-pins a header its passphrase opened (a pin write lost after a rotation), but never a header a rotation retired', async () => {
    const v = vault();
    await v.create(PASS);
    const before = await storedMeta();
    await v.rotateKey(PASS);
    const after = await storedMeta();
    expect(await pinned()).toEqual({ version: 1, vaultId: after.id, publicKeySha256: await sha256(after.publicKey), retired: [before.id] });
    // The old header put back (same passphrase): refused.
    await fakeBrowser.storage.local.set({ [META_KEY]: before });
    await v.lock();
    expect(await errorOf(v.unlock(PASS))).toMatchObject({
      code: 'CORRUPT_RECORD',
      message: 'The vault header in browser storage is an older one, retired when the vault key was rotated. Restore your vault from a recent backup file.',
    });
    expect((await errorOf(v.capture(capture()))).code).toBe('HEADER_MISMATCH');
    // A pin left behind (as if the pin write after the header's failed): the passphrase proves the header, unlock re-pins it.
    await fakeBrowser.storage.local.set({ [META_KEY]: after });
    await indexedDbArea().set({ [PIN_KEY]: { version: 1, vaultId: 'stale-id-0000', publicKeySha256: 'x', retired: [before.id] } });
    expect((await errorOf(v.capture(capture()))).code).toBe('HEADER_MISMATCH');
    await v.unlock(PASS);
    expect(await pinned()).toEqual({ version: 1, vaultId: after.id, publicKeySha256: await sha256(after.publicKey), retired: [before.id, 'stale-id-0000'] });
    await expect(v.capture(capture())).resolves.toMatchObject({ id: expect.any(String) });
  });
});

describe('PBKDF2: floor, cap, upgrade', () => {
  it('an unlock below today\'s count re-wraps the key under a fresh salt and IV at today\'s count, in one write; same key pair, id and records', async () => {
    const old = vault({ iterations: FAST });
    await old.create(PASS);
    const { id } = await old.capture(capture());
    await old.lock();
    const before = await storedMeta();
    const records = JSON.stringify(await fakeBrowser.storage.local.get(RECORD_PREFIX + id));
    const v = vault({ iterations: 5_000 });
    const set = vi.spyOn(fakeBrowser.storage.local, 'set');
    await v.unlock(PASS);
    expect(set.mock.calls.map(([items]) => Object.keys(items as object)).filter((keys) => !keys.every((k) => k.startsWith('limits.')))).toEqual([[META_KEY]]);
    const after = await storedMeta();
    expect(after.wrappedPrivateKey.kdf.iterations).toBe(5_000);
    expect(after.wrappedPrivateKey.kdf.salt).not.toBe(before.wrappedPrivateKey.kdf.salt);
    expect(after.wrappedPrivateKey.iv).not.toBe(before.wrappedPrivateKey.iv);
    expect({ ...after, wrappedPrivateKey: null }).toEqual({ ...before, wrappedPrivateKey: null });
    expect(JSON.stringify(await fakeBrowser.storage.local.get(RECORD_PREFIX + id))).toBe(records);
    await v.lock();
    set.mockClear();
    await v.unlock(PASS); // at the target now: no write
    expect(set.mock.calls.filter(([items]) => META_KEY in (items as object))).toEqual([]);
    expect(await v.reveal(id)).toEqual({ secret: SECRET });
  });

  it('production floor (100,000): a header or a backup asking for 1,000 iterations is refused before any PBKDF2, and nothing changes', async () => {
    const weak = vault();
    await weak.create(PASS);
    await weak.capture(capture());
    const { json } = await weak.exportBackup();
    await weak.lock();
    const production = createVaultService({ strength: diskStrength });
    expect(await errorOf(production.unlock(PASS))).toMatchObject({
      code: 'CORRUPT_RECORD',
      message: 'The vault header in browser storage asks for only 1,000 PBKDF2 iterations, fewer than the 100,000 this version accepts. Restore the vault from a backup file.',
    });
    fakeBrowser.reset();
    globalThis.indexedDB = new (await import('fake-indexeddb')).IDBFactory();
    expect(await errorOf(createVaultService({ strength: diskStrength }).importBackup(json, PASS))).toMatchObject({
      code: 'BAD_BACKUP',
      message: 'This is not a usable Cloudcraft Key Helper backup: its passphrase is protected by only 1,000 PBKDF2 iterations, fewer than the 100,000 this version accepts. Nothing was imported.',
    });
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
  });

  it('a backup asking for more than 2,000,000 iterations is BAD_BACKUP at once (no minutes of PBKDF2)', async () => {
    const v = vault();
    await v.create(PASS);
    const file = JSON.parse((await v.exportBackup()).json);
    file.vault.wrappedPrivateKey.kdf.iterations = 9_000_000;
    const started = performance.now();
    expect(await errorOf(v.importBackup(JSON.stringify(file), PASS))).toMatchObject({
      code: 'BAD_BACKUP',
      message: 'This is not a usable Cloudcraft Key Helper backup: vault.wrappedPrivateKey.kdf.iterations: at most 2,000,000 PBKDF2 iterations. Nothing was imported.',
    });
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('screen lock and sleep', () => {
  it('the screen locking locks the vault (setting on by default); with the setting off it stays unlocked', async () => {
    const v = vault();
    await v.create(PASS);
    await v.onIdleState('idle');
    expect((await v.status()).state).toBe('unlocked');
    await v.onIdleState('locked');
    expect((await v.status()).state).toBe('locked');
    expect(Object.keys(await fakeBrowser.storage.session.get(null))).not.toContain(SESSION_KEY);
    await v.unlock(PASS);
    await settingsItem.set({ ...(await settingsItem.get()), lockOnScreenLock: false });
    await v.onIdleState('locked');
    expect((await v.status()).state).toBe('unlocked');
  });

  it('waking after sleeping longer than the auto-lock time locks at once: the key material is gone before any use', async () => {
    let t = 10_000_000;
    const v = vault({ now: () => t });
    await settingsItem.set({ ...(await settingsItem.get()), autoLockMinutes: 15, lockOnScreenLock: false });
    await v.create(PASS);
    t += 10 * 60_000;
    await v.onIdleState('active'); // 10 min: still within the auto-lock time
    expect(Object.keys(await fakeBrowser.storage.session.get(null))).toContain(SESSION_KEY);
    t += 6 * 60_000; // slept past it
    await v.onIdleState('active');
    expect(Object.keys(await fakeBrowser.storage.session.get(null))).not.toContain(SESSION_KEY);
  });
});

describe('stored schema and message schema', () => {
  it('a record of the first format with 51 teams (it allowed 200) still opens; one over 200 is listed as broken, others open', async () => {
    const v = vault();
    await v.create(PASS);
    const { id } = await v.capture(capture());
    const rec = (await fakeBrowser.storage.local.get(RECORD_PREFIX + id))[RECORD_PREFIX + id] as StoredRecord;
    const teams = (n: number) => Array.from({ length: n }, (_, i) => ({ team: `t${i}`, access: 'read' as const }));
    await fakeBrowser.storage.local.set({ [`${RECORD_PREFIX}aaaaaaaa-0000`]: { ...rec, id: 'aaaaaaaa-0000', name: 'too many teams', teams: teams(201) } });
    // A record of the first format with 51 teams, sealed as that format sealed it (metadata bound as AAD).
    const meta = (await fakeBrowser.storage.local.get(META_KEY))[META_KEY] as { publicKey: string };
    const { sealed: _s, ...base } = { ...rec, id: 'bbbbbbbb-0051', name: 'legacy 51 teams', teams: teams(51) };
    const legacySecret = 'legacy-secret-0123456789ab';
    const legacy = { ...base, sealed: await seal(utf8(legacySecret), meta.publicKey, recordAad(base)) };
    await fakeBrowser.storage.local.set({ [`${RECORD_PREFIX}bbbbbbbb-0051`]: legacy });
    const { keys, broken } = await v.list();
    expect(keys.map((k) => [k.name, k.teams.length]).sort()).toEqual([['ci-read', capture().teams.length], ['legacy 51 teams', 51]]);
    expect(await v.reveal('bbbbbbbb-0051')).toEqual({ secret: legacySecret });
    expect(broken).toEqual([{ id: 'aaaaaaaa-0000', name: 'too many teams', reason: 'Unreadable record (× at most 200 teams)' }]);
  });
});
