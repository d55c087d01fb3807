/**
 * The backup file: the vault header (public key and passphrase-wrapped private key) and every
 * record, secrets still sealed. Without the passphrase it opens nothing; with it, it restores all.
 */
import * as v from 'valibot';
import { ProtocolError } from '../../shared/protocol';
import { StoredRecordSchema, VaultMetaSchema, type StoredRecord, type VaultMeta } from './records';

export const BACKUP_FORMAT = 'cloudcraft-key-helper-backup';
export const BACKUP_VERSION = 1;
const MAX_BACKUP_RECORDS = 10_000;

export const BackupSchema = v.object({
  format: v.literal(BACKUP_FORMAT),
  version: v.literal(BACKUP_VERSION),
  createdAt: v.number(),
  vault: VaultMetaSchema,
  records: v.pipe(v.array(StoredRecordSchema), v.maxLength(MAX_BACKUP_RECORDS)),
});
export type BackupFile = v.InferOutput<typeof BackupSchema>;

export function backupFileName(at: number): string {
  return `cloudcraft-keys-${new Date(at).toISOString().slice(0, 10)}.ckhbackup.json`;
}

export function buildBackup(meta: VaultMeta, records: StoredRecord[], at: number): BackupFile {
  return { format: BACKUP_FORMAT, version: BACKUP_VERSION, createdAt: at, vault: meta, records };
}

const bad = (what: string) => new ProtocolError('BAD_BACKUP', `This is not a usable Cloudcraft Key Helper backup: ${what}. Nothing was imported.`);

/** Parses and validates a backup file's text. @throws ProtocolError BAD_BACKUP saying what is wrong. */
export function parseBackup(json: string): BackupFile {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    throw bad('the file is not JSON');
  }
  if (typeof data !== 'object' || data === null || (data as { format?: unknown }).format !== BACKUP_FORMAT) {
    throw bad('the file is not a Cloudcraft Key Helper backup (unknown format)');
  }
  if ((data as { version?: unknown }).version !== BACKUP_VERSION) {
    throw bad(`backup version ${String((data as { version?: unknown }).version)} is not supported (expected ${BACKUP_VERSION})`);
  }
  const parsed = v.safeParse(BackupSchema, data);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
    throw bad(`${path ? `${path}: ` : ''}${issue.message}`);
  }
  const ids = new Set<string>();
  for (const r of parsed.output.records) {
    if (ids.has(r.id)) throw bad(`the key id ${r.id} appears twice`);
    ids.add(r.id);
  }
  return parsed.output;
}

export { bad as badBackup };
