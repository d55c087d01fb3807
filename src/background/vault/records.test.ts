import { fakeBrowser } from '@webext-core/fake-browser';
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../shared/browser', () => ({ browser: fakeBrowser }));

const { allRecordIds, countRecords, RECORD_PREFIX } = await import('./records');
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
