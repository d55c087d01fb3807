/**
 * The toolbar badge: how many stored keys are due for rotation (shared/rotation.ts), from the
 * records' clear metadata and the templates, so it needs no unlock. Refreshed when the worker
 * starts, after anything that changes keys or templates, and by an alarm twice a day (keys fall due
 * with time alone).
 */
import { browser } from '../shared/browser';
import { isDue } from '../shared/rotation';
import { listTemplates } from '../shared/templateStore';
import { readAllRecords } from './vault/records';

export const BADGE_ALARM = 'badge.refresh';
/** Minutes between refreshes: keys fall due by the day, so twice a day is soon enough. */
const REFRESH_MINUTES = 12 * 60;

/** The number of live keys due at `now` (ms). */
export async function countDueKeys(now: number): Promise<number> {
  const [{ records }, templates] = await Promise.all([readAllRecords(), listTemplates()]);
  return records.filter((r) => isDue(r, templates, now)).length;
}

/** Sets the badge to the due count ('' when none) and keeps the refresh alarm. Never throws (a badge is not worth an error). */
export async function updateBadge(now = Date.now()): Promise<void> {
  try {
    const n = await countDueKeys(now);
    await browser.action.setBadgeText({ text: n > 0 ? String(n) : '' });
    if (n > 0) await browser.action.setBadgeBackgroundColor({ color: '#b45309' });
    if (!(await browser.alarms.get(BADGE_ALARM))) await browser.alarms.create(BADGE_ALARM, { periodInMinutes: REFRESH_MINUTES, delayInMinutes: REFRESH_MINUTES });
  } catch {
    // The vault may be damaged or absent: no badge then.
  }
}
