/**
 * The vault's record operations: capture, list, reveal, copy mark, rename, delete and Undo, notes,
 * revoked marks, matching Cloudcraft's list, testing a key, and backup export and import.
 *
 * Secrets are always sealed to the vault public key, whether the vault is locked or not, and only
 * to a header that matches the pin (store.ts); reading one needs the private key, present only
 * while unlocked (lifecycle.ts VaultAccess). Every read-modify-write runs in the vault's write
 * queue (writeQueue.ts), captures included: a capture must never seal to a key a rotation is retiring.
 */
import { type BrokenRecord, type KeyMeta, type KeyTestResult, type ListedKey, ProtocolError, type StoredRecordCopy, type TeamsResult, type Verification } from '../../shared/protocol';
import type { CaptureRequest } from '../../shared/schemas';
import { t } from '../../shared/i18n';
import { settingsItem } from '../../shared/storage';
import { NewRecordMeta } from '../../shared/recordMeta';
import { reconcile, type RowMatch } from '../../shared/reconcile';
import { META_KEY } from '../../shared/vaultStorage';
import { VERIFY_TIMEOUT_MS, fetchTeams, testApiKey, verificationOf } from '../api-test';
import { buildBackup, backupFileName, badBackup, parseBackup } from './backup';
import { fromUtf8, utf8 } from './encoding';
import { openWithPassphrase } from './envelope';
import type { VaultAccess, VaultDeps } from './lifecycle';
import { mergeBackup } from './mergeBackup';
import {
  allRecordIds,
  checked,
  countRecords,
  deleteRecord,
  openRecord,
  readAllRecords,
  readMeta,
  readRecord,
  recordAad,
  recordExists,
  recordKey,
  sealRecord,
  toKeyMeta,
  verifyAll,
  wrappedKeyAad,
  writeItems,
  writeRecords,
  type StoredRecord,
  type VaultMeta,
  StoredRecordSchema,
} from './records';
import { importPrivateKey, openSealed } from './sealing';
import { matchesPin, pinFor, readPin } from './store';

/** Most records a vault holds: a capture or import beyond it is refused with QUOTA. */
const MAX_RECORDS = 1_000;

/**
 * The record operations over `deps` and the session `access` (lifecycle.ts).
 * @returns the vault service's record methods (see each)
 */
export function createKeyOperations(deps: VaultDeps, access: VaultAccess) {
  const { now, minIterations, exclusive, limits, fetch: fetchImpl } = deps;
  const { requireMeta, requireUnlocked, startSession } = access;

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

  /** Decrypts one record on demand. @throws LOCKED, NOT_FOUND, CORRUPT_RECORD (naming the key) */
  async function reveal(id: string): Promise<{ secret: string }> {
    const { meta, privateKey } = await requireUnlocked();
    const rec = await readRecord(id);
    const bytes = await openRecord(rec, privateKey, meta.publicKey);
    const secret = fromUtf8(bytes);
    bytes.fill(0);
    return { secret };
  }

  /** Marks a key revoked in Cloudcraft (now), or live again. Kept either way (the user deletes it). */
  async function setRevoked(id: string, revoked: boolean): Promise<{ key: KeyMeta }> {
    await requireUnlocked();
    return exclusive(async () => {
      const old = await readRecord(id);
      const rec = { ...old, revokedAt: revoked ? (old.revokedAt ?? now()) : null };
      await writeRecords([rec]);
      return { key: toKeyMeta(rec) };
    });
  }

  return {
    /** Metadata of every record that opens; the others as `broken`, by name. @throws LOCKED */
    async list(): Promise<{ keys: KeyMeta[]; broken: BrokenRecord[] }> {
      const { meta, privateKey } = await requireUnlocked();
      const { good, broken } = await verifyAll(meta, privateKey);
      return { keys: good.map(toKeyMeta), broken };
    },

    reveal,

    /** Records that the key was copied now. @throws LOCKED, NOT_FOUND */
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

    setRevoked,

    /**
     * Which of `listed` (the rows Cloudcraft's list shows) are live stored keys, by name and created
     * date (shared/reconcile.ts), for the content script's marks. Reads the records' clear metadata
     * only (Cloudcraft's own list shows the same), so it works while locked.
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
      const { key } = await setRevoked(id, true);
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
      // The rate limit's check, the record cap's and the write: one task of the write queue.
      const { id } = await limits.capture(async () => {
        const meta = await requireMeta();
        if (!(await matchesPin(meta, await readPin()))) throw new ProtocolError('HEADER_MISMATCH', t('errHeaderMismatch'));
        // A rotation names the key it replaces: it must be one of ours (or the pointer is dropped).
        if (req.rotatedFrom && !(await recordExists(req.rotatedFrom))) req = { ...req, rotatedFrom: null };
        if ((await countRecords()) >= MAX_RECORDS) {
          throw new ProtocolError('QUOTA', t('errVaultFull', MAX_RECORDS.toLocaleString('en')));
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

    /** A backup of the header and every record that opens; secrets stay sealed. @throws LOCKED */
    async exportBackup(): Promise<{ fileName: string; json: string }> {
      const { meta, privateKey } = await requireUnlocked();
      const { good } = await verifyAll(meta, privateKey);
      const at = now();
      return { fileName: backupFileName(at), json: JSON.stringify(buildBackup(meta, good, at), null, 2) };
    },

    /**
     * Merges a backup: checks the whole file and its passphrase before writing anything, skips keys
     * already here (mergeBackup.ts), re-seals the others to this vault's public key (so importing
     * works while locked), and writes them in one call. With no vault yet, the backup's vault is
     * adopted as is and left unlocked.
     * @throws BAD_BACKUP, WRONG_PASSPHRASE / RATE_LIMITED (the unlock throttle), QUOTA
     */
    async importBackup(json: string, passphrase: string): Promise<{ added: number; skipped: number }> {
      const backup = parseBackup(json);
      const floor = backup.vault.wrappedPrivateKey.kdf.iterations;
      if (floor < minIterations) throw new ProtocolError('BAD_BACKUP', t('errBackupKdfTooWeak', [floor.toLocaleString('en'), minIterations.toLocaleString('en')]));
      // The unlock throttle: a backup file must not be a way to try passphrases quickly. Its
      // passphrase is not the vault's, so a right one forgives nothing.
      const backupPkcs8 = await limits.passphraseAttempt(
        async () => {
          try {
            return await openWithPassphrase(backup.vault.wrappedPrivateKey, passphrase, wrappedKeyAad(backup.vault), minIterations);
          } catch {
            throw new ProtocolError('WRONG_PASSPHRASE', t('errBackupWrongPassphrase'));
          }
        },
        { forgive: false },
      );
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
          const plan = mergeBackup({
            current,
            backup,
            storedIds: await allRecordIds(),
            stored: (await readAllRecords()).records,
            maxRecords: MAX_RECORDS,
          });
          const target = current ?? backup.vault;
          const items: Record<string, unknown> = {};
          for (const rec of plan.added) {
            const { sealed: _s, ...base } = rec;
            items[recordKey(rec.id)] = plan.reseal ? await sealRecord(base, secrets.get(rec.id)!, target.publicKey) : rec;
          }
          if (plan.adopt) items[META_KEY] = backup.vault;
          // One write: the header (when adopted, with its pin) and every new record land together or not at all.
          if (Object.keys(items).length > 0) await writeItems(items, plan.adopt ? await pinFor(backup.vault, await readPin()) : null);
          if (plan.adopt) await startSession(backup.vault, backupPkcs8);
          return { added: plan.added.length, skipped: plan.skipped };
        });
      } finally {
        for (const s of secrets.values()) s.fill(0);
        backupPkcs8.fill(0);
      }
    },
  };
}
