/** Popup entry: wiring only (real services on the browser API, then render). */
import { render } from 'preact';
import { browser } from '../shared/browser';
import { CLOUDCRAFT_ORIGIN, type Envelope } from '../shared/messages';
import { createServices, ExtensionProvider, reuseFirst, withEarlyReplies, writeClipboardInPage, type ActiveTab } from '../ui/extension';
import { applyDocumentLanguage } from '../ui/dom';
import { Popup } from './Popup';
import '../ui/theme.css';

// What every opening needs, asked at once and in parallel rather than view after view (the
// unlocked view would otherwise wait for vault.status, then render, then ask; npm run bench,
// figure 4). keys.list answers LOCKED when the vault is locked: the Unlock request drops that reply.
const transport = withEarlyReplies(
  (m: Envelope) => browser.runtime.sendMessage(m),
  ['vault.status', 'templates.list', 'settings.get', 'keys.list'],
  ['vault.status', 'vault.touch', 'templates.list', 'settings.get', 'keys.list'],
);

async function queryActiveTab(): Promise<ActiveTab | null> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id !== undefined && tab.url ? { id: tab.id, url: tab.url } : null;
}
const firstTab = queryActiveTab();
// The Cloudcraft tab's page state, asked as soon as the tab is known; handed to the first
// page.getState for that tab (a failure, e.g. no content script, is asked again and reported then).
let firstPageState: Promise<{ tabId: number; reply: unknown } | null> | null = firstTab
  .then((tab) =>
    tab && tab.url.startsWith(`${CLOUDCRAFT_ORIGIN}/`)
      ? browser.tabs.sendMessage(tab.id, { type: 'page.getState', data: {} }).then((reply) => ({ tabId: tab.id, reply }))
      : null,
  )
  .catch(() => null);

const services = createServices({
  transport,
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

applyDocumentLanguage(document);
document.documentElement.classList.add('popup-page');
render(
  <ExtensionProvider services={services}>
    <Popup />
  </ExtensionProvider>,
  document.getElementById('app')!,
);
