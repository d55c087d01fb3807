/**
 * What the popup's messages to the content script may carry (`tabs.sendMessage`): one valibot
 * schema per message type, checked by the content script's receiver (`src/content/messaging.ts`).
 * What they answer: `ContentResponses` in `protocol.ts`.
 */
import * as v from 'valibot';
import { ProtocolError, type ContentMessageType, type Envelope } from './protocol';
import { TemplateSchema } from './templates';

const Empty = v.optional(v.object({}), {});
const KeyName = v.pipe(v.string(), v.trim(), v.minLength(1, 'Name is required'), v.maxLength(200));

export const CONTENT_PROTOCOL = {
  'page.getState': { req: Empty },
  'page.apply': {
    req: v.object({
      template: v.object({
        ...TemplateSchema.entries,
        source: v.picklist(['builtin', 'user', 'managed']),
      }),
      name: KeyName,
      save: v.boolean(),
      /** A rotation: the id of the stored key the new one replaces (recorded with the capture). */
      rotatedFrom: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(64))), null),
    }),
  },
  /** Deletes a stored key's row in Cloudcraft's list, matched by name and created date (ms). */
  'page.deleteKey': {
    req: v.object({ name: KeyName, createdAt: v.pipe(v.number(), v.integer(), v.minValue(0)) }),
  },
} as const satisfies { [T in ContentMessageType]: { req: v.GenericSchema } };

/** A content-script message's request as the popup writes it. */
export type ContentRequests = { [T in ContentMessageType]: v.InferInput<(typeof CONTENT_PROTOCOL)[T]['req']> };
/** A content-script message's request as the content script receives it. */
export type ContentParsedRequests = { [T in ContentMessageType]: v.InferOutput<(typeof CONTENT_PROTOCOL)[T]['req']> };

/**
 * Validates a popup → content-script message. Returns the parsed request, a `ProtocolError` to
 * send back (INVALID_REQUEST), or undefined for a message that is not one of these.
 */
export function parseContentMessage(message: unknown): { type: ContentMessageType; data: ContentParsedRequests[ContentMessageType] } | ProtocolError | undefined {
  if (typeof message !== 'object' || message === null || typeof (message as Envelope).type !== 'string') return undefined;
  const { type, data } = message as Envelope;
  if (!Object.hasOwn(CONTENT_PROTOCOL, type)) return undefined;
  const parsed = v.safeParse(CONTENT_PROTOCOL[type as ContentMessageType].req, data ?? {});
  if (!parsed.success) return new ProtocolError('INVALID_REQUEST', `Invalid "${type}": ${v.summarize(parsed.issues)}`);
  return { type: type as ContentMessageType, data: parsed.output };
}
