import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../shared/protocol';
import { mergeBackup, type MergeInput } from './mergeBackup';
import type { StoredRecord } from './records';
import { SEAL_ALG } from './sealing';

const vaultA = { id: 'vault-a', publicKey: 'PUB-A' };
const vaultB = { id: 'vault-b', publicKey: 'PUB-B' };

/** A record as parseBackup answers it (the sealed box is opaque here: mergeBackup never opens it). */
function rec(id: string, name: string, createdAt: number): StoredRecord {
  const sealed: StoredRecord['sealed'] = { alg: SEAL_ALG, epk: 'e', iv: 'i', ciphertext: 'c' };
  return {
    version: 1,
    id,
    name,
    permission: 'read',
    teams: [],
    templateId: null,
    templateLabel: null,
    createdAt,
    lastCopiedAt: null,
    sealed,
  };
}

function input(over: Partial<MergeInput>): MergeInput {
  return { current: vaultA, backup: { vault: vaultA, records: [] }, storedIds: new Set(), stored: [], maxRecords: 1_000, ...over };
}

describe('mergeBackup', () => {
  it('adds every record into an empty browser, adopting the backup\'s header without re-sealing', () => {
    const records = [rec('1', 'one', 10), rec('2', 'two', 20)];
    expect(mergeBackup(input({ current: null, backup: { vault: vaultB, records } }))).toEqual({ added: records, skipped: 0, adopt: true, reseal: false });
  });

  it('skips records already here by id (readable or not) and by name and creation time', () => {
    const records = [rec('1', 'one', 10), rec('2', 'two', 20), rec('3', 'three', 30)];
    const plan = mergeBackup(input({ backup: { vault: vaultA, records }, storedIds: new Set(['1', 'x']), stored: [{ name: 'two', createdAt: 20 }] }));
    expect(plan.added.map((r) => r.id)).toEqual(['3']);
    expect(plan.skipped).toBe(2);
    expect(plan).toMatchObject({ adopt: false, reseal: false });
  });

  it('a same name at another time is another key; duplicates within the backup count once', () => {
    const records = [rec('1', 'one', 10), rec('2', 'one', 11), rec('3', 'one', 11), rec('1', 'again', 99)];
    const plan = mergeBackup(input({ backup: { vault: vaultA, records } }));
    expect(plan.added.map((r) => r.id)).toEqual(['1', '2']);
    expect(plan.skipped).toBe(2);
  });

  it('re-seals into another vault (another id, or the same id with another public key)', () => {
    const records = [rec('1', 'one', 10)];
    expect(mergeBackup(input({ backup: { vault: vaultB, records } })).reseal).toBe(true);
    expect(mergeBackup(input({ backup: { vault: { id: vaultA.id, publicKey: 'OTHER' }, records } })).reseal).toBe(true);
  });

  it('refuses with QUOTA when the added records would exceed the cap, counting broken stored records', () => {
    const records = [rec('1', 'one', 10), rec('2', 'two', 20)];
    const run = () => mergeBackup(input({ backup: { vault: vaultA, records }, storedIds: new Set(['a', 'b']), maxRecords: 3 }));
    expect(run).toThrow(ProtocolError);
    expect(run).toThrow('Nothing was imported: the vault would hold 4 keys, more than its limit of 3. Delete keys you no longer need first.');
    // At the cap exactly, or nothing to add: no refusal.
    expect(mergeBackup(input({ backup: { vault: vaultA, records }, storedIds: new Set(['a']), maxRecords: 3 })).added).toHaveLength(2);
    expect(mergeBackup(input({ backup: { vault: vaultA, records }, storedIds: new Set(['1', '2', 'c', 'd']), maxRecords: 3 })).skipped).toBe(2);
  });

  it('does not change its inputs', () => {
    const storedIds = new Set(['a']);
    mergeBackup(input({ backup: { vault: vaultA, records: [rec('1', 'one', 10)] }, storedIds }));
    expect([...storedIds]).toEqual(['a']);
  });
});
