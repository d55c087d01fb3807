/**
 * Typed storage items: one definition each (area, key, schema, fallback), read with validation so
 * a corrupted or foreign value falls back instead of crashing a context.
 */
import * as v from 'valibot';
import { browser } from './browser';
import { DEFAULT_SETTINGS, type Settings } from './protocol';
import { SettingsSchema } from './schemas';

export type Area = 'local' | 'session' | 'sync' | 'managed';

export interface StorageItem<T> {
  readonly area: Area;
  readonly key: string;
  /** The stored value, or the fallback when absent or invalid. */
  get(): Promise<T>;
  /** Validates, then writes. @throws ProtocolError-like Error when invalid or over quota. */
  set(value: T): Promise<void>;
  remove(): Promise<void>;
}

/** Defines a typed item in `area` under `key`, validated by `schema`, `fallback` when absent or invalid. */
export function defineItem<T>(area: Area, key: string, schema: v.GenericSchema<unknown, T>, fallback: T): StorageItem<T> {
  const store = () => browser.storage[area];
  return {
    area,
    key,
    async get() {
      const got = (await store().get(key))[key];
      if (got === undefined) return structuredClone(fallback);
      const parsed = v.safeParse(schema, got);
      return parsed.success ? parsed.output : structuredClone(fallback);
    },
    async set(value) {
      await store().set({ [key]: v.parse(schema, value) });
    },
    async remove() {
      await store().remove(key);
    },
  };
}

/** User settings, in storage.local (not synced: auto-lock is a per-device choice). */
export const settingsItem: StorageItem<Settings> = defineItem('local', 'settings', SettingsSchema, DEFAULT_SETTINGS);
