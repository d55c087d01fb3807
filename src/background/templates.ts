/**
 * Templates and settings handlers of the service worker. Where templates live and how they are
 * read: shared/templateStore.ts. Writes happen here only. Nothing here is secret. No state lives
 * in globals: the worker may be stopped at any moment.
 */
import { browser } from '../shared/browser';
import { ProtocolError } from '../shared/protocol';
import { t } from '../shared/i18n';
import type { Handlers } from '../shared/router';
import { settingsItem } from '../shared/storage';
import { ORDER_KEY, USER_PREFIX, listTemplates, readManagedTemplates, readVisibleTemplates, reservedIdsOf, toStored } from '../shared/templateStore';

/** storage.sync quotas (Chrome storage docs; Firefox uses the same numbers). */
export const SYNC_QUOTA = { bytesPerItem: 8192, totalBytes: 102_400, maxItems: 512 } as const;

/** Bytes an item costs in storage.sync: its key plus the JSON of its value (Chrome's own measure). */
export function itemBytes(key: string, value: unknown): number {
  return new TextEncoder().encode(key).length + new TextEncoder().encode(JSON.stringify(value)).length;
}

export const templateHandlers: Pick<Handlers, 'templates.list' | 'templates.listUser' | 'templates.saveUser' | 'settings.get' | 'settings.set'> = {
  async 'templates.list'() {
    return { templates: await listTemplates() };
  },

  async 'templates.listUser'() {
    return { templates: (await readVisibleTemplates()).user };
  },

  async 'templates.saveUser'(data) {
    const templates = data.templates.map(toStored);
    const reserved = reservedIdsOf(await readManagedTemplates());
    const seen = new Set<string>();
    for (const tpl of templates) {
      if (reserved.has(tpl.id)) throw new ProtocolError('INVALID_REQUEST', `Template id "${tpl.id}" is taken by a built-in or managed template.`);
      if (seen.has(tpl.id)) throw new ProtocolError('INVALID_REQUEST', `Template id "${tpl.id}" is used twice.`);
      seen.add(tpl.id);
    }

    const current = (await browser.storage.sync.get(null)) as Record<string, unknown>;
    const next: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(current)) if (!k.startsWith(USER_PREFIX) && k !== ORDER_KEY) next[k] = val;
    const wanted: Record<string, unknown> = { [ORDER_KEY]: templates.map((tpl) => tpl.id) };
    for (const tpl of templates) wanted[USER_PREFIX + tpl.id] = tpl;
    Object.assign(next, wanted);

    // Check quotas on the state after the write, before writing anything.
    let total = 0;
    for (const [k, val] of Object.entries(next)) {
      const bytes = itemBytes(k, val);
      if (bytes > SYNC_QUOTA.bytesPerItem) {
        throw new ProtocolError('QUOTA', t('errTemplateItemTooBig', [k, bytes, SYNC_QUOTA.bytesPerItem]));
      }
      total += bytes;
    }
    if (total > SYNC_QUOTA.totalBytes) {
      throw new ProtocolError('QUOTA', t('errTemplateBytes', [total, SYNC_QUOTA.totalBytes]));
    }
    const count = Object.keys(next).length;
    if (count > SYNC_QUOTA.maxItems) {
      throw new ProtocolError('QUOTA', t('errTemplateItems', [count, SYNC_QUOTA.maxItems]));
    }

    // Write only what changed (storage.sync also limits writes per minute), then drop removed ones.
    const changed: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(wanted)) if (JSON.stringify(current[k]) !== JSON.stringify(val)) changed[k] = val;
    const stale = Object.keys(current).filter((k) => k.startsWith(USER_PREFIX) && !(k in wanted));
    try {
      if (Object.keys(changed).length > 0) await browser.storage.sync.set(changed);
      if (stale.length > 0) await browser.storage.sync.remove(stale);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      // storage.sync's own refusals: QUOTA_BYTES(_PER_ITEM), MAX_ITEMS, MAX_WRITE_OPERATIONS_PER_*.
      if (/quota|MAX_/i.test(message)) throw new ProtocolError('QUOTA', t('errTemplateSyncFull'));
      throw err;
    }
    return { templates: templates.map((tpl) => ({ ...tpl, source: 'user' as const })) };
  },

  async 'settings.get'() {
    return { settings: await settingsItem.get() };
  },

  async 'settings.set'(data) {
    await settingsItem.set(data.settings);
    return { settings: await settingsItem.get() };
  },
};
