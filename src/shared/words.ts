/** Templates and keys in words, shared by the popup, the options page and the in-page menu (all through `t`). */
import { t } from './i18n';
import type { CaptureReport, KeyTeam, Verification } from './protocol';
import type { CopyFormat } from './copyFormats';
import type { Permission, TeamGrant } from './templates';

export function permissionWords(p: Permission): string {
  return p === 'read' ? t('permRead') : t('permReadWrite');
}

/** "no team access" or "Teams: Engineering (read), Ops (read & write)". */
export function teamWords(teams: readonly (TeamGrant | KeyTeam)[]): string {
  if (teams.length === 0) return t('teamsNone');
  const access = (a: TeamGrant['access'] | KeyTeam['access']) => t(a === 'read' ? 'accessRead' : a === 'read-write' ? 'accessReadWrite' : 'accessOn');
  return t('teamsList', teams.map((g) => `${g.team} (${access(g.access)})`).join(', '));
}


/** A rotation period (whole days, 0 = never) in words: "rotate every 90 days", "rotate every day", "no rotation". */
export function rotationWords(days: number): string {
  if (days === 0) return t('rotationNever');
  return days === 1 ? t('rotationEveryDay') : t('rotationEveryDays', days);
}

/** One line per extra grant: write access, then team sharing; empty for read-only without teams. */
export function privilegeWarnings(x: { permission: Permission; teams: readonly TeamGrant[] }): string[] {
  const out: string[] = [];
  if (x.permission === 'read-write') out.push(t('warnWrite'));
  if (x.teams.length === 1) out.push(t('warnTeamsOne'));
  else if (x.teams.length > 1) out.push(t('warnTeamsMany', x.teams.length));
  return out;
}

/** What Cloudcraft said of a key when it was captured: "verified with Cloudcraft", "rejected by Cloudcraft…", "not verified". */
export function verificationWords(v: Verification): string {
  return t(v === 'verified' ? 'verificationVerified' : v === 'rejected' ? 'verificationRejected' : 'verificationUnverified');
}

/**
 * The popup's line about the last Save in the Cloudcraft tab, and whether it is an error: waiting,
 * captured (name, first and last 4 characters, length, Cloudcraft's answer), not captured (copy it
 * from Cloudcraft now, and why), not stored.
 */
export function captureWords(r: CaptureReport): { text: string; error: boolean } {
  switch (r.status) {
    case 'waiting':
      return { text: t('captureWaiting', r.name), error: false };
    case 'captured': {
      const tail = r.verification === 'verified' ? t('captureVerified') : r.verification === 'rejected' ? t('captureRejected') : t('captureUnverified');
      return { text: `${t('captureCaptured', [r.name, r.hint, r.length])} ${tail}`, error: r.verification === 'rejected' };
    }
    case 'missed':
      return { text: t('captureMissed', r.reason), error: true };
    case 'failed':
      return { text: t('captureFailed', [r.name, r.reason]), error: true };
  }
}

/** "created today", "created yesterday", "created 12 days ago". */
export function ageWords(createdAt: number, now: Date): string {
  const days = Math.floor((now.getTime() - createdAt) / 86_400_000);
  if (days < 1) return t('ageToday');
  if (days === 1) return t('ageYesterday');
  return t('ageDays', days);
}

/** Bidirectional controls (embeddings, overrides, isolates, LRM/RLM/ALM): invisible, yet they reorder text. */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/**
 * A key or template name as shown to the user: bidi control characters are spelled out
 * ("⟨U+202E⟩"), so a name like "key-\u202Eetirw" cannot display as something it is not.
 */
export function visibleName(name: string): string {
  return name.replace(BIDI_CONTROLS, (c) => `⟨U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}⟩`);
}

/** How names (of keys, of teams) are compared: ignoring case and outer spaces. */
const nameKey = (name: string) => name.trim().toLowerCase();

/** Whether `a` and `b` are the same name, ignoring case and outer spaces. */
export const sameName = (a: string, b: string): boolean => nameKey(a) === nameKey(b);

/** `name` with "-2", "-3"… appended until it differs, ignoring case and outer spaces, from every name in `existing`. */
export function uniqueName(name: string, existing: readonly string[]): string {
  const taken = new Set(existing.map(nameKey));
  if (!taken.has(nameKey(name))) return name;
  for (let i = 2; ; i++) {
    const candidate = `${name}-${i}`;
    if (!taken.has(nameKey(candidate))) return candidate;
  }
}

/** A copy format's name, as in the "Copy as" menu and the template editor (".env line"). */
export function copyFormatLabel(f: CopyFormat): string {
  return t(f === 'key' ? 'copyAsKey' : f === 'dotenv' ? 'copyAsDotenv' : f === 'shell' ? 'copyAsShell' : 'copyAsTerraform');
}

/** What was copied, for "Copied …": "the key", "as a .env line". */
export function copyFormatWords(f: CopyFormat): string {
  return t(f === 'key' ? 'copiedWhatKey' : f === 'dotenv' ? 'copiedWhatDotenv' : f === 'shell' ? 'copiedWhatShell' : 'copiedWhatTerraform');
}
