/** Offscreen document entry: wiring only (see clear.ts). Accepts orders from our own service worker only. */
import { browser, type Runtime } from '../shared/browser';
import { parseClearClipboardAt } from '../shared/offscreenProtocol';
import { clearUnlessChanged, createClearTimer } from './clear';

const timer = createClearTimer({
  now: Date.now,
  clear: (fingerprint) => clearUnlessChanged(fingerprint),
  onCleared: (clearAt) => void browser.runtime.sendMessage({ type: 'clipboard.cleared', data: { clearAt } }),
});

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
  if (sender.id !== browser.runtime.id || sender.tab) return undefined;
  const order = parseClearClipboardAt(message);
  if (!order) return undefined;
  timer.schedule(order.clearAt, order.fingerprint);
  return Promise.resolve({ ok: true, data: {} });
});
