/**
 * Clears the clipboard after a copy, even once the popup has closed.
 *
 * The popup writes the secret itself (in its click handler: a service worker has no
 * `navigator.clipboard`), then asks for `clipboard.scheduleClear`. Chrome: the clear happens in an
 * offscreen document (reason CLIPBOARD) whose timer fires at the exact delay; an alarm at the same
 * time backs it up in case the document was closed (alarms fire no sooner than 30 s: Chrome 120+,
 * chrome.alarms docs). The due time is persisted in storage.local so a worker restart loses nothing.
 * Firefox has no offscreen API: its background page clears with a timer of its own (same alarm backup).
 * The service worker never sees the copied text.
 *
 * "Clear only if unchanged" (shared/fingerprint.ts): the popup may send the copied text's
 * fingerprint. It is kept in storage.session, and passed to the clearer only when the user turned
 * on `clipboardClearOnlyIfUnchanged` and granted the optional `clipboardRead` permission; the clearer
 * then reads the clipboard and leaves it alone if it holds something else. Otherwise the clear is
 * unconditional, as before.
 */
import { browser } from '../shared/browser';
import { decideClear } from '../shared/fingerprint';
import { clearClipboardAtOrder } from '../shared/offscreenProtocol';
import { ProtocolError } from '../shared/protocol';
import type { Handlers } from '../shared/router';
import { defineItem, settingsItem } from '../shared/storage';
import { sessionValue } from './vault/session';
import * as v from 'valibot';

export const CLIPBOARD_ALARM = 'clipboard.clear';
const OFFSCREEN_PATH = 'src/offscreen/index.html';

/** When the clipboard is due to be cleared (ms since epoch), or null. Not secret. */
export const clearDueItem = defineItem('local', 'clipboard.clearAt', v.nullable(v.number()), null as number | null);
/** storage.session key of the pending clear's fingerprint (absent: clear unconditionally). */
export const FINGERPRINT_KEY = 'clipboard.fingerprint';

/** Whether the user granted the optional `clipboardRead` permission (false where the API is missing). */
async function hasClipboardRead(): Promise<boolean> {
  try {
    return await browser.permissions.contains({ permissions: ['clipboardRead'] });
  } catch {
    return false;
  }
}

/** The fingerprint the clearer must compare with, or null for an unconditional clear. */
async function expectedFingerprint(): Promise<string | null> {
  const fp = await sessionValue.get(FINGERPRINT_KEY);
  if (typeof fp !== 'string') return null;
  if (!(await settingsItem.get()).clipboardClearOnlyIfUnchanged) return null;
  return (await hasClipboardRead()) ? fp : null;
}

/** The part of `chrome.offscreen` we use (not wrapped by webextension-polyfill). */
interface OffscreenApi {
  createDocument(p: { url: string; reasons: string[]; justification: string }): Promise<void>;
  hasDocument?: () => Promise<boolean>;
}

function offscreenApi(): OffscreenApi | undefined {
  return (globalThis as { chrome?: { offscreen?: OffscreenApi } }).chrome?.offscreen;
}

let creating: Promise<void> | null = null;

/** Opens the offscreen clipboard document unless it already exists. Concurrent calls share one creation. */
async function ensureOffscreenDocument(): Promise<boolean> {
  const api = offscreenApi();
  if (!api) return false; // Firefox: no offscreen API; see clearInBackgroundPage
  if (api.hasDocument && (await api.hasDocument())) return true;
  creating ??= api
    .createDocument({
      url: OFFSCREEN_PATH,
      reasons: ['CLIPBOARD'],
      justification: 'Clear a copied API key from the clipboard after the delay the user chose.',
    })
    .catch((err: unknown) => {
      // "Only a single offscreen document may be created": another call won the race.
      if (!(err instanceof Error && /single offscreen/i.test(err.message))) throw err;
    })
    .finally(() => {
      creating = null;
    });
  await creating;
  return true;
}

/**
 * Asks the offscreen document to clear the clipboard at `clearAt` (ms since epoch; now or past =
 * at once). Resolves when the document has taken the order (not when it has cleared).
 */
async function orderClear(clearAt: number): Promise<boolean> {
  const fingerprint = await expectedFingerprint();
  if (await ensureOffscreenDocument()) {
    await browser.runtime.sendMessage(clearClipboardAtOrder(clearAt, fingerprint));
    return true;
  }
  return clearInBackgroundPage(clearAt, fingerprint);
}

/**
 * Firefox: no offscreen API, but its MV3 background is an event page with a DOM, where
 * `navigator.clipboard.writeText` works with the clipboardWrite permission (MDN, "Interact with the
 * clipboard"). A timer clears at the due time while the page lives; the alarm covers a suspension.
 * With a fingerprint, `navigator.clipboard.readText` (needs clipboardRead there too) decides first.
 */
function clearInBackgroundPage(clearAt: number, fingerprint: string | null): boolean {
  const clipboard = (globalThis.navigator as Navigator | undefined)?.clipboard;
  if (!clipboard) return false;
  const read = () => (typeof clipboard.readText === 'function' ? clipboard.readText() : Promise.resolve(null));
  const clear = async () => {
    try {
      if ((await decideClear(fingerprint, read)) === 'clear') await clipboard.writeText('');
    } catch {
      return; // the alarm retries
    }
    // Cleared, or left because the user copied something else since: either way this clear is done.
    await clipboardHandlers['clipboard.cleared']({ clearAt }, { sender: {}, kind: 'extension' });
  };
  setTimeout(() => void clear(), Math.max(0, clearAt - Date.now()));
  return true;
}

/**
 * Handlers for `clipboard.scheduleClear` and `clipboard.cleared` (the latter from the offscreen
 * document, also when it left the user's own copy in place).
 */
export const clipboardHandlers: Pick<Handlers, 'clipboard.scheduleClear' | 'clipboard.cleared'> = {
  async 'clipboard.scheduleClear'({ delaySeconds, fingerprint }) {
    if (delaySeconds === 0) return { clearsAt: null };
    const clearsAt = Date.now() + delaySeconds * 1000;
    // The latest copy decides: its fingerprint, or none (an unconditional clear). Kept only when the
    // user turned "clear only if unchanged" on: otherwise not even a hash of the key is stored.
    if (fingerprint && (await settingsItem.get()).clipboardClearOnlyIfUnchanged) await sessionValue.set(FINGERPRINT_KEY, fingerprint);
    else await sessionValue.remove(FINGERPRINT_KEY);
    await clearDueItem.set(clearsAt);
    await browser.alarms.create(CLIPBOARD_ALARM, { when: clearsAt });
    try {
      await orderClear(clearsAt);
    } catch {
      // The alarm still clears it; the popup is told the scheduled time either way.
      throw new ProtocolError('INTERNAL', 'Could not start the clipboard timer; it will be cleared by the backup alarm.');
    }
    return { clearsAt };
  },
  async 'clipboard.cleared'({ clearAt }) {
    // Only forget the due time if no newer copy rescheduled it meanwhile.
    if ((await clearDueItem.get()) === clearAt) {
      await clearDueItem.remove();
      await sessionValue.remove(FINGERPRINT_KEY);
      await browser.alarms.clear(CLIPBOARD_ALARM);
    }
    return {};
  },
};

/** Alarm listener part: the backup path when the offscreen timer did not run (document closed, browser slept). */
export async function onClipboardAlarm(name: string): Promise<void> {
  if (name !== CLIPBOARD_ALARM) return;
  const due = await clearDueItem.get();
  if (due === null) return;
  await orderClear(Math.min(due, Date.now()));
}
