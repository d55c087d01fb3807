/**
 * The frozen fixtures (tests/fixtures/README.md): files written by version 0.1.0 that every later
 * version must open, with the product's own defaults (PBKDF2 floor 100,000, target 600,000).
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { fakeBrowser } from '@webext-core/fake-browser';
import { META_KEY } from '../../shared/vaultStorage';
import { diskStrength } from '../../test/strength';
import { createVaultService } from './vault';
import { openWithPassphrase } from './envelope';
import { parseBackup } from './backup';
import { recordAad, StoredRecordSchema, VaultMetaSchema, wrappedKeyAad } from './records';
import { importPrivateKey, openSealed } from './sealing';
import { fromUtf8 } from './encoding';
import * as v from 'valibot';

vi.mock('../../shared/browser', () => ({ browser: fakeBrowser }));

const fixture = (name: string) => readFileSync(new URL(`../../../tests/fixtures/${name}`, import.meta.url), 'utf8');
const PASS = 'fixture passphrase: frozen v1 vault';
const SECRETS: Record<string, string> = {
  'ci-read-2026-12-05': 'Zm9yIHRoZSBmcm96ZW4gdjEgZml4dHVyZSBvbmx5ISE=',
  'deploy-write': 'dGVhbSBrZXkgb2YgdGhlIGZyb3plbiBmaXh0dXJlIQ==',
};
const production = () => createVaultService({ strength: diskStrength });

beforeEach(() => fakeBrowser.reset());

describe('frozen fixtures of format 1', () => {
  it('vault-v1: the header parses, its passphrase opens it (600,000 iterations), and every key reads back', async () => {
    const storage = JSON.parse(fixture('vault-v1.storage-local.json')) as Record<string, unknown>;
    expect(v.safeParse(VaultMetaSchema, storage[META_KEY]).success).toBe(true);
    await fakeBrowser.storage.local.set(storage);
    const vault = production();
    await vault.unlock(PASS);
    const { keys, broken } = await vault.list();
    expect(broken).toEqual([]);
    expect(keys.map((k) => [k.name, k.permission, k.teams, k.templateLabel, k.createdAt, k.verification])).toEqual([
      ['deploy-write', 'read-write', [{ team: 'Platform', access: 'read-write' }, { team: 'Data', access: 'read' }], null, 1796463120000, 'verified'],
      ['ci-read-2026-12-05', 'read', [], 'Read-only', 1796463060000, 'verified'],
    ]);
    for (const k of keys) expect((await vault.reveal(k.id)).secret).toBe(SECRETS[k.name]);
  });

  it('record-v1: parses as a stored record and opens with the vault-v1 key', async () => {
    const storage = JSON.parse(fixture('vault-v1.storage-local.json')) as { 'vault.meta': unknown };
    const meta = v.parse(VaultMetaSchema, storage['vault.meta']);
    const record = v.parse(StoredRecordSchema, JSON.parse(fixture('record-v1.json')));
    const key = await importPrivateKey(await openWithPassphrase(meta.wrappedPrivateKey, PASS, wrappedKeyAad(meta)));
    expect(fromUtf8(await openSealed(record.sealed, key, meta.publicKey, recordAad(record)))).toBe(SECRETS['deploy-write']);
  });

  it('backup-v1: parses, and imports into an empty browser with its passphrase, every key readable', async () => {
    const json = fixture('backup-v1.ckhbackup.json');
    expect(parseBackup(json).records).toHaveLength(2);
    const vault = production();
    expect(await vault.importBackup(json, PASS)).toEqual({ added: 2, skipped: 0 });
    const { keys } = await vault.list();
    for (const k of keys) expect((await vault.reveal(k.id)).secret).toBe(SECRETS[k.name]);
  });

  it('backup-v1: merges into another vault, re-sealed to its key', async () => {
    const vault = production();
    await vault.create('another vault passphrase for merging');
    await vault.lock();
    expect(await vault.importBackup(fixture('backup-v1.ckhbackup.json'), PASS)).toEqual({ added: 2, skipped: 0 });
    await vault.unlock('another vault passphrase for merging');
    const { keys } = await vault.list();
    expect(keys.map((k) => k.name).sort()).toEqual(Object.keys(SECRETS).sort());
    for (const k of keys) expect((await vault.reveal(k.id)).secret).toBe(SECRETS[k.name]);
  });
});
