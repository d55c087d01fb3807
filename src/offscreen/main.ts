/** Offscreen document entry: wiring only (see clear.ts). Accepts orders from our own service worker only. */
import { browser, type Runtime } from '../shared/browser';
import { clearUnlessChanged, createClearTimer } from './clear';

const timer = createClearTimer({
  now: Date.now,
  clear: (fingerprint) => clearUnlessChanged(fingerprint),
  onCleared: (clearAt) => void browser.runtime.sendMessage({ type: 'clipboard.cleared', data: { clearAt } }),
});

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
  if (sender.id !== browser.runtime.id || sender.tab) return undefined;
  const m = message as { type?: unknown; data?: { clearAt?: unknown; fingerprint?: unknown } } | null;
  if (m?.type !== 'offscreen.clearClipboardAt' || typeof m.data?.clearAt !== 'number') return undefined;
  timer.schedule(m.data.clearAt, typeof m.data.fingerprint === 'string' ? m.data.fingerprint : null);
  return Promise.resolve({ ok: true, data: {} });
});
