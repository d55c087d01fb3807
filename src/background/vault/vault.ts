/**
 * Vault operations. State lives in storage only (records, header and throttles in the vault's area,
 * out of the content script's reach: store.ts; unlocked key material in `storage.session`): a
 * service worker killed at any moment and restarted finds everything where it was. The only
 * in-memory state is a queue that serializes operations which read-modify-write the header or
 * records, captures included (a capture must never seal to a key a rotation is retiring).
 *
 * Secrets are always sealed to the vault public key, whether the vault is locked or not, and only
 * to a header that matches the pin (store.ts); reading one needs the private key, present only
 * while unlocked. Changing the passphrase, or "Rotate vault key", makes a new key pair and vault id
 * and re-seals every record in one write: an old backup and its passphrase open nothing captured
 * after. An unlock whose envelope has fewer PBKDF2 iterations than today's re-wraps it.
 */
import { browser } from '../../shared/browser';
import { type BrokenRecord, type KeyMeta, type KeyTestResult, type ListedKey, ProtocolError, type StoredRecordCopy, type TeamsResult, type VaultState, type Verification } from '../../shared/protocol';
import type { CaptureRequest } from '../../shared/schemas';
import { t } from '../../shared/i18n';
import { settingsItem } from '../../shared/storage';
import { STRENGTH_DATA_PATH, createStrengthEstimator, fetchStrengthData, type StrengthVerdict } from '../../shared/strength';
import { NewRecordMeta } from '../../shared/recordMeta';
import { reconcile, type RowMatch } from '../../shared/reconcile';
import { META_KEY, autoLockMsOf, idleExpired } from '../../shared/vaultStorage';
import { VERIFY_TIMEOUT_MS, fetchTeams, testApiKey, verificationOf } from '../api-test';
import { buildBackup, backupFileName, badBackup, parseBackup } from './backup';
import { fromBase64, fromUtf8, toBase64, utf8 } from './encoding';
import { DecryptError, MIN_ITERATIONS, PBKDF2_ITERATIONS, WeakKdfError, openWithPassphrase, sealWithPassphrase } from './envelope';
import {
  VAULT_FORMAT_VERSION,
  allRecordIds,
  checked,
  countRecords,
  deleteRecord,
  readAllRecords,
  readMeta,
  readRecord,
  recordAad,
  recordExists,
  recordKey,
  mapStorageError,
  toKeyMeta,
  wrappedKeyAad,
  writeRecords,
  type StoredRecord,
  type VaultMeta,
  StoredRecordSchema,
} from './records';
import { generateVaultKeyPair, importPrivateKey, openSealed, seal } from './sealing';
import { createLimits } from './limits';
import { matchesPin, pinFor, prepareAnew, readPin, vaultArea, writeWithPin, type Pin } from './store';
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
  /**
   * PBKDF2 iterations for new envelopes, and the target an unlock raises an older envelope to
   * (default `PBKDF2_ITERATIONS`, 600,000; tests lower it).
   */
  iterations?: number;
  /** The fewest iterations an envelope may ask for when opened (default `MIN_ITERATIONS`, 100,000; tests lower it). */
  minIterations?: number;
  /**
   * Strength of a new passphrase (default: zxcvbn over the dictionaries the build ships,
   * shared/strength.ts; tests pass the same estimator over the packages on disk).
   */
  strength?: (passphrase: string) => Promise<StrengthVerdict>;
  fetch?: typeof fetch;
}

const WRONG = () => new ProtocolError('WRONG_PASSPHRASE', 'Wrong passphrase.');
const KDF_TOO_WEAK = (n: number, floor: number) => new ProtocolError('CORRUPT_RECORD', t('errKdfTooWeak', [n.toLocaleString('en'), floor.toLocaleString('en')]));
const LOCKED = () => new ProtocolError('LOCKED', 'The vault is locked. Unlock it with your passphrase.');
const NOT_INITIALIZED = () => new ProtocolError('NOT_INITIALIZED', 'No vault yet: set a passphrase first.');
const corrupt = (name: string) =>
  new ProtocolError('CORRUPT_RECORD', `The stored key "${name}" fails authentication (altered or damaged) and cannot be read. Other keys are not affected.`);
const BROKEN_REASON = 'Fails authentication: altered, damaged, or sealed for another vault.';

/** The default strength estimator: the dictionaries the build wrote into the extension. */
function defaultStrength(): (p: string) => Promise<StrengthVerdict> {
  return createStrengthEstimator(fetchStrengthData(browser.runtime.getURL(STRENGTH_DATA_PATH)));
}

/** Whether the key pair is one: a random challenge sealed to `publicKey` opens with `privateKey`. */
async function keyPairMatches(privateKey: CryptoKey, publicKey: string): Promise<boolean> {
  const challenge = crypto.getRandomValues(new Uint8Array(32));
  const aad = utf8('ckh-key-pair-check');
  try {
    const opened = await openSealed(await seal(challenge, publicKey, aad), privateKey, publicKey, aad);
    return opened.length === challenge.length && opened.every((b, i) => b === challenge[i]);
  } catch {
    return false;
  }
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

/**
 * The vault of this browser. One per worker start (handlers.ts): it prepares the vault's area anew
 * (closes storage.local, migrates, pins: store.ts) at its first operation.
 */
export function createVaultService(opts: VaultOptions = {}) {
  const now = opts.now ?? (() => Date.now());
  const iterations = opts.iterations ?? PBKDF2_ITERATIONS;
  const minIterations = opts.minIterations ?? MIN_ITERATIONS;
  const strength = opts.strength ?? defaultStrength();
  const fetchImpl = opts.fetch;
  const exclusive = createQueue();
  const limits = createLimits(now);
  prepareAnew();

  /** Refuses a passphrase the vault would not accept (length rules, zxcvbn score): WEAK_PASSPHRASE with the reasons. */
  async function requireStrong(p: string): Promise<void> {
    let verdict: StrengthVerdict;
    try {
      verdict = await strength(p);
    } catch {
      // Fail closed: a passphrase whose strength cannot be checked is not taken.
      throw new ProtocolError('INTERNAL', t('errStrengthUnavailable'));
    }
    if (!verdict.acceptable) throw new ProtocolError('WEAK_PASSPHRASE', t('errWeakPassphrase', verdict.reasons.join(' ')));
  }

  /** One write of vault items (and the pin): quota and storage errors become ProtocolErrors. */
  async function write(items: Record<string, unknown>, pin: Pin | null): Promise<void> {
    try {
      await writeWithPin(await vaultArea(), items, pin);
    } catch (err) {
      mapStorageError(err);
    }
  }

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

  /**
   * The wrapped private key's PKCS#8 bytes, checked to be the private half of `meta.publicKey`.
   * @throws WRONG_PASSPHRASE; CORRUPT_RECORD when the envelope asks for fewer iterations than the
   *   floor, or the key pair does not match.
   */
  async function unwrap(meta: VaultMeta, passphrase: string): Promise<Uint8Array<ArrayBuffer>> {
    let pkcs8: Uint8Array<ArrayBuffer>;
    let key: CryptoKey;
    try {
      pkcs8 = await openWithPassphrase(meta.wrappedPrivateKey, passphrase, wrappedKeyAad(meta), minIterations);
      key = await importPrivateKey(pkcs8);
    } catch (err) {
      if (err instanceof WeakKdfError) throw KDF_TOO_WEAK(err.iterations, minIterations);
      if (err instanceof DecryptError) throw WRONG();
      throw err;
    }
    if (!(await keyPairMatches(key, meta.publicKey))) {
      pkcs8.fill(0);
      throw new ProtocolError('CORRUPT_RECORD', t('errKeyPairMismatch'));
    }
    return pkcs8;
  }

  /**
   * The new header and every record re-sealed to a new key pair (new vault id), the private key
   * wrapped by `passphrase`: one write, the pin right after (store.ts). Records that do not open
   * stay as they are (still listed as broken). Runs inside `exclusive`.
   * @returns the new header and its private key's PKCS#8 bytes (the caller starts the session, then wipes them)
   */
  async function rotateKeys(meta: VaultMeta, oldPkcs8: Uint8Array<ArrayBuffer>, passphrase: string) {
    const oldKey = await importPrivateKey(oldPkcs8);
    const { publicKey, privateKeyPkcs8 } = await generateVaultKeyPair();
    const id = crypto.randomUUID();
    const next: VaultMeta = {
      version: VAULT_FORMAT_VERSION,
      id,
      createdAt: now(),
      publicKey,
      wrappedPrivateKey: await sealWithPassphrase(privateKeyPkcs8, passphrase, wrappedKeyAad({ id, publicKey }), Math.max(iterations, meta.wrappedPrivateKey.kdf.iterations)),
    };
    const { records } = await readAllRecords();
    const items: Record<string, unknown> = { [META_KEY]: next };
    for (const rec of records) {
      let secret: Uint8Array<ArrayBuffer>;
      try {
        secret = await openSealed(rec.sealed, oldKey, meta.publicKey, recordAad(rec));
      } catch {
        continue; // broken: left as it is
      }
      const { sealed: _old, ...base } = rec;
      items[recordKey(rec.id)] = await sealRecord(base, secret, publicKey);
      secret.fill(0);
    }
    await write(items, await pinFor(next, await readPin()));
    return { meta: next, pkcs8: privateKeyPkcs8 };
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
    // New metadata gets a capture message's caps (the stored schema also opens older, larger records).
    checked(NewRecordMeta, req);
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
      rotatedFrom: req.rotatedFrom ?? null,
    };
    const secret = utf8(req.secret);
    const rec = await sealRecord(base, secret, meta.publicKey);
    secret.fill(0);
    await writeRecords([rec]);
    return { id: rec.id };
  }

  /** Checks `current` (the unlock throttle), rotates the key pair to one wrapped by `next`, leaves the vault unlocked. */
  function rotate(current: string, next: string): Promise<{ state: VaultState }> {
    return exclusive(async () => {
      const meta = await requireMeta();
      // Same throttle as unlock: a locked vault's change-passphrase must not be a faster oracle.
      const oldPkcs8 = await limits.passphraseAttempt(() => unwrap(meta, current));
      try {
        const rotated = await rotateKeys(meta, oldPkcs8, next);
        await startSession(rotated.meta, rotated.pkcs8);
        rotated.pkcs8.fill(0);
      } finally {
        oldPkcs8.fill(0);
      }
      return { state: 'unlocked' as const };
    });
  }

  return {
    async status(): Promise<{ state: VaultState; keyCount: number }> {
      const [{ meta, session }, keyCount] = await Promise.all([metaAndSession(), countRecords()]);
      if (!meta) return { state: 'uninitialized', keyCount };
      return { state: session ? 'unlocked' : 'locked', keyCount };
    },

    /**
     * First run: new key pair, private key wrapped by the passphrase, header and pin written.
     * Leaves the vault unlocked. @throws WEAK_PASSPHRASE (with zxcvbn's reasons), ALREADY_INITIALIZED.
     */
    async create(passphrase: string): Promise<{ state: VaultState }> {
      await requireStrong(passphrase);
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
        await write({ [META_KEY]: meta }, await pinFor(meta, await readPin()));
        await startSession(meta, privateKeyPkcs8);
        privateKeyPkcs8.fill(0);
        return { state: 'unlocked' as const };
      });
    },

    /**
     * Opens the vault. Also: re-pins a header the passphrase opened (unless a rotation retired its
     * id), and re-wraps an envelope with fewer iterations than today's target under a fresh salt,
     * in one write.
     * @throws WRONG_PASSPHRASE; RATE_LIMITED after 5 wrong ones in a row (limits.ts);
     *   CORRUPT_RECORD for a retired header, a key pair that does not match, or too few iterations.
     */
    async unlock(passphrase: string): Promise<{ state: VaultState }> {
      const meta = await requireMeta();
      const pkcs8 = await limits.passphraseAttempt(() => unwrap(meta, passphrase));
      try {
        // In the queue: a concurrent discardUnusableSession must not remove the session written here,
        // and the header must not change between the re-wrap's read and write.
        await exclusive(async () => {
          const pin = await readPin();
          if (pin?.retired.includes(meta.id)) throw new ProtocolError('CORRUPT_RECORD', t('errHeaderRetired'));
          let current = meta;
          if (meta.wrappedPrivateKey.kdf.iterations < iterations) {
            // KDF upgrade: same key pair and id, a fresh salt and IV, today's iteration count.
            current = { ...meta, wrappedPrivateKey: await sealWithPassphrase(pkcs8, passphrase, wrappedKeyAad(meta), iterations) };
          }
          const repin = (await matchesPin(meta, pin)) ? null : await pinFor(meta, pin);
          if (current !== meta || repin) await write(current === meta ? {} : { [META_KEY]: current }, repin);
          await startSession(current, pkcs8);
        });
      } finally {
        pkcs8.fill(0);
      }
      return { state: 'unlocked' };
    },

    async lock(): Promise<{ state: VaultState }> {
      await lockNow();
      return { state: (await readMeta().catch(() => null)) ? 'locked' : 'uninitialized' };
    },

    /**
     * A new passphrase, and with it a new vault key (rotateKeys: new key pair and id, every record
     * re-sealed, one write). Backups made before still open with the old passphrase, and only hold
     * what they held. Leaves the vault unlocked (the user just proved the passphrase).
     * @throws WEAK_PASSPHRASE (next), WRONG_PASSPHRASE / RATE_LIMITED (current; the unlock throttle)
     */
    async changePassphrase(current: string, next: string): Promise<{ state: VaultState }> {
      await requireStrong(next);
      return rotate(current, next);
    },

    /**
     * "Rotate vault key": a new key pair and vault id, every record re-sealed, the same passphrase.
     * @throws WRONG_PASSPHRASE / RATE_LIMITED (the unlock throttle)
     */
    async rotateKey(passphrase: string): Promise<{ state: VaultState }> {
      return rotate(passphrase, passphrase);
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

    /**
     * Deletes one record, readable or broken. Answers the record as it was stored (sealed: no secret
     * in the clear) so the popup can undo with `restore`; null for a broken one.
     */
    async remove(id: string): Promise<{ removed: StoredRecordCopy | null }> {
      await requireUnlocked();
      return exclusive(async () => {
        if (!(await recordExists(id))) throw new ProtocolError('NOT_FOUND', 'No such key in the vault.');
        const removed = await readRecord(id).catch(() => null);
        await deleteRecord(id);
        return { removed: removed ? { ...removed } : null };
      });
    },

    /**
     * Puts back a record `remove` answered (Undo). It must parse as a stored record, its id must be
     * free, and it must open with this vault's private key (a record from elsewhere is refused).
     * @throws INVALID_REQUEST for a record that does not parse, ALREADY_INITIALIZED when the id is
     *   taken, CORRUPT_RECORD when it does not open
     */
    async restore(raw: StoredRecordCopy): Promise<{ key: KeyMeta }> {
      const { meta, privateKey } = await requireUnlocked();
      const rec = checked(StoredRecordSchema, raw);
      return exclusive(async () => {
        if (await recordExists(rec.id)) throw new ProtocolError('ALREADY_INITIALIZED', t('errRestoreTaken'));
        const secret = await openRecord(rec, privateKey, meta.publicKey);
        secret.fill(0);
        await writeRecords([rec]);
        return { key: toKeyMeta(rec) };
      });
    },

    /** Sets a key's note (at most 500 characters; '' removes it). The secret is not touched. */
    async setNote(id: string, note: string): Promise<{ key: KeyMeta }> {
      await requireUnlocked();
      return exclusive(async () => {
        const rec = { ...(await readRecord(id)), note: note.trim() };
        await writeRecords([rec]);
        return { key: toKeyMeta(rec) };
      });
    },

    /** Marks a key revoked in Cloudcraft (now), or live again. Kept either way (the user deletes it). */
    async setRevoked(id: string, revoked: boolean): Promise<{ key: KeyMeta }> {
      await requireUnlocked();
      return exclusive(async () => {
        const old = await readRecord(id);
        const rec = { ...old, revokedAt: revoked ? (old.revokedAt ?? now()) : null };
        await writeRecords([rec]);
        return { key: toKeyMeta(rec) };
      });
    },

    /**
     * Names and created times of the live (not revoked) keys, from the records' clear metadata (no
     * unlock needed: Cloudcraft's own list shows the same), for the content script's marks.
     */
    /**
     * Which of `listed` (the rows Cloudcraft's list shows) are live stored keys, by name and created
     * date (shared/reconcile.ts). Reads the records' clear metadata only, so it works while locked.
     */
    async match(listed: readonly ListedKey[]): Promise<{ rows: RowMatch[] }> {
      const { records } = await readAllRecords();
      return { rows: reconcile(listed, records.filter((r) => !r.revokedAt)).rows };
    },

    /** GET /user/me with the key; a key Cloudcraft refuses (401/403) is marked revoked, and returned as marked. */
    async testKey(id: string): Promise<KeyTestResult & { key?: KeyMeta }> {
      const { secret } = await reveal(id);
      const result = await testApiKey(secret, fetchImpl);
      if (result.status !== 'rejected') return result;
      const { key } = await this.setRevoked(id, true);
      return { ...result, key };
    },

    /** The account's team names: `GET /team` with the stored key `id` (read-only, on request). */
    async teams(id: string): Promise<TeamsResult> {
      const { secret } = await reveal(id);
      return fetchTeams(secret, fetchImpl);
    },

    /**
     * Seals a secret Cloudcraft just showed and stores it under its own key, in one write. Needs
     * only the public key: works the same locked or unlocked. The secret is never held elsewhere.
     * At most 10 a minute for the whole extension (RATE_LIMITED) and MAX_RECORDS in the vault (QUOTA).
     * @throws HEADER_MISMATCH when the header is not the pinned one (nothing is sealed to it)
     */
    async capture(req: CaptureRequest): Promise<{ id: string; verification: Verification }> {
      await requireMeta();
      const { id } = await limits.capture(() => exclusive(async () => {
        const meta = await requireMeta();
        if (!(await matchesPin(meta, await readPin()))) throw new ProtocolError('HEADER_MISMATCH', t('errHeaderMismatch'));
        // A rotation names the key it replaces: it must be one of ours (or the pointer is dropped).
        if (req.rotatedFrom && !(await recordExists(req.rotatedFrom))) req = { ...req, rotatedFrom: null };
        if ((await countRecords()) >= MAX_RECORDS) {
          throw new ProtocolError('QUOTA', t('errVaultFull', MAX_RECORDS.toLocaleString('en')));
        }
        return sealAndStore(meta, req);
      }));
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
      const floor = backup.vault.wrappedPrivateKey.kdf.iterations;
      if (floor < minIterations) throw new ProtocolError('BAD_BACKUP', t('errBackupKdfTooWeak', [floor.toLocaleString('en'), minIterations.toLocaleString('en')]));
      // The unlock throttle: a backup file must not be a way to try passphrases quickly. Its
      // passphrase is not the vault's, so a right one forgives nothing.
      const backupPkcs8 = await limits.passphraseAttempt(async () => {
        try {
          return await openWithPassphrase(backup.vault.wrappedPrivateKey, passphrase, wrappedKeyAad(backup.vault), minIterations);
        } catch {
          throw new ProtocolError('WRONG_PASSPHRASE', t('errBackupWrongPassphrase'));
        }
      }, false);
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
            throw new ProtocolError('QUOTA', t('errImportOverLimit', [before + added.length, MAX_RECORDS.toLocaleString('en')]));
          }
          const items: Record<string, unknown> = Object.fromEntries(added.map((r) => [recordKey(r.id), r]));
          if (!current) items[META_KEY] = backup.vault;
          // One write: the header (when adopted, with its pin) and every new record land together or not at all.
          if (Object.keys(items).length > 0) await write(items, current ? null : await pinFor(backup.vault, await readPin()));
          if (!current) await startSession(backup.vault, backupPkcs8);
          return { added: added.length, skipped };
        });
      } finally {
        for (const s of secrets.values()) s.fill(0);
        backupPkcs8.fill(0);
      }
    },

    /**
     * The system's idle state (`idle.onStateChanged`): "locked" (the screen was locked) locks the
     * vault when the setting `lockOnScreenLock` is on (absent = on). Any state also locks a session
     * idle longer than the auto-lock time: the machine woke from sleep, and the key material must
     * not wait in memory for the next use or the late alarm.
     */
    async onIdleState(state: string): Promise<void> {
      const s = await readSession();
      if (!s) return;
      if (state === 'locked' && (await settingsItem.get()).lockOnScreenLock !== false) return void (await lockNow());
      await metaAndSession(); // locks an expired session (liveSession), removes an unusable one
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
