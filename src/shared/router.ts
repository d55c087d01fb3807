/**
 * The service worker's message router: the sender policy (`senderPolicy.ts`), the request's schema
 * (`schemas.ts`), then the handler, its result or error wrapped in a `Reply`.
 */
import * as v from 'valibot';
import { errorReply, failReply, type Envelope, type MessageType, type Reply, type Responses } from './protocol';
import { PROTOCOL, type ParsedRequests } from './schemas';
import { classifySender, type SenderInfo } from './senderPolicy';

export type Handlers = {
  [T in MessageType]: (data: ParsedRequests[T], ctx: { sender: SenderInfo; kind: 'extension' | 'content' }) => Promise<Responses[T]>;
};

function toReply(err: unknown): Reply<never> {
  // A schema check inside a handler (a stored schema stricter than the message's) is a refused
  // request, whose summary names the field: never INTERNAL.
  if (err instanceof v.ValiError) return failReply('INVALID_REQUEST', `Invalid request: ${v.summarize(err.issues)}`);
  return errorReply(err);
}

/**
 * Builds the `runtime.onMessage` listener of the service worker: checks the sender, validates the
 * payload against the protocol's schema, runs the handler and wraps the result in a `Reply`.
 * Register the returned function synchronously at worker start.
 * Returns `undefined` for messages that are not envelopes (lets other listeners answer).
 */
export function createRouter(handlers: Partial<Handlers>, ids: { extensionId: string; extensionOrigin: string }) {
  return (message: unknown, sender: SenderInfo): Promise<Reply<unknown>> | undefined => {
    if (typeof message !== 'object' || message === null || typeof (message as Envelope).type !== 'string') return undefined;
    const { type, data } = message as Envelope;
    if (!Object.hasOwn(PROTOCOL, type)) {
      // Messages for another receiver (e.g. the offscreen document's) are left alone.
      return type.startsWith('offscreen.') ? undefined : Promise.resolve(failReply('UNKNOWN_MESSAGE', `Unknown message "${type}"`));
    }
    const spec = PROTOCOL[type as MessageType];
    const kind = classifySender(sender, ids.extensionId, ids.extensionOrigin);
    if (kind === null || !(spec.from as readonly string[]).includes(kind)) {
      return Promise.resolve(failReply('FORBIDDEN', `"${type}" is not accepted from this sender`));
    }
    const parsed = v.safeParse(spec.req, data ?? {});
    if (!parsed.success) {
      return Promise.resolve(failReply('INVALID_REQUEST', `Invalid "${type}": ${v.summarize(parsed.issues)}`));
    }
    const handler = handlers[type as MessageType] as ((d: unknown, c: unknown) => Promise<unknown>) | undefined;
    if (!handler) return Promise.resolve(failReply('UNKNOWN_MESSAGE', `No handler for "${type}"`));
    return handler(parsed.output, { sender, kind }).then(
      (res) => ({ ok: true as const, data: res }),
      (err: unknown) => toReply(err),
    );
  };
}
