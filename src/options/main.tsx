/** Options page entry: wiring only. */
import { render } from 'preact';
import { browser } from '../shared/browser';
import type { Envelope } from '../shared/protocol';
import { createServices, downloadInPage, ExtensionProvider, pageStrength, writeClipboardInPage } from '../ui/extension';
import { applyDocumentLanguage } from '../ui/dom';
import { Options } from './Options';
import '../ui/theme.css';

const services = createServices({
  transport: (m: Envelope) => browser.runtime.sendMessage(m),
  tabTransport: (tabId, m) => browser.tabs.sendMessage(tabId, m),
  getActiveTab: async () => null,
  writeClipboard: (text) => writeClipboardInPage(text),
  openOptionsPage: () => browser.runtime.openOptionsPage(),
  download: downloadInPage,
  strength: pageStrength((path) => browser.runtime.getURL(path)),
  async setClipboardRead(on) {
    const perms = { permissions: ['clipboardRead' as const] };
    if (on) return browser.permissions.request(perms);
    await browser.permissions.remove(perms);
    return false;
  },
});

applyDocumentLanguage(document, 'optionsTitle');
document.body.classList.add('page-options');
render(
  <ExtensionProvider services={services}>
    <Options />
  </ExtensionProvider>,
  document.getElementById('app')!,
);
