import { fakeBrowser } from '@webext-core/fake-browser';
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../shared/browser', () => ({ browser: fakeBrowser }));

const { allRecordIds, countRecords, mapStorageError, RECORD_PREFIX } = await import('./records');
const { ProtocolError } = await import('../../shared/protocol');
type ProtocolError = InstanceType<typeof ProtocolError>;
const { prepareAnew, vaultArea } = await import('./store');

describe('record keys', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    await fakeBrowser.storage.local.set({ [`${RECORD_PREFIX}a`]: { big: 'x'.repeat(1000) }, [`${RECORD_PREFIX}b`]: {}, settings: {}, other: 1 });
    prepareAnew();
    await vaultArea(); // closed and migrated (it reads the header once): what follows reads keys only
  });

  it('counts records and lists their ids from the keys alone (getKeys), never reading the values', async () => {
    const get = vi.spyOn(fakeBrowser.storage.local, 'get');
    expect(await countRecords()).toBe(2);
    expect(await allRecordIds()).toEqual(new Set(['a', 'b']));
    expect(get).not.toHaveBeenCalled();
  });

  it('reads everything where getKeys is missing or fails (older browsers), with the same answer', async () => {
    vi.spyOn(fakeBrowser.storage.local, 'getKeys').mockRejectedValue(new Error('storage.local.getKeys is not a function'));
    const get = vi.spyOn(fakeBrowser.storage.local, 'get');
    expect(await countRecords()).toBe(2);
    expect(await allRecordIds()).toEqual(new Set(['a', 'b']));
    expect(get).toHaveBeenCalledWith(null);
  });
});

describe('mapStorageError', () => {
  const caught = (err: unknown) => {
    try {
      mapStorageError(err);
    } catch (e) {
      return { code: (e as ProtocolError).code, message: (e as ProtocolError).message };
    }
    return null;
  };

  it('a full storage area is QUOTA in words from _locales; any other failure says the write did not happen, without its text', () => {
    expect(caught(new DOMException('The quota has been exceeded.', 'QuotaExceededError'))).toEqual({
      code: 'QUOTA',
      message: 'Browser storage is full, so nothing was saved. Delete keys you no longer need or export a backup, then try again.',
    });
    expect(caught(new Error('IO error: /profile/secret-path/000003.log'))).toEqual({ code: 'INTERNAL', message: 'Could not write to browser storage, so nothing was saved. Try again.' });
    expect(caught(new ProtocolError('INVALID_REQUEST', 'Not saved: teams: at most 50 teams.'))).toEqual({ code: 'INVALID_REQUEST', message: 'Not saved: teams: at most 50 teams.' });
  });
});
