/**
 * The replica's variation points (cloudcraft-ui.md, "Not known, so do not assume"), chosen by URL
 * query parameters so one server serves every shape of the API keys UI the content script must handle.
 */

export type Mode = 'modal' | 'route';
export type PermissionControl = 'select' | 'radio' | 'listbox';
export type LabelSet = 'a' | 'b' | 'c';
export type TeamsControl = 'checkbox' | 'switch' | 'level';
export type SecretDisplay = 'input' | 'code' | 'text';
export type Permission = 'read' | 'read-write';
export type TeamAccess = 'none' | Permission;

export interface Variant {
  /** modal: role=dialog over the diagrams, URL unchanged; route: pushState to /user/api-keys. */
  mode: Mode;
  /** Delay in ms before the keys UI (and, separately, the create form) mounts; "Loading…" meanwhile. */
  lazy: number;
  /** Native <select>, radio group, or custom pointer-only listbox rendered in a portal. */
  permission: PermissionControl;
  /** Initial permission of the create form. */
  defaultPermission: Permission;
  /** Option-text synonyms, see PERMISSION_LABELS. */
  labels: LabelSet;
  /** Team access as checkboxes, role=switch buttons, or a level <select> per team. */
  teams: TeamsControl;
  /** The one-time secret in a read-only input, a <code>, or plain text. */
  secret: SecretDisplay;
  /** Length of generated secrets (base62), 8..512. */
  secretLength: number;
  /** Adds attacks for the extension's security tests. */
  hostile: boolean;
  /** Adds a DOM-churning diagram canvas for the benchmark. */
  stress: boolean;
}

export const DEFAULT_VARIANT: Readonly<Variant> = Object.freeze({
  mode: 'modal',
  lazy: 0,
  permission: 'select',
  defaultPermission: 'read',
  labels: 'a',
  teams: 'checkbox',
  secret: 'input',
  secretLength: 40,
  hostile: false,
  stress: false,
});

/** Visible texts of the two permissions, per `labels` set. */
export const PERMISSION_LABELS: Record<LabelSet, Record<Permission, string>> = {
  a: { read: 'Read', 'read-write': 'Read & write' },
  b: { read: 'Read only', 'read-write': 'Read and write' },
  c: { read: 'Read-only access', 'read-write': 'Read-write' },
};

export const TEAMS = ['Engineering', 'Data Platform', 'Security'] as const;

function pick<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

function int(value: string | null, min: number, max: number, fallback: number): number {
  if (value === null || value.trim() === '') return fallback;
  const n = Number(value);
  return Number.isFinite(n) ? Math.min(max, Math.max(min, Math.round(n))) : fallback;
}

/**
 * Reads a Variant from a query string ("?mode=route&lazy=300" or without "?"). Missing or unknown
 * values fall back to DEFAULT_VARIANT; numbers are clamped (lazy 0..60000 ms, secretLength 8..512).
 */
export function parseVariant(search: string): Variant {
  const q = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
  const d = DEFAULT_VARIANT;
  return {
    mode: pick(q.get('mode'), ['modal', 'route'], d.mode),
    lazy: int(q.get('lazy'), 0, 60_000, d.lazy),
    permission: pick(q.get('permission'), ['select', 'radio', 'listbox'], d.permission),
    defaultPermission: pick(q.get('defaultPermission'), ['read', 'read-write'], d.defaultPermission),
    labels: pick(q.get('labels'), ['a', 'b', 'c'], d.labels),
    teams: pick(q.get('teams'), ['checkbox', 'switch', 'level'], d.teams),
    secret: pick(q.get('secret'), ['input', 'code', 'text'], d.secret),
    secretLength: int(q.get('secretLength'), 8, 512, d.secretLength),
    hostile: q.get('hostile') === '1',
    stress: q.get('stress') === '1',
  };
}

/** The query string ("?…", or "" for all defaults) that parseVariant reads back as `v`. */
export function variantQuery(v: Variant): string {
  const q = new URLSearchParams();
  for (const key of Object.keys(DEFAULT_VARIANT) as (keyof Variant)[]) {
    if (v[key] === DEFAULT_VARIANT[key]) continue;
    const value = v[key];
    q.set(key, typeof value === 'boolean' ? (value ? '1' : '0') : String(value));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}
