/**
 * What the vault stores, in its area (store.ts: `storage.local` closed to content scripts, or the
 * extension's IndexedDB):
 * - `vault.meta`: version, vault id, public key (SPKI base64), the private key wrapped by the
 *   passphrase (a `PassphraseEnvelope`);
 * - `vault.rec.<id>`: one record per key, each under its own storage key, so captures sent in
 *   parallel never read-modify-write a shared list and cannot overwrite each other.
 *
 * A record keeps its metadata (name, permission, teams, template, dates) in the clear next to the
 * sealed secret: it is not secret (Cloudcraft shows it to every team member) and the list must be
 * cheap. It is bound to the secret as additional authenticated data (`recordAad`), so metadata
 * edited in storage or swapped between records makes that record fail to open.
 * Every write is a single `set` of the area (one IndexedDB transaction there): a worker killed between two steps loses nothing
 * acknowledged.
 */
import * as v from 'valibot';
import { type BrokenRecord, isQuotaError, type KeyMeta, ProtocolError, type Verification } from '../../shared/protocol';
import { t } from '../../shared/i18n';
import { MAX_NOTE, StoredMetaEntries } from '../../shared/recordMeta';
import { PassphraseEnvelopeSchema } from './envelope';
import { SealedBoxSchema, openSealed, seal } from './sealing';
import { base64ByteLength, utf8 } from './encoding';
import { META_KEY } from '../../shared/vaultStorage';
import { RECORD_PREFIX, vaultArea, writeWithPin, type Pin } from './store';

export { RECORD_PREFIX };
const VERIFICATIONS: readonly Verification[] = ['verified', 'rejected', 'unverified'];
export const VAULT_FORMAT_VERSION = 1;

export const VaultMetaSchema = v.object({
  version: v.literal(VAULT_FORMAT_VERSION),
  /** Random id: ties the unlocked session to this vault (a restored or re-created vault invalidates it). */
  id: v.pipe(v.string(), v.minLength(8), v.maxLength(64)),
  createdAt: v.number(),
  /** ECDH P-256 public key, SPKI, base64: what captures seal to. */
  publicKey: v.pipe(
    v.string(),
    v.check((s) => base64ByteLength(s) > 0 && base64ByteLength(s) < 200, 'publicKey must be SPKI base64'),
  ),
  /** The PKCS#8 private key, wrapped by the passphrase key (AAD: `wrappedKeyAad`). */
  wrappedPrivateKey: PassphraseEnvelopeSchema,
});
export type VaultMeta = v.InferOutput<typeof VaultMetaSchema>;

export const StoredRecordSchema = v.object({
  version: v.literal(1),
  id: v.pipe(v.string(), v.regex(/^[A-Za-z0-9-]{8,64}$/, 'bad id')),
  // name, permission, teams, templateId, templateLabel: a capture message's caps (new records are
  // checked against them before they are stored), with the teams cap of the first format.
  ...StoredMetaEntries,
  createdAt: v.number(),
  /** Not bound as AAD: it changes on every copy without the private key, and forging it harms nothing. */
  lastCopiedAt: v.nullable(v.number()),
  /**
   * What Cloudcraft said of the key at capture (`GET /user/me`). Not bound as AAD: it is written
   * after the sealed record, once Cloudcraft has answered, without the private key. Absent in
   * records stored before captures were verified.
   */
  verification: v.optional(v.nullable(v.picklist(VERIFICATIONS))),
  /**
   * The user's note, whether the key was revoked in Cloudcraft (when), and which stored key it
   * replaced. Not bound as AAD: the user edits the first two at will, the third is a pointer; none
   * says anything about the secret. Absent in records stored before they existed.
   */
  note: v.optional(v.pipe(v.string(), v.maxLength(MAX_NOTE, `at most ${MAX_NOTE} characters`))),
  revokedAt: v.optional(v.nullable(v.number())),
  rotatedFrom: v.optional(v.nullable(v.pipe(v.string(), v.regex(/^[A-Za-z0-9-]{8,64}$/, 'bad id')))),
  sealed: SealedBoxSchema,
});
export type StoredRecord = v.InferOutput<typeof StoredRecordSchema>;

/** AAD of the wrapped private key: binds it to its vault id and public key (a swapped public key fails unlock). */
export function wrappedKeyAad(meta: Pick<VaultMeta, 'id' | 'publicKey'>): Uint8Array<ArrayBuffer> {
  return utf8(JSON.stringify(['ckh-vault-key-v1', meta.id, meta.publicKey]));
}

/** AAD of a record's secret: id, name, permission, teams, template and creation time, in a fixed order (not the note, marks and pointers). */
export function recordAad(r: Pick<StoredRecord, 'id' | 'name' | 'permission' | 'teams' | 'templateId' | 'templateLabel' | 'createdAt'>): Uint8Array<ArrayBuffer> {
  return utf8(
    JSON.stringify([
      'ckh-record-v1',
      r.id,
      r.name,
      r.permission,
      r.teams.map((t) => [t.team, t.access]),
      r.templateId,
      r.templateLabel,
      r.createdAt,
    ]),
  );
}

export function toKeyMeta(r: StoredRecord): KeyMeta {
  return {
    id: r.id,
    name: r.name,
    permission: r.permission,
    teams: r.teams.map((t) => ({ ...t })),
    templateId: r.templateId,
    templateLabel: r.templateLabel,
    createdAt: r.createdAt,
    lastCopiedAt: r.lastCopiedAt,
    verification: r.verification ?? null,
    note: r.note ?? '',
    revokedAt: r.revokedAt ?? null,
    rotatedFrom: r.rotatedFrom ?? null,
  };
}

export const recordKey = (id: string) => RECORD_PREFIX + id;

// ---------------------------------------------------------------- storage access

/** The vault's area (store.ts: closed storage.local or IndexedDB). */
const local = () => vaultArea();

/** Quota errors become a clear `QUOTA` error; the write did not happen (storage.set is all or nothing). */
export function mapStorageError(err: unknown): never {
  if (err instanceof ProtocolError) throw err;
  if (isQuotaError(err)) throw new ProtocolError('QUOTA', t('errStorageFull'));
  throw new ProtocolError('INTERNAL', t('errStorageWrite'));
}

export async function setLocal(items: Record<string, unknown>): Promise<void> {
  try {
    await (await local()).set(items);
  } catch (err) {
    mapStorageError(err);
  }
}

/**
 * One write of vault items (header and records, keyed as stored) and, when given, the pin
 * (store.ts writeWithPin).
 * @throws ProtocolError QUOTA when storage is full, INTERNAL for other storage errors
 */
export async function writeItems(items: Record<string, unknown>, pin: Pin | null): Promise<void> {
  try {
    await writeWithPin(await local(), items, pin);
  } catch (err) {
    mapStorageError(err);
  }
}

/** The vault header, `null` when no vault exists. @throws ProtocolError CORRUPT_RECORD when present but unreadable. */
export async function readMeta(): Promise<VaultMeta | null> {
  const raw = (await (await local()).get(META_KEY))[META_KEY];
  if (raw === undefined || raw === null) return null;
  const parsed = v.safeParse(VaultMetaSchema, raw);
  if (!parsed.success) {
    throw new ProtocolError('CORRUPT_RECORD', 'The vault header in browser storage is damaged. Restore it from a backup file.');
  }
  return parsed.output;
}

export async function writeMeta(meta: VaultMeta): Promise<void> {
  await setLocal({ [META_KEY]: checked(VaultMetaSchema, meta) });
}

/**
 * `value` validated against the stored schema. @throws ProtocolError INVALID_REQUEST naming the
 * first problem: nothing that fails the stored schema is written (and it is never INTERNAL).
 */
export function checked<T>(schema: v.GenericSchema<unknown, T>, value: unknown): T {
  const parsed = v.safeParse(schema, value);
  if (parsed.success) return parsed.output;
  const issue = parsed.issues[0];
  const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
  throw new ProtocolError('INVALID_REQUEST', t('errNotSavedInvalid', `${path ? `${path}: ` : ''}${issue.message}`));
}

/** Name of a record that failed to parse, if one can be read, for the "broken" list. */
function guessName(raw: unknown): string {
  if (typeof raw === 'object' && raw !== null && typeof (raw as { name?: unknown }).name === 'string') {
    return (raw as { name: string }).name.slice(0, 200);
  }
  return '(unnamed)';
}

function parseRecord(id: string, raw: unknown): StoredRecord | BrokenRecord {
  const parsed = v.safeParse(StoredRecordSchema, raw);
  if (!parsed.success) return { id, name: guessName(raw), reason: `Unreadable record (${v.summarize(parsed.issues).split('\n')[0]})` };
  if (parsed.output.id !== id) return { id, name: parsed.output.name, reason: 'Record stored under another id' };
  return parsed.output;
}

export function isBroken(r: StoredRecord | BrokenRecord): r is BrokenRecord {
  return !('sealed' in r);
}

/** Every record, parsed; those that fail to parse are returned as broken (never dropped, never thrown). */
export async function readAllRecords(): Promise<{ records: StoredRecord[]; broken: BrokenRecord[] }> {
  const all = await (await local()).get(null);
  const records: StoredRecord[] = [];
  const broken: BrokenRecord[] = [];
  for (const [key, raw] of Object.entries(all)) {
    if (!key.startsWith(RECORD_PREFIX)) continue;
    const r = parseRecord(key.slice(RECORD_PREFIX.length), raw);
    if (isBroken(r)) broken.push(r);
    else records.push(r);
  }
  records.sort((a, b) => b.createdAt - a.createdAt || a.id.localeCompare(b.id));
  return { records, broken };
}

/**
 * Every key stored in the vault's area, without reading the values (storage.local's `getKeys()`:
 * Chrome 130+; IndexedDB's `getAllKeys()`). vault.status counts records (the options page asks it),
 * and 1,000 records are ~0.5 MB to copy across processes for a number.
 */
async function localKeys(): Promise<string[]> {
  return (await local()).getKeys();
}

export async function countRecords(): Promise<number> {
  return (await localKeys()).filter((k) => k.startsWith(RECORD_PREFIX)).length;
}

/** One record. @throws NOT_FOUND when absent, CORRUPT_RECORD (naming it) when it does not parse. */
export async function readRecord(id: string): Promise<StoredRecord> {
  const raw = (await (await local()).get(recordKey(id)))[recordKey(id)];
  if (raw === undefined || raw === null) throw new ProtocolError('NOT_FOUND', 'No such key in the vault.');
  const r = parseRecord(id, raw);
  if (isBroken(r)) throw new ProtocolError('CORRUPT_RECORD', `The stored key "${r.name}" is damaged and cannot be read.`);
  return r;
}

export async function writeRecords(records: StoredRecord[]): Promise<void> {
  if (records.length === 0) return;
  await setLocal(Object.fromEntries(records.map((r) => [recordKey(r.id), checked(StoredRecordSchema, r)])));
}

export async function deleteRecord(id: string): Promise<void> {
  try {
    await (await local()).remove(recordKey(id));
  } catch (err) {
    mapStorageError(err);
  }
}

/** Whether a record is stored under `id`, readable or not. */
export async function recordExists(id: string): Promise<boolean> {
  const raw = (await (await local()).get(recordKey(id)))[recordKey(id)];
  return raw !== undefined && raw !== null;
}

/** Ids of every stored record, readable or not. */
export async function allRecordIds(): Promise<Set<string>> {
  const keys = (await localKeys()).filter((k) => k.startsWith(RECORD_PREFIX));
  return new Set(keys.map((k) => k.slice(RECORD_PREFIX.length)));
}

// ---------------------------------------------------------------- sealed secrets

const BROKEN_REASON = 'Fails authentication: altered, damaged, or sealed for another vault.';

/**
 * A record's secret, opened with the vault's private key (the caller wipes it after use).
 * @throws ProtocolError CORRUPT_RECORD naming the record when it does not open
 */
export async function openRecord(rec: StoredRecord, privateKey: CryptoKey, publicKey: string): Promise<Uint8Array<ArrayBuffer>> {
  try {
    return await openSealed(rec.sealed, privateKey, publicKey, recordAad(rec));
  } catch {
    throw new ProtocolError('CORRUPT_RECORD', `The stored key "${rec.name}" fails authentication (altered or damaged) and cannot be read. Other keys are not affected.`);
  }
}

/** The record `base` with `secret` sealed to `publicKey` (SPKI base64), its metadata as authenticated data. */
export async function sealRecord(base: Omit<StoredRecord, 'sealed'>, secret: Uint8Array<ArrayBuffer>, publicKey: string): Promise<StoredRecord> {
  return { ...base, sealed: await seal(secret, publicKey, recordAad(base)) };
}

/**
 * Every stored record split into those that open with `privateKey` (`good`) and those that do not
 * or do not parse (`broken`, by name and reason); each plaintext is wiped at once.
 */
export async function verifyAll(meta: Pick<VaultMeta, 'publicKey'>, privateKey: CryptoKey): Promise<{ good: StoredRecord[]; broken: BrokenRecord[] }> {
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
