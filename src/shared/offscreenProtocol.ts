/**
 * The one order the service worker gives its offscreen document (Chrome: the document that can
 * write the clipboard when no page of ours is open): clear the clipboard at a time. Built by the
 * worker with `clearClipboardAtOrder`, checked by the document with `parseClearClipboardAt`, so
 * the two cannot drift apart and nothing else is taken for it.
 */
import * as v from 'valibot';

export const CLEAR_CLIPBOARD_AT = 'offscreen.clearClipboardAt';

const ClearClipboardAtSchema = v.object({
  type: v.literal(CLEAR_CLIPBOARD_AT),
  data: v.object({
    /** When to clear, in ms since the epoch (now or past: at once). */
    clearAt: v.pipe(v.number(), v.finite()),
    /** The copied key's fingerprint (shared/fingerprint.ts): clear only if the clipboard still holds it; null: clear whatever it holds. */
    fingerprint: v.nullable(v.string()),
  }),
});

export type ClearClipboardAt = v.InferOutput<typeof ClearClipboardAtSchema>;

/** The order for `runtime.sendMessage`: clear at `clearAt` (ms since the epoch), only if the clipboard still matches `fingerprint` (null: unconditionally). */
export function clearClipboardAtOrder(clearAt: number, fingerprint: string | null): ClearClipboardAt {
  return { type: CLEAR_CLIPBOARD_AT, data: { clearAt, fingerprint } };
}

/** The order's data when `message` is exactly that order; null for anything else (another message, a wrong shape). */
export function parseClearClipboardAt(message: unknown): ClearClipboardAt['data'] | null {
  const r = v.safeParse(ClearClipboardAtSchema, message);
  return r.success ? r.output.data : null;
}
