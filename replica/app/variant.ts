/**
 * The replica's variation points (docs/content-script.md: what we do not know of Cloudcraft's UI), chosen by URL
 * query parameters so one server serves every shape of the API keys UI the content script must handle.
 */

export type Mode = 'modal' | 'route';
export type PermissionControl = 'select' | 'radio' | 'listbox' | 'combobox' | 'menu' | 'segmented';
export type LabelSet = 'a' | 'b' | 'c';
export type TeamsControl = 'checkbox' | 'switch' | 'level';
export type SecretDisplay = 'input' | 'code' | 'text' | 'masked' | 'none';
/**
 * Which UI draws the API keys dialog: `own` (this replica's hand-written controls, shaped by the
 * other parameters) or a real component library from npm, each with its own dialog, text field,
 * select or combobox, switch or checkbox, wording and secret display (replica/app/libs/).
 */
export const UIS = ['own', 'mui', 'antd', 'chakra', 'mantine', 'radix', 'react-aria', 'headless', 'react-select'] as const;
export type Ui = (typeof UIS)[number];
/** How a key is deleted from the list: a row button, a ⋯ menu per row, or a confirmation that asks to type the key's name. */
export type DeleteUi = 'button' | 'menu' | 'typed';
/** How the server makes secrets: base62 of `secretLength`, or 32 random bytes as 44 base64 characters (Cloudcraft's format). */
export type SecretFormat = 'base62' | 'base64';
export type Permission = 'read' | 'read-write';
export type TeamAccess = 'none' | Permission;

export interface Variant {
  /** Who draws the keys UI: this replica's own controls, or a component library (the `ui` table in replica/README.md). */
  ui: Ui;
  /** modal: role=dialog over the diagrams, URL unchanged; route: pushState to /user/api-keys. */
  mode: Mode;
  /** Delay in ms before the keys UI (and, separately, the create form) mounts; "Loading…" meanwhile. */
  lazy: number;
  /**
   * Native <select>, radio group, custom pointer-only listbox in a portal, editable combobox
   * (input role=combobox), menu button with menuitemradio items, or segmented buttons (aria-pressed).
   */
  permission: PermissionControl;
  /** Initial permission of the create form. */
  defaultPermission: Permission;
  /** How a key is deleted from the list (each way ends in a confirmation dialog). */
  deleteUi: DeleteUi;
  /** Option-text synonyms, see PERMISSION_LABELS. */
  labels: LabelSet;
  /** Team access as checkboxes, role=switch buttons, or a level <select> per team. */
  teams: TeamsControl;
  /**
   * The one-time secret in a read-only input, a <code>, plain text, a masked password input with
   * Show and Copy buttons, or not at all (`none`: Save says the key was created and shows nothing).
   */
  secret: SecretDisplay;
  /** Length of generated base62 secrets, 8..512 (base64 secrets are always 44). */
  secretLength: number;
  /** base62 (`secretLength` characters) or Cloudcraft's 44-character base64 (with `+`, `/` and `=`). */
  secretFormat: SecretFormat;
  /**
   * The sentence over the secret: `once` ("Copy this key now. It will not be shown again.") or
   * `plain`, worded so that no phrase the extension knows matches it.
   */
  secretNote: 'once' | 'plain';
  /** ms of a "Generating…" step after Save, during which the form is unmounted (0 = none). */
  generating: number;
  /**
   * A visible banner elsewhere on the page with a "shown once"-like sentence next to an ordinary
   * word ("make sure to copy … Engineering"), present before Save (the capture must ignore it).
   */
  decoy: boolean;
  /** Adds attacks for the extension's security tests. */
  hostile: boolean;
  /** Adds a DOM-churning diagram canvas for the benchmark. */
  stress: boolean;
}

export const DEFAULT_VARIANT: Readonly<Variant> = Object.freeze({
  ui: 'own',
  mode: 'modal',
  lazy: 0,
  permission: 'select',
  defaultPermission: 'read',
  deleteUi: 'button',
  labels: 'a',
  teams: 'checkbox',
  secret: 'input',
  secretLength: 40,
  secretFormat: 'base62',
  secretNote: 'once',
  generating: 0,
  decoy: false,
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
  const ui = pick(q.get('ui'), UIS, d.ui);
  // Library variants draw Cloudcraft's 44-character base64 keys unless told otherwise.
  const format = pick(q.get('secretFormat'), ['base62', 'base64'], ui === 'own' ? d.secretFormat : 'base64');
  return {
    ui,
    mode: pick(q.get('mode'), ['modal', 'route'], d.mode),
    lazy: int(q.get('lazy'), 0, 60_000, d.lazy),
    permission: pick(q.get('permission'), ['select', 'radio', 'listbox', 'combobox', 'menu', 'segmented'], d.permission),
    defaultPermission: pick(q.get('defaultPermission'), ['read', 'read-write'], d.defaultPermission),
    deleteUi: pick(q.get('deleteUi'), ['button', 'menu', 'typed'], d.deleteUi),
    labels: pick(q.get('labels'), ['a', 'b', 'c'], d.labels),
    teams: pick(q.get('teams'), ['checkbox', 'switch', 'level'], d.teams),
    secret: pick(q.get('secret'), ['input', 'code', 'text', 'masked', 'none'], d.secret),
    secretLength: int(q.get('secretLength'), 8, 512, d.secretLength),
    secretFormat: format,
    secretNote: pick(q.get('secretNote'), ['once', 'plain'], d.secretNote),
    generating: int(q.get('generating'), 0, 60_000, d.generating),
    decoy: q.get('decoy') === '1',
    hostile: q.get('hostile') === '1',
    stress: q.get('stress') === '1',
  };
}

/** The query string ("?…", or "" for all defaults) that parseVariant reads back as `v`. */
export function variantQuery(v: Variant): string {
  const q = new URLSearchParams();
  for (const key of Object.keys(DEFAULT_VARIANT) as (keyof Variant)[]) {
    if (v[key] === DEFAULT_VARIANT[key] && !(key === 'secretFormat' && v.ui !== 'own')) continue;
    const value = v[key];
    q.set(key, typeof value === 'boolean' ? (value ? '1' : '0') : String(value));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}
