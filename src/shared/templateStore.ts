/**
 * Where templates are stored, and reading them: shared by the service worker (templates.list, and
 * the checks before a write) and the popup, which reads its first view straight from storage
 * (firstView.ts). Writing stays in the service worker (background/templates.ts).
 *
 * Templates come from three places, listed least privilege first (`sortLeastPrivilegeFirst`):
 * - built-in presets (`BUILTIN_TEMPLATES`), read-only;
 * - the organisation's, pushed through `storage.managed` key `templates` (see public/managed-schema.json),
 *   read-only; `storage.managed` may be empty or throw (Firefox without a policy): then there are none;
 * - the user's own, in `storage.sync` so they follow the user, one item per template (`tpl.<id>`)
 *   plus the order item `tplOrder`. One item each keeps every item far below the 8,192-byte item quota.
 * Nothing here is secret.
 */
import * as v from 'valibot';
import { browser } from './browser';
import { BUILTIN_TEMPLATES, TemplateSchema, sortLeastPrivilegeFirst, type Template } from './templates';

export const USER_PREFIX = 'tpl.';
export const ORDER_KEY = 'tplOrder';

/** A template as stored in storage.sync (without `source`). */
type StoredTemplate = Omit<Template, 'source'>;

/** A parsed template reduced to its stored fields (drops `source` and anything unknown). */
export function toStored(t: v.InferOutput<typeof TemplateSchema>): StoredTemplate {
  return {
    id: t.id,
    label: t.label,
    namePattern: t.namePattern,
    permission: t.permission,
    teams: t.teams.map((g) => ({ team: g.team, access: g.access })),
    description: t.description,
    ...(t.rotationDays === undefined ? {} : { rotationDays: t.rotationDays }),
    ...(t.copyFormat === undefined ? {} : { copyFormat: t.copyFormat }),
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
async function readUserTemplates(): Promise<Template[]> {
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
export function reservedIdsOf(managed: readonly Template[]): Set<string> {
  return new Set([...BUILTIN_TEMPLATES.map((t) => t.id), ...managed.map((t) => t.id)]);
}

/**
 * The organisation's templates and the user's that do not clash with a reserved id (a user
 * template saved before the organisation took its id stays hidden). Both areas are read at once:
 * the popup reads them as it opens (npm run bench, figure 4).
 */
export async function readVisibleTemplates(): Promise<{ managed: Template[]; user: Template[] }> {
  const [managed, user] = await Promise.all([readManagedTemplates(), readUserTemplates()]);
  const reserved = reservedIdsOf(managed);
  return { managed, user: user.filter((t) => !reserved.has(t.id)) };
}

/**
 * Every template the user can apply, least privilege first: built-ins, then the organisation's,
 * then the user's visible ones (`readVisibleTemplates`). What templates.list answers.
 */
export async function listTemplates(): Promise<Template[]> {
  const { managed, user } = await readVisibleTemplates();
  return sortLeastPrivilegeFirst([...BUILTIN_TEMPLATES, ...managed, ...user]);
}
