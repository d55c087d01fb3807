/**
 * When a stored key is due for rotation: its age against the rotation period of the template it
 * was made from (DEFAULT_ROTATION_DAYS when that template is gone or it was made by hand; 0 =
 * never). Revoked keys are never due. Used by the popup (due keys first, "rotate in N days") and
 * the service worker (the toolbar badge's count).
 */
import { rotationDaysOf, type Template } from './templates';

const DAY_MS = 86_400_000;

export interface RotationSubject {
  templateId: string | null;
  createdAt: number;
  revokedAt?: number | null;
}

/** When `key` falls due (ms since epoch), or null when never (a period of 0, or revoked). */
export function dueAt(key: RotationSubject, templates: readonly Template[]): number | null {
  if (key.revokedAt) return null;
  const days = rotationDaysOf(templates.find((t) => t.id === key.templateId));
  return days > 0 ? key.createdAt + days * DAY_MS : null;
}

/** Whether `key` is due at `now` (ms). */
export function isDue(key: RotationSubject, templates: readonly Template[], now: number): boolean {
  const at = dueAt(key, templates);
  return at !== null && at <= now;
}

/** Whole days until `key` falls due (0 on the day, negative when overdue), or null when never. */
export function daysUntilDue(key: RotationSubject, templates: readonly Template[], now: number): number | null {
  const at = dueAt(key, templates);
  return at === null ? null : Math.ceil((at - now) / DAY_MS);
}
