/** Popup entry: wiring only (real services on the browser API, then render). */
import { render } from 'preact';
import { browser } from '../shared/browser';
import type { Envelope } from '../shared/protocol';
import { createServices, ExtensionProvider, pageStrength, reuseFirst, writeClipboardInPage, type ActiveTab } from '../ui/extension';
import { applyDocumentLanguage } from '../ui/dom';
import { askPageStateEarly, type EarlyPageState } from './earlyPageState';
import { readFirstView } from '../shared/firstView';
import { Popup } from './Popup';
import { startWithin } from './startWithin';
import '../ui/theme.css';

/** `npm run bench` (bench/popup.mjs): the popup script's first line ran. */
performance.mark?.('cckh:popup-start');

// What the first view shows (vault state, templates, settings), read straight from storage, and
// asked first: the first render waits for it (shared/firstView.ts: faster than asking the worker;
// npm run bench, figure 4). Not keys.list: it opens every record, which only the worker can; the
// keys panel asks for it as it mounts.
const firstView = readFirstView();
firstView.catch(() => undefined); // a failure: the views ask the worker, which reports it

async function queryActiveTab(): Promise<ActiveTab | null> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id !== undefined && tab.url ? { id: tab.id, url: tab.url } : null;
}
const firstTab = queryActiveTab();
// The Cloudcraft tab's page state, asked at once (earlyPageState.ts); handed to the first
// page.getState for that tab (a failure, e.g. no content script, is asked again and reported then).
let firstPageState: Promise<EarlyPageState | null> | null = askPageStateEarly({
  activeTab: firstTab,
  ask: (tabId) => browser.tabs.sendMessage(tabId, { type: 'page.getState', data: {} }),
  memory: pageLocalStorage(),
});

/** The popup's localStorage, or null where reading it throws (storage blocked: no guessing then). */
function pageLocalStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/** storage.local flag: the user dismissed the tip to pin the toolbar button. */
const PIN_TIP_KEY = 'tips.pinDismissed';

/**
 * Pinned or not (`action.getUserSettings`, Chrome 91+ and Firefox 118+; not in the polyfill's
 * types), and whether the tip was dismissed. An unpinned button opens every popup ~300 ms later
 * (README.md, Performance), which is why the tip exists.
 */
async function readPinTip(): Promise<{ pinned: boolean | null; dismissed: boolean }> {
  const action = browser.action as unknown as { getUserSettings?: () => Promise<{ isOnToolbar?: boolean }> };
  const [settings, stored] = await Promise.all([action.getUserSettings?.().catch(() => null) ?? null, browser.storage.local.get(PIN_TIP_KEY)]);
  return { pinned: typeof settings?.isOnToolbar === 'boolean' ? settings.isOnToolbar : null, dismissed: stored[PIN_TIP_KEY] === true };
}

const services = createServices({
  transport: (m: Envelope) => browser.runtime.sendMessage(m),
  async tabTransport(tabId, m) {
    if (m.type === 'page.getState' && firstPageState) {
      const early = await firstPageState;
      firstPageState = null;
      if (early?.tabId === tabId) return early.reply;
    }
    return browser.tabs.sendMessage(tabId, m);
  },
  getActiveTab: reuseFirst(firstTab, queryActiveTab),
  writeClipboard: (text) => writeClipboardInPage(text),
  openOptionsPage: () => browser.runtime.openOptionsPage(),
  openTab: async (url) => void (await browser.tabs.create({ url })),
  pinTip: readPinTip,
  dismissPinTip: () => browser.storage.local.set({ [PIN_TIP_KEY]: true }),
  // zxcvbn and its dictionaries load only when the first-run view asks (not part of this script).
  strength: pageStrength((path) => browser.runtime.getURL(path)),
});

/**
 * How long the first render waits for the first view (storage answers in a few ms); then "Loading…"
 * shows (startWithin.ts). The tab's status is not waited for: the view renders meanwhile and shows
 * it when it comes (it asks the tab with the early answer from askPageStateEarly).
 */
const FIRST_RENDER_WAIT_MS = 100;

applyDocumentLanguage(document);
// The first render waits (briefly) for the first view, then renders the whole view at once, in one
// task: not "Loading…" followed by a view filled in piece by piece, a layout per piece, each
// delaying the handling of the next answer. The browser also caches the compiled script right
// after it runs: before any render there is less to cache.
// The script loads async (vite.config.ts), possibly before the parser reached #app.
const domReady = new Promise<void>((resolve) => {
  if (document.readyState !== 'loading') resolve();
  else document.addEventListener('DOMContentLoaded', () => resolve(), { once: true });
});
void Promise.all([startWithin(firstView, FIRST_RENDER_WAIT_MS), domReady]).then(([start]) =>
  render(
    <ExtensionProvider services={services}>
      <Popup start={start} />
    </ExtensionProvider>,
    document.getElementById('app')!,
  ),
);
