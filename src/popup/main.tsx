/** Popup entry: wiring only (real services on the browser API, then render). */
import { render } from 'preact';
import { browser } from '../shared/browser';
import type { Envelope } from '../shared/messages';
import { createServices, ExtensionProvider, reuseFirst, writeClipboardInPage, type ActiveTab } from '../ui/extension';
import { applyDocumentLanguage } from '../ui/dom';
import { askPageStateEarly, type EarlyPageState } from './earlyPageState';
import { Popup, type PopupStart } from './Popup';
import { readTabInfo } from './Unlocked';
import '../ui/theme.css';

/** `npm run bench` (bench/popup.mjs): the popup script's first line ran. */
performance.mark?.('cckh:popup-start');

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
});

// What the first view shows (vault state, templates, settings), asked at once in one request (the
// unlocked view would otherwise wait for vault.status, then render, then ask; npm run bench,
// figure 4). Not keys.list: the heaviest request (it opens every record) is asked when the keys
// panel mounts, a few ms later, so it does not hold up this answer.
const firstAnswers = services.send('popup.start', {});
firstAnswers.catch(() => undefined); // a failure is reported by the view, which asks again

/**
 * How long the first render waits for the first answers. They usually take 10–20 ms; a stopped
 * service worker must start first (100 ms or more), and then the loading view shows meanwhile.
 */
const FIRST_RENDER_WAIT_MS = 100;

/**
 * The answers the first view shows, collected: popup.start's and the tab's status. A part that
 * failed or is late is left out (the view asks for it itself and reports any error); resolves
 * with what has come after `waitMs` at most.
 */
async function collectStart(waitMs: number): Promise<PopupStart> {
  const start: PopupStart = {};
  const answers = firstAnswers.then((r) => Object.assign(start, { vault: r.vault.state, templates: r.templates, settings: r.settings }));
  const collect = Promise.allSettled([answers, readTabInfo(services).then((tab) => (start.tab = tab))]);
  // Locked or first run: those views show no tab status, so they do not wait for it.
  const notUnlocked = answers.then(
    (s) => (s.vault === 'unlocked' ? new Promise<never>(() => undefined) : undefined),
    () => new Promise<never>(() => undefined),
  );
  await Promise.race([collect, notUnlocked, new Promise((resolve) => setTimeout(resolve, waitMs))]);
  return { ...start }; // a copy: answers after the deadline must not change what was rendered
}

applyDocumentLanguage(document);
document.documentElement.classList.add('popup-page');
// The first render waits (briefly) for those answers, then renders the whole view at once, in one
// task: not "Loading…" followed by a view filled in piece by piece, a layout per piece, each
// delaying the handling of the next answer. The browser also caches the compiled script right
// after it runs: before any render there is less to cache.
// The script loads async (vite.config.ts), possibly before the parser reached #app.
const domReady = new Promise<void>((resolve) => {
  if (document.readyState !== 'loading') resolve();
  else document.addEventListener('DOMContentLoaded', () => resolve(), { once: true });
});
void Promise.all([collectStart(FIRST_RENDER_WAIT_MS), domReady]).then(([start]) =>
  render(
    <ExtensionProvider services={services}>
      <Popup start={start} />
    </ExtensionProvider>,
    document.getElementById('app')!,
  ),
);
