/** Popup entry: wiring only (real services on the browser API, then render). */
import { render } from 'preact';
import { browser } from '../shared/browser';
import type { Envelope } from '../shared/messages';
import { createServices, ExtensionProvider, startedOnce, withEarlyReplies, writeClipboardInPage } from '../ui/extension';
import { applyDocumentLanguage } from '../ui/dom';
import { Popup } from './Popup';
import '../ui/theme.css';

// What every opening needs, asked at once and in parallel rather than view after view (the
// unlocked view would otherwise wait for vault.status, then render, then ask). keys.list simply
// answers LOCKED when the vault is locked, and that early reply then goes unused.
const transport = withEarlyReplies((m: Envelope) => browser.runtime.sendMessage(m), ['vault.status', 'templates.list', 'settings.get', 'keys.list']);
const activeTab = startedOnce(async () => {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id !== undefined && tab.url ? { id: tab.id, url: tab.url } : null;
});

const services = createServices({
  transport,
  tabTransport: (tabId, m) => browser.tabs.sendMessage(tabId, m),
  getActiveTab: activeTab,
  writeClipboard: (text) => writeClipboardInPage(text),
  openOptionsPage: () => browser.runtime.openOptionsPage(),
});

applyDocumentLanguage(document);
render(
  <ExtensionProvider services={services}>
    <Popup />
  </ExtensionProvider>,
  document.getElementById('app')!,
);
