/**
 * The services popup and options components use instead of the browser API (they never call it
 * directly): built once per page from real transports in main.tsx, and from fakes in tests.
 */
import { createContext, type ComponentChildren } from 'preact';
import { useContext } from 'preact/hooks';
import { t } from '../shared/i18n';
import { STRENGTH_DATA_PATH, type StrengthVerdict } from '../shared/strengthTypes';

/** The page strength module's place in the build (vite.config.ts writes it). */
export const STRENGTH_MODULE_PATH = 'assets/strength.js';
import type { ContentRequests } from '../shared/contentProtocol';
import { type ContentMessageType, type ContentResponses, type MessageType, ProtocolError, request, type Responses, type Transport, unwrap } from '../shared/protocol';
import type { Requests } from '../shared/schemas';

export interface ActiveTab {
  id: number;
  url: string;
}

export interface ExtensionServices {
  /** A request to the service worker; throws ProtocolError. */
  send<T extends MessageType>(type: T, data: Requests[T]): Promise<Responses[T]>;
  /** A request to our content script in tab `tabId`; throws ProtocolError (code INTERNAL when nothing answers). */
  sendToTab<T extends ContentMessageType>(tabId: number, type: T, data: ContentRequests[T]): Promise<ContentResponses[T]>;
  getActiveTab(): Promise<ActiveTab | null>;
  /** Writes `text` to the clipboard; rejects when it could not. Call from a click handler. */
  writeClipboard(text: string): Promise<void>;
  openOptionsPage(): Promise<void>;
  /** Opens `url` in a new tab (the popup's "Open Cloudcraft"). */
  openTab(url: string): Promise<void>;
  /**
   * Whether the toolbar button is pinned (Chrome's `action.getUserSettings().isOnToolbar`; null
   * where the browser cannot tell), and whether the user dismissed the tip to pin it.
   */
  pinTip(): Promise<{ pinned: boolean | null; dismissed: boolean }>;
  /** Remembers that the pin tip was dismissed (it does not show again). */
  dismissPinTip(): Promise<void>;
  /** Saves `text` as a file named `fileName` (options page). */
  download(fileName: string, text: string, mime?: string): void;
  /**
   * Asks for (`on`) or gives back the optional `clipboardRead` permission; resolves whether the
   * extension holds it afterwards. Asking must happen in a click handler (a user gesture).
   */
  setClipboardRead(on: boolean): Promise<boolean>;
  /**
   * zxcvbn's verdict on a passphrase being set (shared/strength.ts). The estimator and its
   * dictionaries load at the first call (pages that set a passphrase only); rejects when they
   * cannot be loaded.
   */
  strength(passphrase: string): Promise<StrengthVerdict>;
  now(): Date;
}

/** Transport to a tab: `(tabId, envelope) => reply` (tabs.sendMessage). */
export type TabTransport = (tabId: number, message: { type: string; data?: unknown }) => Promise<unknown>;

/** Builds `send`/`sendToTab` on top of raw transports; the rest is passed through. */
export function createServices(opts: {
  transport: Transport;
  tabTransport: TabTransport;
  getActiveTab: ExtensionServices['getActiveTab'];
  writeClipboard: ExtensionServices['writeClipboard'];
  openOptionsPage: ExtensionServices['openOptionsPage'];
  openTab?: ExtensionServices['openTab'];
  pinTip?: ExtensionServices['pinTip'];
  dismissPinTip?: ExtensionServices['dismissPinTip'];
  download?: ExtensionServices['download'];
  setClipboardRead?: ExtensionServices['setClipboardRead'];
  strength?: ExtensionServices['strength'];
  now?: () => Date;
}): ExtensionServices {
  return {
    send: (type, data) => request(opts.transport, type, data),
    async sendToTab(tabId, type, data) {
      let reply: unknown;
      try {
        reply = await opts.tabTransport(tabId, { type, data });
      } catch (err) {
        // "Could not establish connection. Receiving end does not exist.": no content script there.
        throw new ProtocolError('INTERNAL', err instanceof Error ? err.message : String(err));
      }
      return unwrap(reply);
    },
    getActiveTab: opts.getActiveTab,
    writeClipboard: opts.writeClipboard,
    openOptionsPage: opts.openOptionsPage,
    openTab: opts.openTab ?? (async () => undefined),
    pinTip: opts.pinTip ?? (async () => ({ pinned: null, dismissed: true })),
    dismissPinTip: opts.dismissPinTip ?? (async () => undefined),
    download: opts.download ?? (() => undefined),
    setClipboardRead: opts.setClipboardRead ?? (async () => false),
    strength: opts.strength ?? (() => Promise.reject(new Error('No strength estimator here'))),
    now: opts.now ?? (() => new Date()),
  };
}

/**
 * A getter whose first call returns `first` (already started, e.g. at popup load) and later calls
 * `again()`. Used for the active tab, which the popup needs once per opening.
 */
export function reuseFirst<T>(first: Promise<T>, again: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | null = first;
  first.catch(() => undefined); // its caller sees the rejection; nobody else must
  return () => {
    const p = pending ?? again();
    pending = null;
    return p;
  };
}

/**
 * Clipboard write for extension pages: `navigator.clipboard.writeText`, and when that rejects
 * (document not focused, permission) a temporary textarea + `execCommand('copy')`, as Google's
 * offscreen clipboard sample does. Rejects when both fail.
 */
export async function writeClipboardInPage(text: string, doc: Document = document): Promise<void> {
  try {
    await doc.defaultView!.navigator.clipboard.writeText(text);
    return;
  } catch (first) {
    const ta = doc.createElement('textarea');
    ta.value = text;
    ta.setAttribute('readonly', '');
    ta.style.position = 'fixed';
    ta.style.opacity = '0';
    doc.body.append(ta);
    try {
      ta.select();
      if (!doc.execCommand('copy')) throw first;
    } finally {
      ta.value = '';
      ta.remove();
    }
  }
}

/** What `assets/strength.js` exports (built from src/ui/strength-module.ts by vite.config.ts). */
export interface StrengthModule {
  createPageStrength(dataUrl: string): (passphrase: string) => Promise<StrengthVerdict>;
}

/**
 * The strength estimator for an extension page, loaded on the first call: the module
 * `/assets/strength.js` (zxcvbn, ~11 KB gzip, kept out of the popup's own script), then the
 * dictionaries it fetches. A failed load is tried again at the next call.
 *
 * The module is imported by a literal path from the extension's root, resolved against the page's
 * own origin (chrome-extension:// or moz-extension://), never by a computed URL: a reviewer (and
 * addons.mozilla.org's linter, which flags `import()` of a computed value as unsafe) can see that
 * only this packaged file is ever loaded. The build keeps the path as it is (vite.config.ts marks
 * it external; STRENGTH_MODULE_PATH in shared/strengthTypes.ts).
 * @param url the extension's URL of a file, `runtime.getURL` (for the dictionaries)
 * @param load imports the module; tests pass their own
 */
export function pageStrength(
  url: (path: string) => string,
  // A path in the built extension, not a source file TypeScript could resolve: hence the cast; the
  // emitted code is `import("/assets/strength.js")`.
  load: () => Promise<StrengthModule> = () => import('/assets/strength.js' as string) as Promise<StrengthModule>,
): ExtensionServices['strength'] {
  let estimator: Promise<(p: string) => Promise<StrengthVerdict>> | null = null;
  return async (passphrase) => {
    if (!estimator) {
      estimator = load().then((m) => m.createPageStrength(url(STRENGTH_DATA_PATH)));
      estimator.catch(() => (estimator = null));
    }
    return (await estimator)(passphrase);
  };
}

/** Downloads text through a Blob URL (no downloads permission needed). */
export function downloadInPage(fileName: string, text: string, mime = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const ExtensionContext = createContext<ExtensionServices | null>(null);

export function ExtensionProvider(props: { services: ExtensionServices; children: ComponentChildren }) {
  return <ExtensionContext.Provider value={props.services}>{props.children}</ExtensionContext.Provider>;
}

export function useExtension(): ExtensionServices {
  const s = useContext(ExtensionContext);
  if (!s) throw new Error('useExtension() outside <ExtensionProvider>');
  return s;
}

/**
 * The first problem of a receiver's INVALID_REQUEST message (`Invalid "type": × <issue>\n  → at <path>…`,
 * valibot's summary), shortened to "<issue> (<path>)": the raw summary is not for users.
 */
export function invalidRequestReason(message: string): string {
  const body = message.replace(/^Invalid "[^"]*":\s*/, '');
  const lines = body.split('\n').map((l) => l.trim());
  const issue = (lines[0] ?? '').replace(/^×\s*/, '');
  const path = lines[1]?.startsWith('→ at ') ? lines[1].slice(5) : '';
  const reason = path ? `${issue} (${path})` : issue;
  return reason.length > 120 ? `${reason.slice(0, 119)}…` : reason;
}

/** A message fit to show for any thrown value. A refused request (INVALID_REQUEST) gets a friendly sentence. */
export function errorText(err: unknown): string {
  if (err instanceof ProtocolError && err.code === 'INVALID_REQUEST') return t('invalidRequest', invalidRequestReason(err.message));
  if (err instanceof Error) return err.message;
  return String(err);
}

export function errorCode(err: unknown): string | null {
  return err instanceof ProtocolError ? err.code : null;
}
