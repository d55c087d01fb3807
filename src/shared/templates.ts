/**
 * Permission templates: what the popup applies to Cloudcraft's "Create API key" form.
 *
 * A template names a key (name pattern with tokens), picks the key's permission and the teams that
 * may use it. Least privilege first (Cloudcraft docs, "Generate an API Key", ask for least
 * privilege on team access too): built-ins come first, the read-only one is the default, and every
 * list of templates is sorted by `privilegeRank`.
 */
import { localDate, localTime } from './dates';
import * as v from 'valibot';
import { COPY_FORMATS, type CopyFormat } from './copyFormats';
import { t } from './i18n';

/** The two access modes of a Cloudcraft API key (API reference: "read or read-write mode"). */
export const PERMISSIONS = ['read', 'read-write'] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** One team that may use the key, and how. Teams not listed get no access. */
export interface TeamGrant {
  team: string;
  access: Permission;
}

/** Where a template comes from: shipped, the user's own (storage.sync), or the organisation's (storage.managed, read-only). */
export type TemplateSource = 'builtin' | 'user' | 'managed';

export interface Template {
  /** Stable id, unique across sources. */
  id: string;
  /** Shown in the popup and the in-page menu, e.g. "Read-only". */
  label: string;
  /** Key name with tokens: `{date}` (YYYY-MM-DD), `{time}` (HHMM), `{purpose}` (the template's purpose). */
  namePattern: string;
  permission: Permission;
  teams: TeamGrant[];
  /** Free text, also what `{purpose}` expands to (slugged). */
  description: string;
  source: TemplateSource;
  /** Days after which a key made from this template is due for rotation; 0 = never. Absent: DEFAULT_ROTATION_DAYS. */
  rotationDays?: number;
  /** The form the popup's Copy puts a key made from this template in. Absent: the key itself. */
  copyFormat?: CopyFormat;
}

/**
 * A template's rotation period when it sets none: 90 days, the period common checks apply to API
 * keys (AWS Security Hub's control IAM.3: "access keys should be rotated every 90 days or less").
 */
export const DEFAULT_ROTATION_DAYS = 90;
/** Longest rotation period a template may set: ten years. */
export const MAX_ROTATION_DAYS = 3650;

/** The rotation period of `t` in days (0 = never). */
export const rotationDaysOf = (t: Pick<Template, 'rotationDays'> | undefined): number => t?.rotationDays ?? DEFAULT_ROTATION_DAYS;

const MAX_TEXT = 200;
/** Teams a template, and so a stored key, may list (shared/recordMeta.ts uses the same cap). */
export const MAX_TEAMS = 50;

/** Longest id, label and name pattern a template may have (characters). */
const MAX_ID = 64;
const MAX_LABEL = 60;
const MAX_PATTERN = 100;

/**
 * valibot schema for a template as stored or imported (source is assigned by the store, not
 * trusted from files). Its messages come from _locales (read when an issue is raised, so the
 * browser's language applies); the template editor shows them next to each field.
 */
export const TemplateSchema = v.object(
  {
    id: v.pipe(v.string(() => t('tplErrIdRequired')), v.trim(), v.minLength(1, () => t('tplErrIdRequired')), v.maxLength(MAX_ID, () => t('tplErrIdTooLong', MAX_ID))),
    label: v.pipe(v.string(() => t('tplErrLabelRequired')), v.trim(), v.minLength(1, () => t('tplErrLabelRequired')), v.maxLength(MAX_LABEL, () => t('tplErrLabelTooLong', MAX_LABEL))),
    namePattern: v.pipe(
      v.string(() => t('tplErrPatternRequired')),
      v.trim(),
      v.minLength(1, () => t('tplErrPatternRequired')),
      v.maxLength(MAX_PATTERN, () => t('tplErrPatternTooLong', MAX_PATTERN)),
      v.check((p) => unknownTokens(p).length === 0, () => t('tplErrPatternToken')),
    ),
    permission: v.picklist(PERMISSIONS, () => t('tplErrPermission')),
    teams: v.pipe(
      v.array(
        v.object(
          {
            team: v.pipe(v.string(() => t('tplErrTeamRequired')), v.trim(), v.minLength(1, () => t('tplErrTeamRequired')), v.maxLength(MAX_TEXT, () => t('tplErrTeamTooLong', MAX_TEXT))),
            access: v.picklist(PERMISSIONS, () => t('tplErrTeamAccess')),
          },
          () => t('tplErrTeamEntry'),
        ),
        () => t('tplErrTeamsList'),
      ),
      v.maxLength(MAX_TEAMS, () => t('tplErrTeamsMax', MAX_TEAMS)),
      v.check((ts) => new Set(ts.map((g) => g.team.toLowerCase())).size === ts.length, () => t('tplErrTeamTwice')),
    ),
    description: v.optional(v.pipe(v.string(() => t('tplErrDescription', MAX_TEXT)), v.maxLength(MAX_TEXT, () => t('tplErrDescription', MAX_TEXT))), ''),
    // Every way a period can be wrong (not a number, a fraction, out of range) gets the one sentence.
    rotationDays: v.optional(
      v.pipe(
        v.number(() => t('tplErrRotationDays', MAX_ROTATION_DAYS)),
        v.integer(() => t('tplErrRotationDays', MAX_ROTATION_DAYS)),
        v.minValue(0, () => t('tplErrRotationDays', MAX_ROTATION_DAYS)),
        v.maxValue(MAX_ROTATION_DAYS, () => t('tplErrRotationDays', MAX_ROTATION_DAYS)),
      ),
    ),
    copyFormat: v.optional(v.picklist(COPY_FORMATS, () => t('tplErrCopyFormat'))),
  },
  () => t('tplErrNotObject'),
);
export type TemplateInput = v.InferInput<typeof TemplateSchema>;

/** The shipped templates. "Read-only" is first and the default (least privilege). */
export const BUILTIN_TEMPLATES: readonly Template[] = Object.freeze([
  {
    id: 'builtin-read-only',
    label: 'Read-only',
    namePattern: '{purpose}-read-{date}',
    permission: 'read',
    teams: [],
    description: 'automation',
    source: 'builtin',
  },
  {
    id: 'builtin-read-write',
    label: 'Read & write',
    namePattern: '{purpose}-write-{date}',
    permission: 'read-write',
    teams: [],
    description: 'automation',
    source: 'builtin',
  },
]);

export const DEFAULT_TEMPLATE_ID = 'builtin-read-only';

const TOKEN_RE = /\{([a-z]+)\}/g;
const KNOWN_TOKENS = new Set(['date', 'time', 'purpose']);

/** Tokens in `pattern` that `expandNamePattern` does not know, e.g. `['user']` for "{user}-key". */
export function unknownTokens(pattern: string): string[] {
  return [...pattern.matchAll(TOKEN_RE)].map((m) => m[1] ?? '').filter((t) => !KNOWN_TOKENS.has(t));
}

/**
 * Expands a name pattern. `{date}` → local YYYY-MM-DD, `{time}` → local HHMM, `{purpose}` → the
 * template description slugged to lowercase words joined by "-" (or "key" when empty).
 * Example: ("{purpose}-read-{date}", 2026-11-29, "CI export") → "ci-export-read-2026-11-29".
 */
export function expandNamePattern(pattern: string, opts: { now: Date; purpose: string }): string {
  const { now } = opts;
  const purpose =
    opts.purpose
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'key';
  const values: Record<string, string> = {
    date: localDate(now),
    time: localTime(now),
    purpose,
  };
  return pattern.replace(TOKEN_RE, (whole, token: string) => values[token] ?? whole).trim();
}

/** Key name the template proposes now. */
export function proposedName(t: Template, now = new Date()): string {
  return expandNamePattern(t.namePattern, { now, purpose: t.description });
}

/**
 * Privilege rank: lower is less privilege. Permission dominates (read < read-write), then the
 * number of teams with access weighted by their level. Used to sort templates least privilege first.
 */
export function privilegeRank(t: Pick<Template, 'permission' | 'teams'>): number {
  const level = (p: Permission) => (p === 'read' ? 1 : 2);
  return (level(t.permission) - 1) * 1000 + t.teams.reduce((s, g) => s + level(g.access), 0);
}

/** Templates sorted least privilege first; ties keep source order (builtin, managed, user) then input order. */
export function sortLeastPrivilegeFirst(ts: readonly Template[]): Template[] {
  const srcOrder: Record<TemplateSource, number> = { builtin: 0, managed: 1, user: 2 };
  return ts
    .map((t, i) => ({ t, i }))
    .sort((a, b) => privilegeRank(a.t) - privilegeRank(b.t) || srcOrder[a.t.source] - srcOrder[b.t.source] || a.i - b.i)
    .map((x) => x.t);
}

/** True when the template grants more than read-only with no teams: the popup warns. */
export function grantsMoreThanReadOnly(t: Pick<Template, 'permission' | 'teams'>): boolean {
  return t.permission !== 'read' || t.teams.length > 0;
}
