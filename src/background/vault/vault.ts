/**
 * Vault operations. State lives in storage only (records and header in `storage.local`, unlocked
 * key material in `storage.session`): a service worker killed at any moment and restarted finds
 * everything where it was. The only in-memory state is a queue that serializes operations which
 * read-modify-write the header or one record; captures do not wait in it (each writes its own key).
 *
 * Secrets are always sealed to the vault public key, whether the vault is locked or not; reading
 * one needs the private key, present only while unlocked.
 */
import { browser } from '../../shared/browser';
import { ProtocolError, type BrokenRecord, type CaptureRequest, type KeyMeta, type KeyTestResult, type VaultState, type Verification } from '../../shared/messages';
import { passphraseProblem } from '../../shared/passphrase';
import { settingsItem } from '../../shared/storage';
import { META_KEY, autoLockMsOf, idleExpired } from '../../shared/vaultStorage';
import { VERIFY_TIMEOUT_MS, testApiKey, verificationOf } from '../api-test';
import { buildBackup, backupFileName, badBackup, parseBackup } from './backup';
import { fromBase64, fromUtf8, toBase64, utf8 } from './encoding';
import { DecryptError, PBKDF2_ITERATIONS, openWithPassphrase, sealWithPassphrase } from './envelope';
import {
  VAULT_FORMAT_VERSION,
  allRecordIds,
  countRecords,
  deleteRecord,
  readAllRecords,
  readMeta,
  readRecord,
  recordAad,
  recordExists,
  recordKey,
  setLocal,
  toKeyMeta,
  wrappedKeyAad,
  writeMeta,
  writeRecords,
  type StoredRecord,
  type VaultMeta,
} from './records';
import { generateVaultKeyPair, importPrivateKey, openSealed, seal } from './sealing';
import { createLimits } from './limits';
import { clearSession, readLastActivity, readSession, writeLastActivity, writeSession, type SessionMaterial } from './session';

export const AUTOLOCK_ALARM = 'vault.autolock';
/** chrome.alarms fire no sooner than 30 s (Chrome 120+). */
const MIN_ALARM_MINUTES = 0.5;
/** Most records a vault holds: a capture or import beyond it is refused with QUOTA. */
export const MAX_RECORDS = 1_000;

/**
 * Whether a stored session (readSession) can unlock the vault with this header: none at all, or
 * well-formed and this vault's. False for a damaged one or another vault's (a header replaced or
 * removed while unlocked).
 */
function usableSession(s: SessionMaterial | 'damaged' | null, meta: VaultMeta | null): s is SessionMaterial | null {
  return s === null || (s !== 'damaged' && s.vaultId === meta?.id);
}

export interface VaultOptions {
  /** Clock, injectable for tests. */
  now?: () => number;
  /** PBKDF2 iterations for new envelopes (tests lower it; unlock always uses the stored count). */
  iterations?: number;
  fetch?: typeof fetch;
}

const WRONG = () => new ProtocolError('WRONG_PASSPHRASE', 'Wrong passphrase.');
const LOCKED = () => new ProtocolError('LOCKED', 'The vault is locked. Unlock it with your passphrase.');
const NOT_INITIALIZED = () => new ProtocolError('NOT_INITIALIZED', 'No vault yet: set a passphrase first.');
const corrupt = (name: string) =>
  new ProtocolError('CORRUPT_RECORD', `The stored key "${name}" fails authentication (altered or damaged) and cannot be read. Other keys are not affected.`);
const BROKEN_REASON = 'Fails authentication: altered, damaged, or sealed for another vault.';

function weak(p: string): void {
  const problem = passphraseProblem(p);
  if (problem) throw new ProtocolError('WEAK_PASSPHRASE', problem);
}

/** A FIFO queue: each task starts when the previous one settled. */
function createQueue() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}

export type VaultService = ReturnType<typeof createVaultService>;

export function createVaultService(opts: VaultOptions = {}) {
  const now = opts.now ?? (() => Date.now());
  const iterations = opts.iterations ?? PBKDF2_ITERATIONS;
  const fetchImpl = opts.fetch;
  const exclusive = createQueue();
  const limits = createLimits(now);

  async function requireMeta(): Promise<VaultMeta> {
    const meta = await readMeta();
    if (!meta) throw NOT_INITIALIZED();
    return meta;
  }

  async function autoLockMs(): Promise<number> {
    return autoLockMsOf(await settingsItem.get());
  }

  async function scheduleAutoLock(delayMs?: number): Promise<void> {
    const ms = delayMs ?? (await autoLockMs());
    if (ms > 0) await browser.alarms.create(AUTOLOCK_ALARM, { delayInMinutes: Math.max(ms / 60_000, MIN_ALARM_MINUTES) });
    else await browser.alarms.clear(AUTOLOCK_ALARM);
  }

  async function lockNow(): Promise<void> {
    await clearSession();
    await browser.alarms.clear(AUTOLOCK_ALARM);
  }

  /**
   * The stored session when the vault is unlocked and not idle longer than the auto-lock time (the
   * alarm may have been missed, e.g. the machine slept; an expired session is locked now), or
   * `'damaged'` (metaAndSession removes it). Its three reads (session, settings, last activity)
   * run in parallel (one storage round trip).
   */
  async function liveSession(): Promise<SessionMaterial | 'damaged' | null> {
    const [s, limit, last] = await Promise.all([readSession(), autoLockMs(), readLastActivity()]);
    if (!s || s === 'damaged') return s;
    if (idleExpired(last, limit, now())) {
      await lockNow();
      return null;
    }
    return s;
  }

  /** The header and, when unlocked for this vault, its session material; read in parallel. */
  async function metaAndSession(): Promise<{ meta: VaultMeta | null; session: SessionMaterial | null }> {
    const [meta, s] = await Promise.all([readMeta(), liveSession()]);
    if (usableSession(s, meta)) return { meta, session: s };
    await discardUnusableSession();
    return { meta, session: null };
  }

  /**
   * Removes a stored session that can never unlock this vault (`usableSession` false). Left in
   * place it would hold that key material and look unlocked to readers that only ask which keys
   * exist (shared/firstView.ts). Checked again inside the queue, where create and unlock write
   * sessions, so a session one of them has just written is never removed.
   */
  async function discardUnusableSession(): Promise<void> {
    await exclusive(async () => {
      const [meta, s] = await Promise.all([readMeta().catch(() => null), readSession()]);
      if (!usableSession(s, meta)) await lockNow();
    });
  }

  async function activity(): Promise<void> {
    await writeLastActivity(now());
    await scheduleAutoLock();
  }

  async function startSession(meta: VaultMeta, pkcs8: Uint8Array): Promise<void> {
    await writeSession({ vaultId: meta.id, privateKey: toBase64(pkcs8) }, now());
    await scheduleAutoLock();
  }

  /** Unlocked vault or LOCKED; counts as activity (resets the idle timer). */
  async function requireUnlocked(): Promise<{ meta: VaultMeta; privateKey: CryptoKey }> {
    const { meta, session: s } = await metaAndSession();
    if (!meta) throw NOT_INITIALIZED();
    if (!s) throw LOCKED();
    let privateKey: CryptoKey;
    try {
      privateKey = await importPrivateKey(fromBase64(s.privateKey));
    } catch {
      await lockNow();
      throw LOCKED();
    }
    await activity();
    return { meta, privateKey };
  }

  /** The wrapped private key's PKCS#8 bytes. @throws WRONG_PASSPHRASE. */
  async function unwrap(meta: VaultMeta, passphrase: string): Promise<Uint8Array<ArrayBuffer>> {
    try {
      const pkcs8 = await openWithPassphrase(meta.wrappedPrivateKey, passphrase, wrappedKeyAad(meta));
      await importPrivateKey(pkcs8);
      return pkcs8;
    } catch (err) {
      if (err instanceof DecryptError) throw WRONG();
      throw err;
    }
  }

  async function openRecord(rec: StoredRecord, privateKey: CryptoKey, publicKey: string): Promise<Uint8Array<ArrayBuffer>> {
    try {
      return await openSealed(rec.sealed, privateKey, publicKey, recordAad(rec));
    } catch {
      throw corrupt(rec.name);
    }
  }

  async function sealRecord(base: Omit<StoredRecord, 'sealed'>, secret: Uint8Array<ArrayBuffer>, publicKey: string): Promise<StoredRecord> {
    return { ...base, sealed: await seal(secret, publicKey, recordAad(base)) };
  }

  /** Records split into those that open and those that do not (plaintexts wiped at once). */
  async function verifyAll(meta: VaultMeta, privateKey: CryptoKey) {
    const { records, broken } = await readAllRecords();
    const results = await Promise.all(
      records.map(async (r) => {
        try {
          (await openSealed(r.sealed, privateKey, meta.publicKey, recordAad(r))).fill(0);
          return true;
        } catch {
          return false;
        }
      }),
    );
    const good = records.filter((_, i) => results[i]);
    const failed: BrokenRecord[] = records.filter((_, i) => !results[i]).map((r) => ({ id: r.id, name: r.name, reason: BROKEN_REASON }));
    return { good, broken: [...broken, ...failed] };
  }

  /** Decrypts one record on demand. */
  async function reveal(id: string): Promise<{ secret: string }> {
    const { meta, privateKey } = await requireUnlocked();
    const rec = await readRecord(id);
    const bytes = await openRecord(rec, privateKey, meta.publicKey);
    const secret = fromUtf8(bytes);
    bytes.fill(0);
    return { secret };
  }

  /** Seals a captured secret to the vault public key and stores it under its own key, in one write. */
  async function sealAndStore(meta: VaultMeta, req: CaptureRequest): Promise<{ id: string }> {
    const at = now();
    const base: Omit<StoredRecord, 'sealed'> = {
      version: 1,
      id: crypto.randomUUID(),
      name: req.name.trim() || `Cloudcraft key ${new Date(at).toISOString().slice(0, 16).replace('T', ' ')}`,
      permission: req.permission,
      teams: req.teams.map((t) => ({ team: t.team, access: t.access })),
      templateId: req.templateId,
      templateLabel: req.templateLabel,
      // The worker's clock, not the sender's: createdAt is also what duplicate detection compares.
      createdAt: at,
      lastCopiedAt: null,
      verification: 'unverified',
    };
    const secret = utf8(req.secret);
    const rec = await sealRecord(base, secret, meta.publicKey);
    secret.fill(0);
    await writeRecords([rec]);
    return { id: rec.id };
  }

  return {
    async status(): Promise<{ state: VaultState; keyCount: number }> {
      const [{ meta, session }, keyCount] = await Promise.all([metaAndSession(), countRecords()]);
      if (!meta) return { state: 'uninitialized', keyCount };
      return { state: session ? 'unlocked' : 'locked', keyCount };
    },

    /** First run: new key pair, private key wrapped by the passphrase. Leaves the vault unlocked. */
    async create(passphrase: string): Promise<{ state: VaultState }> {
      weak(passphrase);
      return exclusive(async () => {
        if (await readMeta()) throw new ProtocolError('ALREADY_INITIALIZED', 'A vault already exists.');
        const { publicKey, privateKeyPkcs8 } = await generateVaultKeyPair();
        const id = crypto.randomUUID();
        const meta: VaultMeta = {
          version: VAULT_FORMAT_VERSION,
          id,
          createdAt: now(),
          publicKey,
          wrappedPrivateKey: await sealWithPassphrase(privateKeyPkcs8, passphrase, wrappedKeyAad({ id, publicKey }), iterations),
        };
        await writeMeta(meta);
        await startSession(meta, privateKeyPkcs8);
        privateKeyPkcs8.fill(0);
        return { state: 'unlocked' as const };
      });
    },

    /** @throws WRONG_PASSPHRASE; RATE_LIMITED after 5 wrong ones in a row (limits.ts). */
    async unlock(passphrase: string): Promise<{ state: VaultState }> {
      const meta = await requireMeta();
      const pkcs8 = await limits.passphraseAttempt(() => unwrap(meta, passphrase));
      // In the queue: a concurrent discardUnusableSession must not remove the session written here.
      await exclusive(() => startSession(meta, pkcs8));
      pkcs8.fill(0);
      return { state: 'unlocked' };
    },

    async lock(): Promise<{ state: VaultState }> {
      await lockNow();
      return { state: (await readMeta().catch(() => null)) ? 'locked' : 'uninitialized' };
    },

    /** Re-wraps the private key under the new passphrase (records stay as they are), in one write. */
    async changePassphrase(current: string, next: string): Promise<{ state: VaultState }> {
      weak(next);
      return exclusive(async () => {
        const meta = await requireMeta();
        // Same throttle as unlock: a locked vault's change-passphrase must not be a faster oracle.
        const pkcs8 = await limits.passphraseAttempt(() => unwrap(meta, current));
        // Raise an old vault's iteration count to today's default; never lower it.
        const count = Math.max(iterations, meta.wrappedPrivateKey.kdf.iterations);
        const wrappedPrivateKey = await sealWithPassphrase(pkcs8, next, wrappedKeyAad(meta), count);
        const updated: VaultMeta = { ...meta, wrappedPrivateKey };
        await writeMeta(updated);
        // The user just proved the passphrase: leave the vault unlocked.
        await startSession(updated, pkcs8);
        pkcs8.fill(0);
        return { state: 'unlocked' as const };
      });
    },

    /**
     * User activity in our pages: re-arms auto-lock when unlocked. Answers the vault's state as
     * vault.status does (an expired session is locked now), so the popup can confirm the state it
     * read from storage (shared/firstView.ts) in the same request.
     * @throws ProtocolError CORRUPT_RECORD when the vault header is damaged.
     */
    async touch(): Promise<{ state: VaultState }> {
      const { meta, session } = await metaAndSession();
      if (!meta) return { state: 'uninitialized' };
      if (!session) return { state: 'locked' };
      await activity();
      return { state: 'unlocked' };
    },

    /** Metadata of every record that opens; the others as `broken`, by name. */
    async list(): Promise<{ keys: KeyMeta[]; broken: BrokenRecord[] }> {
      const { meta, privateKey } = await requireUnlocked();
      const { good, broken } = await verifyAll(meta, privateKey);
      return { keys: good.map(toKeyMeta), broken };
    },

    reveal,

    async markCopied(id: string): Promise<{ key: KeyMeta }> {
      await requireUnlocked();
      return exclusive(async () => {
        const rec = { ...(await readRecord(id)), lastCopiedAt: now() };
        await writeRecords([rec]);
        return { key: toKeyMeta(rec) };
      });
    },

    /** The name is authenticated data, so renaming re-seals the secret; one write replaces the record. */
    async rename(id: string, name: string): Promise<{ key: KeyMeta }> {
      const { meta, privateKey } = await requireUnlocked();
      return exclusive(async () => {
        const rec = await readRecord(id);
        const secret = await openRecord(rec, privateKey, meta.publicKey);
        const { sealed: _old, ...base } = rec;
        const renamed = await sealRecord({ ...base, name }, secret, meta.publicKey);
        secret.fill(0);
        await writeRecords([renamed]);
        return { key: toKeyMeta(renamed) };
      });
    },

    /** Deletes one record, readable or broken. */
    async remove(id: string): Promise<Record<string, never>> {
      await requireUnlocked();
      return exclusive(async () => {
        if (!(await recordExists(id))) throw new ProtocolError('NOT_FOUND', 'No such key in the vault.');
        await deleteRecord(id);
        return {};
      });
    },

    async testKey(id: string): Promise<KeyTestResult> {
      const { secret } = await reveal(id);
      return testApiKey(secret, fetchImpl);
    },

    /**
     * Seals a secret Cloudcraft just showed and stores it under its own key, in one write. Needs
     * only the public key: works the same locked or unlocked. The secret is never held elsewhere.
     * At most 10 a minute per tab (RATE_LIMITED) and MAX_RECORDS in the vault (QUOTA).
     * @param tabId the sending tab (`sender.tab.id`), the unit of the rate limit
     */
    async capture(req: CaptureRequest, tabId?: number): Promise<{ id: string; verification: Verification }> {
      const meta = await requireMeta();
      const { id } = await limits.capture(tabId, async () => {
        if ((await countRecords()) >= MAX_RECORDS) {
          throw new ProtocolError(
            'QUOTA',
            `Not saved: the vault is full (${MAX_RECORDS.toLocaleString('en')} keys). Copy this key from Cloudcraft now, then delete keys you no longer need.`,
          );
        }
        return sealAndStore(meta, req);
      });
      // Stored first (nothing is lost if Cloudcraft is slow or the worker stops), then verified.
      const settings = await settingsItem.get();
      if (settings.verifyOnCapture === false) return { id, verification: 'unverified' };
      const verification = verificationOf(await testApiKey(req.secret, fetchImpl, VERIFY_TIMEOUT_MS));
      await exclusive(async () => {
        const rec = await readRecord(id).catch(() => null);
        if (rec) await writeRecords([{ ...rec, verification }]);
      });
      return { id, verification };
    },

    /** A backup of the header and every record that opens; secrets stay sealed. */
    async exportBackup(): Promise<{ fileName: string; json: string }> {
      const { meta, privateKey } = await requireUnlocked();
      const { good } = await verifyAll(meta, privateKey);
      const at = now();
      return { fileName: backupFileName(at), json: JSON.stringify(buildBackup(meta, good, at), null, 2) };
    },

    /**
     * Merges a backup: checks the whole file and its passphrase before writing anything, skips keys
     * already here (same id, or same name and creation time), re-seals the others to this vault's
     * public key (so importing works while locked), and writes them in one call. With no vault yet,
     * the backup's vault is adopted as is and left unlocked.
     */
    async importBackup(json: string, passphrase: string): Promise<{ added: number; skipped: number }> {
      const backup = parseBackup(json);
      let backupPkcs8: Uint8Array<ArrayBuffer>;
      try {
        backupPkcs8 = await openWithPassphrase(backup.vault.wrappedPrivateKey, passphrase, wrappedKeyAad(backup.vault));
      } catch {
        throw new ProtocolError('WRONG_PASSPHRASE', 'Wrong passphrase for this backup file. Nothing was imported.');
      }
      let backupKey: CryptoKey;
      try {
        backupKey = await importPrivateKey(backupPkcs8);
      } catch {
        throw badBackup('its vault key is damaged');
      }
      const secrets = new Map<string, Uint8Array<ArrayBuffer>>();
      try {
        for (const rec of backup.records) {
          try {
            secrets.set(rec.id, await openSealed(rec.sealed, backupKey, backup.vault.publicKey, recordAad(rec)));
          } catch {
            throw badBackup(`the key "${rec.name}" fails authentication (the file was altered or damaged)`);
          }
        }
        return await exclusive(async () => {
          const current = await readMeta();
          const target = current ?? backup.vault;
          const ids = await allRecordIds();
          const seen = new Set((await readAllRecords()).records.map((r) => `${r.name}\u0000${r.createdAt}`));
          const added: StoredRecord[] = [];
          let skipped = 0;
          const before = ids.size;
          for (const rec of backup.records) {
            const nameKey = `${rec.name}\u0000${rec.createdAt}`;
            if (ids.has(rec.id) || seen.has(nameKey)) {
              skipped++;
              continue;
            }
            ids.add(rec.id);
            seen.add(nameKey);
            const sameVault = target.id === backup.vault.id && target.publicKey === backup.vault.publicKey;
            const { sealed: _s, ...base } = rec;
            added.push(sameVault ? rec : await sealRecord(base, secrets.get(rec.id)!, target.publicKey));
          }
          if (added.length > 0 && before + added.length > MAX_RECORDS) {
            throw new ProtocolError(
              'QUOTA',
              `Nothing was imported: the vault would hold ${before + added.length} keys, more than its limit of ${MAX_RECORDS.toLocaleString('en')}. Delete keys you no longer need first.`,
            );
          }
          const items: Record<string, unknown> = Object.fromEntries(added.map((r) => [recordKey(r.id), r]));
          if (!current) items[META_KEY] = backup.vault;
          // One write: the header (when adopted) and every new record land together or not at all.
          if (Object.keys(items).length > 0) await setLocal(items);
          if (!current) await startSession(backup.vault, backupPkcs8);
          return { added: added.length, skipped };
        });
      } finally {
        for (const s of secrets.values()) s.fill(0);
        backupPkcs8.fill(0);
      }
    },

    /** The auto-lock alarm: locks when idle long enough, otherwise re-arms for the time left. */
    async onAlarm(name: string): Promise<void> {
      if (name !== AUTOLOCK_ALARM) return;
      const s = await readSession();
      if (!s) return;
      if (s === 'damaged') return void (await discardUnusableSession());
      const limit = await autoLockMs();
      if (limit === 0) return;
      const last = await readLastActivity();
      if (last === null || idleExpired(last, limit, now())) await lockNow();
      else await scheduleAutoLock(last + limit - now());
    },
  };
}
