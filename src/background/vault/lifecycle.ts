/**
 * The vault's lifecycle: create, unlock, lock, auto-lock (the alarm and the system's idle state),
 * change passphrase and "Rotate vault key"; and the unlocked session the record operations ask for
 * (keyOps.ts).
 *
 * State lives in storage only (header and throttles in the vault's area, out of the content
 * script's reach: store.ts; unlocked key material in `storage.session`: session.ts): a service
 * worker killed at any moment and restarted finds everything where it was. Operations that
 * read-modify-write the header or records run in the vault's write queue (writeQueue.ts).
 *
 * Changing the passphrase, or "Rotate vault key", makes a new key pair and vault id and re-seals
 * every record in one write: an old backup and its passphrase open nothing captured after. An
 * unlock whose envelope has fewer PBKDF2 iterations than today's re-wraps it.
 */
import { browser } from '../../shared/browser';
import { ProtocolError, type VaultState } from '../../shared/protocol';
import { t } from '../../shared/i18n';
import { settingsItem } from '../../shared/storage';
import type { StrengthVerdict } from '../../shared/strength';
import { META_KEY, autoLockMsOf, idleExpired } from '../../shared/vaultStorage';
import { fromBase64, toBase64, utf8 } from './encoding';
import { DecryptError, WeakKdfError, openWithPassphrase, sealWithPassphrase } from './envelope';
import type { Limits } from './limits';
import { VAULT_FORMAT_VERSION, countRecords, readAllRecords, readMeta, recordAad, recordKey, sealRecord, wrappedKeyAad, writeItems, type VaultMeta } from './records';
import { generateVaultKeyPair, importPrivateKey, openSealed, seal } from './sealing';
import { clearSession, readLastActivity, readSession, writeLastActivity, writeSession, type SessionMaterial } from './session';
import { matchesPin, pinFor, readPin } from './store';
import type { WriteQueue } from './writeQueue';

export const AUTOLOCK_ALARM = 'vault.autolock';
/** chrome.alarms fire no sooner than 30 s (Chrome 120+). */
const MIN_ALARM_MINUTES = 0.5;

/** What the vault's parts share: its settings (vault.ts VaultOptions, defaults applied), its write queue and its rate limits. */
export interface VaultDeps {
  /** Clock, ms since the epoch. */
  now: () => number;
  /** PBKDF2 iterations for new envelopes, and the target an unlock raises an older envelope to. */
  iterations: number;
  /** The fewest iterations an envelope may ask for when opened. */
  minIterations: number;
  /** Strength of a new passphrase. */
  strength: (passphrase: string) => Promise<StrengthVerdict>;
  /** fetch for Cloudcraft's API (undefined: the global one). */
  fetch: typeof fetch | undefined;
  /** The one write queue (writeQueue.ts). */
  exclusive: WriteQueue;
  limits: Limits;
}

/** The unlocked session, as the record operations (keyOps.ts) use it. */
export interface VaultAccess {
  /** The header. @throws ProtocolError NOT_INITIALIZED when there is no vault, CORRUPT_RECORD when it is damaged */
  requireMeta(): Promise<VaultMeta>;
  /**
   * The header and the private key; counts as activity (resets the idle timer).
   * @throws ProtocolError NOT_INITIALIZED, LOCKED (also for key material that does not import: the vault is locked then)
   */
  requireUnlocked(): Promise<{ meta: VaultMeta; privateKey: CryptoKey }>;
  /** Stores the session for `meta` with its private key's PKCS#8 bytes (the caller wipes them) and arms auto-lock. */
  startSession(meta: VaultMeta, pkcs8: Uint8Array): Promise<void>;
}

const WRONG = () => new ProtocolError('WRONG_PASSPHRASE', 'Wrong passphrase.');
const KDF_TOO_WEAK = (n: number, floor: number) => new ProtocolError('CORRUPT_RECORD', t('errKdfTooWeak', [n.toLocaleString('en'), floor.toLocaleString('en')]));
const LOCKED = () => new ProtocolError('LOCKED', 'The vault is locked. Unlock it with your passphrase.');
const NOT_INITIALIZED = () => new ProtocolError('NOT_INITIALIZED', 'No vault yet: set a passphrase first.');

/**
 * Whether a stored session (readSession) can unlock the vault with this header: none at all, or
 * well-formed and this vault's. False for a damaged one or another vault's (a header replaced or
 * removed while unlocked).
 */
function usableSession(s: SessionMaterial | 'damaged' | null, meta: VaultMeta | null): s is SessionMaterial | null {
  return s === null || (s !== 'damaged' && s.vaultId === meta?.id);
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

/**
 * The lifecycle operations over `deps`, and the session access the record operations need.
 * @returns `access` (VaultAccess) and `operations` (the vault service's lifecycle methods)
 */
export function createLifecycle(deps: VaultDeps) {
  const { now, iterations, minIterations, strength, exclusive, limits } = deps;

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
   * A new vault header: a new key pair and vault id, the private key wrapped by `passphrase` with
   * `kdfIterations` PBKDF2 iterations (bound to the id and public key as AAD). Not written.
   * @returns the header and the private key's PKCS#8 bytes (the caller wipes them)
   */
  async function newHeader(passphrase: string, kdfIterations: number): Promise<{ meta: VaultMeta; pkcs8: Uint8Array<ArrayBuffer> }> {
    const { publicKey, privateKeyPkcs8 } = await generateVaultKeyPair();
    const id = crypto.randomUUID();
    const meta: VaultMeta = {
      version: VAULT_FORMAT_VERSION,
      id,
      createdAt: now(),
      publicKey,
      wrappedPrivateKey: await sealWithPassphrase(privateKeyPkcs8, passphrase, wrappedKeyAad({ id, publicKey }), kdfIterations),
    };
    return { meta, pkcs8: privateKeyPkcs8 };
  }

  /**
   * The new header and every record re-sealed to a new key pair (new vault id), the private key
   * wrapped by `passphrase`: one write, the pin right after (store.ts). Records that do not open
   * stay as they are (still listed as broken). Runs inside `exclusive`.
   * @returns the new header and its private key's PKCS#8 bytes (the caller starts the session, then wipes them)
   */
  async function rotateKeys(meta: VaultMeta, oldPkcs8: Uint8Array<ArrayBuffer>, passphrase: string) {
    const oldKey = await importPrivateKey(oldPkcs8);
    // Never fewer PBKDF2 iterations than the header being replaced had.
    const { meta: next, pkcs8: privateKeyPkcs8 } = await newHeader(passphrase, Math.max(iterations, meta.wrappedPrivateKey.kdf.iterations));
    const publicKey = next.publicKey;
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
    await writeItems(items, await pinFor(next, await readPin()));
    return { meta: next, pkcs8: privateKeyPkcs8 };
  }

  /** Checks `current` (the unlock throttle), rotates the key pair to one wrapped by `next`, leaves the vault unlocked. */
  function rotate(current: string, next: string): Promise<{ state: VaultState }> {
    return exclusive(async () => {
      const meta = await requireMeta();
      // Same throttle as unlock: a locked vault's change-passphrase must not be a faster oracle.
      const oldPkcs8 = await limits.passphraseAttempt(() => unwrap(meta, current), { held: true });
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

  const access: VaultAccess = { requireMeta, requireUnlocked, startSession };

  const operations = {
    /** The vault's state and how many records it stores (readable or not); an expired session is locked now. */
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
        const { meta, pkcs8: privateKeyPkcs8 } = await newHeader(passphrase, iterations);
        await writeItems({ [META_KEY]: meta }, await pinFor(meta, await readPin()));
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
          if (current !== meta || repin) await writeItems(current === meta ? {} : { [META_KEY]: current }, repin);
          await startSession(current, pkcs8);
        });
      } finally {
        pkcs8.fill(0);
      }
      return { state: 'unlocked' };
    },

    /** Forgets the key material. @returns 'locked', or 'uninitialized' when there is no (readable) vault */
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

  return { access, operations };
}
