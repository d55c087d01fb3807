/**
 * Where the vault keeps its state in extension storage, and the idle rule of auto-lock: shared by
 * the service worker, which alone writes these items (background/vault/), and the popup, which
 * reads its first view from them (firstView.ts) without waiting for the worker.
 *
 * Secret: only `SESSION_KEY`'s value (the unwrapped private key). Outside background/vault/ it is
 * never read: the popup asks `storage.session` which keys exist, not for that value.
 */
import type { Settings } from './protocol';

/** storage.local: the vault header (records.ts describes it). Absent: no vault yet. */
export const META_KEY = 'vault.meta';
/** storage.session: the unlocked session, `{ vaultId, privateKey }` (background/vault/session.ts). Secret. */
export const SESSION_KEY = 'vault.session';
/** storage.session: the time of the last user activity, ms since the epoch. Not secret. */
export const ACTIVITY_KEY = 'vault.activity';

/** The stored `ACTIVITY_KEY` value as a time (ms since the epoch), or null when absent or not a finite number. */
export function activityTime(stored: unknown): number | null {
  return typeof stored === 'number' && Number.isFinite(stored) ? stored : null;
}

/** Alarms may fire a little early or late; within this margin of the deadline the vault locks. */
export const ALARM_SLACK_MS = 1_000;

/** The auto-lock idle time in ms from the settings; 0 means never. */
export function autoLockMsOf(settings: Pick<Settings, 'autoLockMinutes'>): number {
  return settings.autoLockMinutes > 0 ? settings.autoLockMinutes * 60_000 : 0;
}

/**
 * Whether an unlocked session has been idle long enough to be locked.
 * @param lastActivity ms since the epoch, or null when none is recorded (counts as expired).
 * @param autoLockMs the idle limit in ms (`autoLockMsOf`); 0 never expires.
 * @param now ms since the epoch.
 * @returns true from `ALARM_SLACK_MS` before the deadline on.
 */
export function idleExpired(lastActivity: number | null, autoLockMs: number, now: number): boolean {
  return autoLockMs > 0 && (lastActivity === null || now - lastActivity >= autoLockMs - ALARM_SLACK_MS);
}
