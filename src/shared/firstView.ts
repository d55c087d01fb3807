/**
 * What the popup shows as it opens, read straight from extension storage: the vault's state, the
 * templates and the settings (npm run bench, figure 4). Asking the service worker instead costs two
 * more cross-process hops, and while Chromium is showing the popup each hop takes several ms.
 *
 * Read-only, and no secret is read: `storage.session` is asked which keys it holds, never for the
 * unlocked session's value (vaultStorage.ts). So the state is read from what storage holds, not
 * checked as the worker checks it (the session's vault id, its key importing, the header beyond
 * its shape).
 * The service worker stays the authority: the popup's first request, vault.touch, answers the
 * worker's state, and the popup switches to it where the two differ (src/popup/Popup.tsx).
 */
import { browser } from './browser';
import { indexedDbArea, localCanBeClosed } from './kvArea';
import type { Settings, VaultState } from './protocol';
import { settingsItem } from './storage';
import { listTemplates } from './templateStore';
import type { Template } from './templates';
import { ACTIVITY_KEY, META_KEY, SESSION_KEY, activityTime, autoLockMsOf, idleExpired } from './vaultStorage';

export interface FirstView {
  vault: VaultState;
  /** Every template, least privilege first (what templates.list answers). */
  templates: Template[];
  settings: Settings;
}

type KeyedArea = { get(key: string): Promise<Record<string, unknown>>; getKeys?: () => Promise<string[]> };

/**
 * Reads the first view, its reads all at once.
 * @param now ms since the epoch (the auto-lock idle rule: `idleExpired`).
 * @returns the first view; null where it cannot be told from storage alone: the browser cannot
 *   list the session's keys without reading the secret (no `storage.session.getKeys`: Chrome
 *   before 130, Firefox before 143), or the vault header is not even shaped like one (the worker
 *   then reports it damaged). The popup then waits for the worker's answer, and its views ask for
 *   the rest.
 * @throws what storage throws (the caller then lets the views ask the worker, which reports it).
 */
export async function readFirstView(now: () => number = Date.now): Promise<FirstView | null> {
  const session = (browser.storage as { session?: KeyedArea }).session;
  if (typeof session?.getKeys !== 'function') return null;
  // The header is where the worker keeps it (background/vault/store.ts): closed storage.local, or
  // the extension's IndexedDB where storage.local cannot be closed (Firefox).
  const [meta, sessionKeys, activity, settings, templates] = await Promise.all([
    localCanBeClosed() ? browser.storage.local.get(META_KEY) : indexedDbArea().get(META_KEY),
    session.getKeys(),
    session.get(ACTIVITY_KEY),
    settingsItem.get(),
    listTemplates(),
  ]);
  const lastActivity = activityTime(activity[ACTIVITY_KEY]);
  const header = meta[META_KEY];
  if (header !== undefined && header !== null && !looksLikeHeader(header)) return null;
  let vault: VaultState = 'locked';
  if (header === undefined || header === null) vault = 'uninitialized';
  else if (sessionKeys.includes(SESSION_KEY) && !idleExpired(lastActivity, autoLockMsOf(settings), now())) vault = 'unlocked';
  return { vault, templates, settings };
}

/**
 * A cheap shape check of the vault header (an object with a string id): enough to leave a damaged
 * one to the worker, which validates it fully (background/vault/records.ts) and says so.
 */
function looksLikeHeader(value: unknown): boolean {
  return typeof value === 'object' && typeof (value as { id?: unknown }).id === 'string';
}
