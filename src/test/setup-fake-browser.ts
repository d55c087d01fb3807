/**
 * Vitest setup (core project): @webext-core/fake-browser declares `storage.<area>.getKeys()`
 * (Chrome 130+, recent Firefox) but throws "not implemented". Give it the real behaviour, the keys
 * of what the area holds, so code that prefers it runs on the same path as in the browser.
 */
import { fakeBrowser } from '@webext-core/fake-browser';
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach } from 'vitest';

for (const name of ['local', 'session', 'sync', 'managed'] as const) {
  const area = fakeBrowser.storage[name] as typeof fakeBrowser.storage.local & { getKeys: () => Promise<string[]> };
  const get = area.get as (keys: null) => Promise<Record<string, unknown>>; // the original, so a test spying on get() sees only its own code's calls
  area.getKeys = async () => Object.keys(await get.call(area, null));
}

/**
 * Chrome's `storage.local.setAccessLevel` (the vault closes the area with it: background/vault/store.ts).
 * The fake records the level asked for; a test for Firefox's path deletes the method.
 */
(fakeBrowser.storage.local as unknown as { setAccessLevel?: (o: { accessLevel: string }) => Promise<void>; accessLevel?: string }).setAccessLevel = async function (o) {
  (this as { accessLevel?: string }).accessLevel = o.accessLevel;
};

/** A fresh, empty IndexedDB (fake-indexeddb) for every test, as fakeBrowser.reset() gives fresh storage areas. */
beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});
