/**
 * The in-page confirmation ("API key captured and encrypted by Cloudcraft Key Helper") and other
 * notices, in a closed shadow root. Text only (textContent), never the secret: notices are composed
 * by the features from metadata and the service worker's error messages.
 */
import { createShadowHost } from '../dom/shadow';
import { defineFeature } from './feature';

const CSS = `
:host { all: initial; position: fixed; z-index: 2147483647; right: 16px; bottom: 16px; }
.t { font: 13px/1.4 system-ui, sans-serif; max-width: 360px; padding: 10px 14px; border-radius: 8px;
  color: #fff; background: #1f2937; box-shadow: 0 4px 16px rgba(0,0,0,.25); }
.ok { background: #166534; } .warn { background: #92400e; } .error { background: #991b1b; }
`;

const SHOW_MS = 6000;

export const confirmToast = defineFeature({
  id: 'confirm-toast',
  init(ctx) {
    let current: HTMLElement | null = null;
    ctx.signal.addEventListener('abort', () => current?.remove(), { once: true });
    ctx.on('notice', ({ text, tone }) => {
      current?.remove();
      const { host, root } = createShadowHost(ctx.doc, 'toast', CSS);
      const box = ctx.doc.createElement('div');
      box.className = `t ${tone}`;
      box.setAttribute('role', tone === 'error' ? 'alert' : 'status');
      box.textContent = text;
      root.append(box);
      (ctx.doc.body ?? ctx.doc.documentElement).append(host);
      current = host;
      ctx.setTimeout(() => host.remove(), tone === 'error' ? SHOW_MS * 2 : SHOW_MS);
    });
  },
});
