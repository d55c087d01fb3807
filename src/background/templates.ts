/**
 * Templates and settings handlers of the service worker.
 *
 * Templates come from three places, listed least privilege first (`sortLeastPrivilegeFirst`):
 * - built-in presets (`BUILTIN_TEMPLATES`), read-only;
 * - the organisation's, pushed through `storage.managed` key `templates` (see public/managed-schema.json),
 *   read-only; `storage.managed` may be empty or throw (Firefox without a policy): then there are none;
 * - the user's own, in `storage.sync` so they follow the user, one item per template (`tpl.<id>`)
 *   plus the order item `tplOrder`. One item each keeps every item far below the 8,192-byte item quota.
 * Nothing here is secret. No state lives in globals: the worker may be stopped at any moment.
 */
import * as v from 'valibot';
import { browser } from '../shared/browser';
import { ProtocolError, type Handlers } from '../shared/messages';
import { settingsItem } from '../shared/storage';
import { BUILTIN_TEMPLATES, TemplateSchema, sortLeastPrivilegeFirst, type Template } from '../shared/templates';

export const USER_PREFIX = 'tpl.';
export const ORDER_KEY = 'tplOrder';

/** storage.sync quotas (Chrome storage docs; Firefox uses the same numbers). */
export const SYNC_QUOTA = { bytesPerItem: 8192, totalBytes: 102_400, maxItems: 512 } as const;

type StoredTemplate = Omit<Template, 'source'>;

/** Bytes an item costs in storage.sync: its key plus the JSON of its value (Chrome's own measure). */
export function itemBytes(key: string, value: unknown): number {
  return new TextEncoder().encode(key).length + new TextEncoder().encode(JSON.stringify(value)).length;
}

function toStored(t: v.InferOutput<typeof TemplateSchema>): StoredTemplate {
  return {
    id: t.id,
    label: t.label,
    namePattern: t.namePattern,
    permission: t.permission,
    teams: t.teams.map((g) => ({ team: g.team, access: g.access })),
    description: t.description,
  };
}

/** Organisation templates from storage.managed: valid ones only, never colliding with built-ins. */
export async function readManagedTemplates(): Promise<Template[]> {
  let raw: unknown;
  try {
    raw = (await browser.storage.managed.get('templates'))['templates'];
  } catch {
    return []; // no policy, or the browser has no managed storage for us
  }
  if (!Array.isArray(raw)) return [];
  const builtinIds = new Set(BUILTIN_TEMPLATES.map((t) => t.id));
  const seen = new Set<string>();
  const out: Template[] = [];
  for (const item of raw) {
    const parsed = v.safeParse(TemplateSchema, item);
    if (!parsed.success) continue;
    const t = toStored(parsed.output);
    if (builtinIds.has(t.id) || seen.has(t.id)) continue;
    seen.add(t.id);
    out.push({ ...t, source: 'managed' });
  }
  return out;
}

/** The user's templates in their stored order (valid ones; unknown-order ones last, by key). */
export async function readUserTemplates(): Promise<Template[]> {
  const all = (await browser.storage.sync.get(null)) as Record<string, unknown>;
  const order = Array.isArray(all[ORDER_KEY]) ? (all[ORDER_KEY] as unknown[]).filter((x): x is string => typeof x === 'string') : [];
  const ids = Object.keys(all)
    .filter((k) => k.startsWith(USER_PREFIX))
    .map((k) => k.slice(USER_PREFIX.length));
  const rank = (id: string) => {
    const i = order.indexOf(id);
    return i === -1 ? Number.MAX_SAFE_INTEGER : i;
  };
  ids.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  const out: Template[] = [];
  for (const id of ids) {
    const parsed = v.safeParse(TemplateSchema, all[USER_PREFIX + id]);
    if (!parsed.success || parsed.output.id !== id) continue;
    out.push({ ...toStored(parsed.output), source: 'user' });
  }
  return out;
}

/** Ids the user's templates may not take: the built-ins' and the organisation's. */
function reservedIdsOf(managed: readonly Template[]): Set<string> {
  return new Set([...BUILTIN_TEMPLATES.map((t) => t.id), ...managed.map((t) => t.id)]);
}

/**
 * The organisation's templates and the user's that do not clash with a reserved id (a user
 * template saved before the organisation took its id stays hidden). Both areas are read at once:
 * the popup waits for templates.list as it opens (npm run bench, figure 4).
 */
async function readVisibleTemplates(): Promise<{ managed: Template[]; user: Template[] }> {
  const [managed, user] = await Promise.all([readManagedTemplates(), readUserTemplates()]);
  const reserved = reservedIdsOf(managed);
  return { managed, user: user.filter((t) => !reserved.has(t.id)) };
}

export const templateHandlers: Pick<Handlers, 'templates.list' | 'templates.listUser' | 'templates.saveUser' | 'settings.get' | 'settings.set'> = {
  async 'templates.list'() {
    const { managed, user } = await readVisibleTemplates();
    return { templates: sortLeastPrivilegeFirst([...BUILTIN_TEMPLATES, ...managed, ...user]) };
  },

  async 'templates.listUser'() {
    return { templates: (await readVisibleTemplates()).user };
  },

  async 'templates.saveUser'(data) {
    const templates = data.templates.map(toStored);
    const reserved = reservedIdsOf(await readManagedTemplates());
    const seen = new Set<string>();
    for (const t of templates) {
      if (reserved.has(t.id)) throw new ProtocolError('INVALID_REQUEST', `Template id "${t.id}" is taken by a built-in or managed template.`);
      if (seen.has(t.id)) throw new ProtocolError('INVALID_REQUEST', `Template id "${t.id}" is used twice.`);
      seen.add(t.id);
    }

    const current = (await browser.storage.sync.get(null)) as Record<string, unknown>;
    const next: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(current)) if (!k.startsWith(USER_PREFIX) && k !== ORDER_KEY) next[k] = val;
    const wanted: Record<string, unknown> = { [ORDER_KEY]: templates.map((t) => t.id) };
    for (const t of templates) wanted[USER_PREFIX + t.id] = t;
    Object.assign(next, wanted);

    // Check quotas on the state after the write, before writing anything.
    let total = 0;
    for (const [k, val] of Object.entries(next)) {
      const bytes = itemBytes(k, val);
      if (bytes > SYNC_QUOTA.bytesPerItem) {
        throw new ProtocolError('QUOTA', `Template storage is full: "${k}" needs ${bytes} bytes, an item may hold ${SYNC_QUOTA.bytesPerItem}.`);
      }
      total += bytes;
    }
    if (total > SYNC_QUOTA.totalBytes) {
      throw new ProtocolError('QUOTA', `Template storage is full: ${total} bytes needed, sync storage holds ${SYNC_QUOTA.totalBytes}. Delete or shorten some templates.`);
    }
    const count = Object.keys(next).length;
    if (count > SYNC_QUOTA.maxItems) {
      throw new ProtocolError('QUOTA', `Template storage is full: ${count} items needed, sync storage holds ${SYNC_QUOTA.maxItems}.`);
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
      if (/quota|MAX_/i.test(message)) throw new ProtocolError('QUOTA', `Template storage is full: ${message}`);
      throw err;
    }
    return { templates: templates.map((t) => ({ ...t, source: 'user' as const })) };
  },

  async 'settings.get'() {
    return { settings: await settingsItem.get() };
  },

  async 'settings.set'(data) {
    await settingsItem.set(data.settings);
    return { settings: await settingsItem.get() };
  },
};
