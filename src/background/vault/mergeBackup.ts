/**
 * Which records of a backup an import adds: a pure function of the backup and what is stored, so
 * the rules are tested without storage or crypto (mergeBackup.test.ts). keyOps.ts importBackup reads
 * the stored side, checks the backup's passphrase and every secret first, re-seals what this
 * returns, and writes it in one call.
 */
import { t } from '../../shared/i18n';
import { ProtocolError } from '../../shared/protocol';
import type { StoredRecord, VaultMeta } from './records';

export interface MergeInput {
  /** This browser's vault header; null when there is none (the backup's header is then adopted). */
  current: Pick<VaultMeta, 'id' | 'publicKey'> | null;
  /** The parsed backup file (backup.ts parseBackup): its header and records, in file order. */
  backup: { vault: Pick<VaultMeta, 'id' | 'publicKey'>; records: readonly StoredRecord[] };
  /** Ids of every stored record, readable or not. */
  storedIds: ReadonlySet<string>;
  /** Name and creation time (ms since the epoch) of every readable stored record. */
  stored: readonly Pick<StoredRecord, 'name' | 'createdAt'>[];
  /** Most records the vault may hold after the import. */
  maxRecords: number;
}

export interface MergePlan {
  /** The backup's records to add, as the backup holds them (sealed to the backup's key), in file order. */
  added: StoredRecord[];
  /** Backup records already here: same id, or same name and creation time (also within the backup). */
  skipped: number;
  /** No vault here: the backup's header becomes this browser's (written with the records). */
  adopt: boolean;
  /** The added records must be re-sealed to `current`'s public key (the backup is another vault's). */
  reseal: boolean;
}

const nameKey = (r: Pick<StoredRecord, 'name' | 'createdAt'>) => `${r.name}\u0000${r.createdAt}`;

/**
 * Merges a backup into what is stored: skips every record already here (same id, or same name and
 * creation time: the same key in another vault) and keeps the rest.
 * @throws ProtocolError QUOTA when the records added would take the vault over `maxRecords`
 *   (nothing is to be imported then)
 */
export function mergeBackup({ current, backup, storedIds, stored, maxRecords }: MergeInput): MergePlan {
  const target = current ?? backup.vault;
  const ids = new Set(storedIds);
  const seen = new Set(stored.map(nameKey));
  const added: StoredRecord[] = [];
  let skipped = 0;
  for (const rec of backup.records) {
    if (ids.has(rec.id) || seen.has(nameKey(rec))) {
      skipped++;
      continue;
    }
    ids.add(rec.id);
    seen.add(nameKey(rec));
    added.push(rec);
  }
  const total = storedIds.size + added.length;
  if (added.length > 0 && total > maxRecords) {
    throw new ProtocolError('QUOTA', t('errImportOverLimit', [total, maxRecords.toLocaleString('en')]));
  }
  return { added, skipped, adopt: current === null, reseal: !(target.id === backup.vault.id && target.publicKey === backup.vault.publicKey) };
}
