/** Offscreen document entry: wiring only (see clear.ts). Accepts orders from our own service worker only. */
import { browser, type Runtime } from '../shared/browser';
import { clearClipboard, createClearTimer } from './clear';

const timer = createClearTimer({
  now: Date.now,
  clear: () => clearClipboard(document),
  onCleared: (clearAt) => void browser.runtime.sendMessage({ type: 'clipboard.cleared', data: { clearAt } }),
});

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
  if (sender.id !== browser.runtime.id || sender.tab) return undefined;
  const m = message as { type?: unknown; data?: { clearAt?: unknown } } | null;
  if (m?.type !== 'offscreen.clearClipboardAt' || typeof m.data?.clearAt !== 'number') return undefined;
  timer.schedule(m.data.clearAt);
  return Promise.resolve({ ok: true, data: {} });
});
