/**
 * A small key-value area with the shape of `storage.local` (get, getKeys, set, remove), in two
 * kinds: the extension's `storage.local` itself, and an IndexedDB database on the extension's own
 * origin. Content scripts run in the page's origin, so the extension origin's IndexedDB is out of
 * their reach in every browser (HTML Standard, "origin"; IndexedDB 3.0, "database" belongs to a
 * storage key). `storage.local` is out of their reach only once `setAccessLevel` closed it
 * (background/vault/store.ts decides which one the vault uses).
 *
 * Each `set` or `remove` is one IndexedDB transaction, or one `storage.local` call: all of it
 * lands, or none (IndexedDB 3.0, "transaction"; Chrome storage docs, `set`).
 * Values are stored as structured clones (IndexedDB) or JSON (storage.local): callers store plain
 * JSON-like data only.
 */
import { browser } from './browser';

export interface KeyValueArea {
  /** Values of `keys` that exist (all of them with null). */
  get(keys: string | string[] | null): Promise<Record<string, unknown>>;
  /** Every key stored, without the values. */
  getKeys(): Promise<string[]>;
  /** Writes every item, all or none. */
  set(items: Record<string, unknown>): Promise<void>;
  /** Removes the keys, all or none. */
  remove(keys: string | string[]): Promise<void>;
  /** 'local' (storage.local) or 'indexeddb'. */
  readonly kind: 'local' | 'indexeddb';
}

/** The extension's IndexedDB database that holds the vault where storage.local cannot be closed, and the pin. */
export const VAULT_DB_NAME = 'cckh-vault';
const STORE = 'kv';
const DB_VERSION = 1;

const asList = (keys: string | string[]) => (Array.isArray(keys) ? keys : [keys]);

function promised<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
  });
}

/** Open connections, per IndexedDB factory (tests swap the factory between cases) and database name. */
const connections = new WeakMap<IDBFactory, Map<string, Promise<IDBDatabase>>>();

function open(name: string): Promise<IDBDatabase> {
  const factory = globalThis.indexedDB;
  if (!factory) return Promise.reject(new Error('IndexedDB is not available here'));
  let byName = connections.get(factory);
  if (!byName) connections.set(factory, (byName = new Map()));
  let db = byName.get(name);
  if (!db) {
    const req = factory.open(name, DB_VERSION);
    req.onupgradeneeded = () => {
      if (!req.result.objectStoreNames.contains(STORE)) req.result.createObjectStore(STORE);
    };
    db = promised(req).then((conn) => {
      // Another context deleting or upgrading the database: let it, and open afresh next time.
      conn.onversionchange = () => {
        conn.close();
        byName.delete(name);
      };
      conn.onclose = () => byName.delete(name);
      return conn;
    });
    db.catch(() => byName.delete(name));
    byName.set(name, db);
  }
  return db;
}

/** An area in the IndexedDB database `name` (default: the vault's) of the current origin. */
export function indexedDbArea(name = VAULT_DB_NAME): KeyValueArea {
  return {
    kind: 'indexeddb',
    async get(keys) {
      const db = await open(name);
      const store = db.transaction(STORE, 'readonly').objectStore(STORE);
      const out: Record<string, unknown> = {};
      if (keys === null) {
        const [allKeys, values] = await Promise.all([promised(store.getAllKeys()), promised(store.getAll())]);
        allKeys.forEach((k, i) => (out[String(k)] = values[i]));
        return out;
      }
      const list = asList(keys);
      const values = await Promise.all(list.map((k) => promised(store.get(k))));
      list.forEach((k, i) => {
        if (values[i] !== undefined) out[k] = values[i];
      });
      return out;
    },
    async getKeys() {
      const db = await open(name);
      return (await promised(db.transaction(STORE, 'readonly').objectStore(STORE).getAllKeys())).map(String);
    },
    async set(items) {
      const db = await open(name);
      const tx = db.transaction(STORE, 'readwrite');
      const store = tx.objectStore(STORE);
      for (const [k, value] of Object.entries(items)) store.put(value, k);
      await done(tx);
    },
    async remove(keys) {
      const db = await open(name);
      const tx = db.transaction(STORE, 'readwrite');
      const store = tx.objectStore(STORE);
      for (const k of asList(keys)) store.delete(k);
      await done(tx);
    },
  };
}

/** The extension's `storage.local` as a KeyValueArea (read at call time: tests replace the fake browser's areas). */
export function storageLocalArea(): KeyValueArea {
  const local = () => browser.storage.local as typeof browser.storage.local & { getKeys?: () => Promise<string[]> };
  return {
    kind: 'local',
    get: (keys) => local().get(keys) as Promise<Record<string, unknown>>,
    async getKeys() {
      const area = local();
      if (typeof area.getKeys === 'function') {
        try {
          return await area.getKeys();
        } catch {
          // declared but not available: read everything, as below
        }
      }
      return Object.keys(await area.get(null));
    },
    set: (items) => local().set(items),
    remove: (keys) => local().remove(keys),
  };
}

/**
 * Whether this browser can close `storage.local` to content scripts: `StorageArea.setAccessLevel`
 * exists on it (Chrome; Firefox has it on no area). The service worker confirms by calling it
 * (background/vault/store.ts); pages that only read use this to know where to look.
 */
export function localCanBeClosed(): boolean {
  return typeof (browser.storage.local as { setAccessLevel?: unknown }).setAccessLevel === 'function';
}
