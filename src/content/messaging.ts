/**
 * The content script's receiver for the popup's CONTENT_PROTOCOL messages ('page.getState',
 * 'page.apply', 'page.deleteKey'), answered in the protocol's Reply shape. Only our own extension pages may ask:
 * `sender.id` is our id, the sender is not a tab (content scripts and web pages are), and its URL's
 * origin is exactly our extension origin (so `chrome-extension://<id>.evil.example` fails).
 */
import {
  errorReply,
  failReply,
  parseContentMessage,
  ProtocolError,
  type ApplyResult,
  type DeleteResult,
  type ContentParsedRequestOf,
  type PageState,
  type Reply,
  type SenderInfo,
} from '../shared/messages';

export interface ContentHandlers {
  getState(): PageState;
  apply(req: ContentParsedRequestOf<'page.apply'>): Promise<ApplyResult>;
  deleteKey(req: ContentParsedRequestOf<'page.deleteKey'>): Promise<DeleteResult>;
}

/**
 * scheme://host of a URL. Not `URL.origin`: for non-special schemes such as chrome-extension:
 * some engines (Node, and by the URL standard) answer "null", which would make every extension
 * URL, spoofed ones included, compare equal.
 */
export function originOf(url: string | undefined): string | null {
  try {
    if (!url) return null;
    const u = new URL(url);
    return u.host ? `${u.protocol}//${u.host}` : null;
  } catch {
    return null;
  }
}

export function isOwnExtensionPage(sender: SenderInfo, extensionId: string, extensionOrigin: string): boolean {
  return sender.id === extensionId && sender.tab === undefined && originOf(sender.url) === extensionOrigin;
}

/**
 * Returns the answering function for runtime.onMessage: undefined for messages not ours (so others
 * may answer), the reply itself when it is known at once (page.getState, refusals: main.ts sends
 * it before the listener returns), or a Promise of it (page.apply, page.deleteKey).
 */
export function createContentListener(handlers: ContentHandlers, ids: { extensionId: string; extensionOrigin: string }) {
  return (message: unknown, sender: SenderInfo): Reply<unknown> | Promise<Reply<unknown>> | undefined => {
    const parsed = parseContentMessage(message);
    if (parsed === undefined) return undefined;
    if (!isOwnExtensionPage(sender, ids.extensionId, ids.extensionOrigin)) {
      return failReply('FORBIDDEN', 'Only the extension popup may ask the page');
    }
    if (parsed instanceof ProtocolError) return failReply(parsed.code, parsed.message);
    if (parsed.type === 'page.getState') {
      try {
        return { ok: true as const, data: handlers.getState() };
      } catch (err) {
        return errorReply(err);
      }
    }
    const pending =
      parsed.type === 'page.deleteKey'
        ? handlers.deleteKey(parsed.data as ContentParsedRequestOf<'page.deleteKey'>)
        : handlers.apply(parsed.data as ContentParsedRequestOf<'page.apply'>);
    return (pending as Promise<unknown>).then(
      (data) => ({ ok: true as const, data }),
      (err: unknown) => errorReply(err),
    );
  };
}
