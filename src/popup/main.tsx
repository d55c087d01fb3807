/** Popup entry: wiring only (real services on the browser API, then render). */
import { render } from 'preact';
import { browser } from '../shared/browser';
import type { Envelope } from '../shared/messages';
import { createServices, ExtensionProvider, writeClipboardInPage } from '../ui/extension';
import { applyDocumentLanguage } from '../ui/dom';
import { Popup } from './Popup';
import '../ui/theme.css';

const services = createServices({
  transport: (m: Envelope) => browser.runtime.sendMessage(m),
  tabTransport: (tabId, m) => browser.tabs.sendMessage(tabId, m),
  async getActiveTab() {
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    return tab?.id !== undefined && tab.url ? { id: tab.id, url: tab.url } : null;
  },
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
