/**
 * Who may talk to whom: the one sender check of the service worker (every message) and of the
 * content script (the popup's messages). Nothing from the page itself (`window.postMessage`) is
 * ever listened to.
 * - extension: `sender.id` is our id, the URL starts with our extension origin and "/"
 *   (`chrome-extension://<id>/`: so `chrome-extension://<id>.evil.example/` fails), and
 *   `sender.origin`, when the browser gives one, is that origin;
 * - content: `sender.id` is ours, it runs in a tab's top frame, and its URL's origin is exactly
 *   https://app.cloudcraft.co.
 */
import { CLOUDCRAFT_ORIGIN } from './protocol';

/** The minimal part of `runtime.MessageSender` the checks read. */
export interface SenderInfo {
  id?: string;
  url?: string;
  origin?: string;
  tab?: { id?: number };
  frameId?: number;
}

/** The origin of `url`, or null for an opaque one or none. */
export function originOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const origin = new URL(url).origin;
    // An opaque origin ("null": data:, about:blank, or a scheme the engine does not know, as Node's
    // URL for chrome-extension://) must never equal another one.
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

/**
 * Whether `url` is a page of `extensionOrigin` ("chrome-extension://<id>", "moz-extension://<uuid>").
 * Compared as text, origin plus "/", because engines disagree on `new URL(...).origin` for extension
 * schemes (Node and some Firefox versions say "null"); "chrome-extension://<id>.evil.example/" fails.
 */
function isExtensionUrl(url: string | undefined, extensionOrigin: string): boolean {
  if (!url || !/^[a-z][a-z0-9+.-]*:\/\/[^/?#@]+$/i.test(extensionOrigin)) return false;
  return url.startsWith(`${extensionOrigin}/`);
}

/**
 * Which kind of sender this is, or null when it is neither of ours.
 * - extension: `sender.id` is our id, the URL starts with our extension origin and "/"
 *   (`chrome-extension://<id>/` — so `chrome-extension://<id>.evil.example/` fails), and
 *   `sender.origin`, when the browser gives one, is that origin;
 * - content: `sender.id` is ours, it runs in a tab's top frame, and its URL's origin is exactly
 *   https://app.cloudcraft.co.
 * @param extensionOrigin e.g. "chrome-extension://abcdef…" (no trailing slash)
 */
export function classifySender(sender: SenderInfo, extensionId: string, extensionOrigin: string): 'extension' | 'content' | null {
  if (!extensionId || sender.id !== extensionId) return null;
  if (isExtensionUrl(sender.url, extensionOrigin)) {
    return sender.origin === undefined || sender.origin === extensionOrigin ? 'extension' : null;
  }
  const origin = originOf(sender.url);
  if (sender.tab && (sender.frameId ?? 0) === 0 && origin === CLOUDCRAFT_ORIGIN) {
    if (sender.origin !== undefined && sender.origin !== CLOUDCRAFT_ORIGIN) return null;
    return 'content';
  }
  return null;
}

/**
 * The content script's rule for the popup's messages: an extension page of ours, and not in a tab
 * (the popup has none; content scripts and web pages always have one).
 */
export function isOwnExtensionPage(sender: SenderInfo, extensionId: string, extensionOrigin: string): boolean {
  return classifySender(sender, extensionId, extensionOrigin) === 'extension' && sender.tab === undefined;
}
