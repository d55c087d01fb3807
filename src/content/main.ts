/**
 * Wiring of one content-script run: context, features, message listener. Idempotent: a second
 * injection finds the live run (kept on the isolated world's global under a symbol) and does
 * nothing; a run whose extension context was invalidated (extension updated) is torn down and replaced.
 */
import { browser } from '../shared/browser';
import type { Envelope } from '../shared/protocol';
import type { SenderInfo } from '../shared/senderPolicy';
import { createRunContext, type RunContext } from './context';
import { applyTemplate } from './features/apply-template';
import { captureSecret } from './features/capture-secret';
import { confirmToast } from './features/confirm-toast';
import { deleteKey } from './features/delete-key';
import { detectUi } from './features/detect-ui';
import { templatesMenu } from './features/templates-menu';
import { vaultMarks } from './features/vault-marks';
import { createContentListener } from './messaging';

const RUN = Symbol.for('cloudcraft-key-helper.content');
type Global = typeof globalThis & { [RUN]?: RunContext };

const alive = () => {
  try {
    return browser.runtime?.id != null;
  } catch {
    return false;
  }
};

/** Starts the content script once per page; returns the run (the existing one on re-injection). */
export function start(opts: { isTrusted?: (e: Event) => boolean } = {}): RunContext {
  const g = globalThis as Global;
  const prev = g[RUN];
  if (prev?.isValid()) return prev;
  prev?.abort('replaced');

  const ctx = createRunContext({
    transport: (m: Envelope) => browser.runtime.sendMessage(m),
    alive,
    ...(opts.isTrusted ? { isTrusted: opts.isTrusted } : {}),
  });
  g[RUN] = ctx;

  const detect = detectUi.init(ctx);
  confirmToast.init(ctx);
  captureSecret.init(ctx);
  const apply = applyTemplate.init(ctx);
  const del = deleteKey.init(ctx);
  templatesMenu.init(ctx);
  vaultMarks.init(ctx);

  const answer = createContentListener(
    { getState: detect.getState, apply: apply.apply, deleteKey: del.deleteKey },
    // Text, as the service worker takes it: some engines give extension URLs an opaque "null" origin.
    { extensionId: browser.runtime.id, extensionOrigin: browser.runtime.getURL('').replace(/\/$/, '') },
  );
  // sendResponse (+ `return true` while an answer is pending), not a returned Promise: the form
  // both browsers' native APIs understand (MDN runtime.onMessage), so the content-script build can
  // run without the polyfill. A reply known at once (page.getState) is sent before returning: the
  // popup waits for it as it opens (npm run bench, figure 4).
  const listener = (message: unknown, sender: SenderInfo, sendResponse: (r: unknown) => void): true | undefined => {
    const reply = answer(message, sender);
    if (reply === undefined) return undefined;
    if (!(reply instanceof Promise)) {
      sendResponse(reply);
      return undefined;
    }
    void reply.then(sendResponse);
    return true;
  };
  browser.runtime.onMessage.addListener(listener as never);
  ctx.signal.addEventListener(
    'abort',
    () => {
      try {
        browser.runtime.onMessage.removeListener(listener as never);
      } catch {
        /* context invalidated: the listener is gone with it */
      }
      if (g[RUN] === ctx) delete g[RUN];
    },
    { once: true },
  );
  // The benchmark's "content script at page load" figure waits for this (bench/load.mjs).
  performance.mark?.('cckh:started');
  return ctx;
}
