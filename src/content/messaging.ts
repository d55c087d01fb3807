/**
 * The content script's receiver for the popup's CONTENT_PROTOCOL messages ('page.getState',
 * 'page.apply', 'page.deleteKey'), answered in the protocol's Reply shape. Only our own extension
 * pages not in a tab may ask (the popup: `isOwnExtensionPage`, shared/senderPolicy.ts).
 */
import { type ContentParsedRequests, parseContentMessage } from '../shared/contentProtocol';
import { type ApplyResult, type DeleteResult, errorReply, failReply, type PageState, ProtocolError, type Reply } from '../shared/protocol';
import { isOwnExtensionPage, type SenderInfo } from '../shared/senderPolicy';

export interface ContentHandlers {
  getState(): PageState;
  apply(req: ContentParsedRequests['page.apply']): Promise<ApplyResult>;
  deleteKey(req: ContentParsedRequests['page.deleteKey']): Promise<DeleteResult>;
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
        ? handlers.deleteKey(parsed.data as ContentParsedRequests['page.deleteKey'])
        : handlers.apply(parsed.data as ContentParsedRequests['page.apply']);
    return (pending as Promise<unknown>).then(
      (data) => ({ ok: true as const, data }),
      (err: unknown) => errorReply(err),
    );
  };
}
