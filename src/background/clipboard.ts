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
 */
import { browser } from '../shared/browser';
import { ProtocolError, type Handlers } from '../shared/messages';
import { defineItem } from '../shared/storage';
import * as v from 'valibot';

export const CLIPBOARD_ALARM = 'clipboard.clear';
const OFFSCREEN_PATH = 'src/offscreen/index.html';

/** When the clipboard is due to be cleared (ms since epoch), or null. Not secret. */
export const clearDueItem = defineItem('local', 'clipboard.clearAt', v.nullable(v.number()), null as number | null);

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
  if (await ensureOffscreenDocument()) {
    await browser.runtime.sendMessage({ type: 'offscreen.clearClipboardAt', data: { clearAt } });
    return true;
  }
  return clearInBackgroundPage(clearAt);
}

/**
 * Firefox: no offscreen API, but its MV3 background is an event page with a DOM, where
 * `navigator.clipboard.writeText` works with the clipboardWrite permission (MDN, "Interact with the
 * clipboard"). A timer clears at the due time while the page lives; the alarm covers a suspension.
 */
function clearInBackgroundPage(clearAt: number): boolean {
  const clipboard = (globalThis.navigator as Navigator | undefined)?.clipboard;
  if (!clipboard) return false;
  const clear = () =>
    clipboard.writeText('').then(
      () => clipboardHandlers['clipboard.cleared']({ clearAt }, { sender: {}, kind: 'extension' }),
      () => undefined, // the alarm retries
    );
  setTimeout(() => void clear(), Math.max(0, clearAt - Date.now()));
  return true;
}

/** Handlers for `clipboard.scheduleClear` and `clipboard.cleared` (the latter from the offscreen document). */
export const clipboardHandlers: Pick<Handlers, 'clipboard.scheduleClear' | 'clipboard.cleared'> = {
  async 'clipboard.scheduleClear'({ delaySeconds }) {
    if (delaySeconds === 0) return { clearsAt: null };
    const clearsAt = Date.now() + delaySeconds * 1000;
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
