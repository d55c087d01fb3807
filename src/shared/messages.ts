/**
 * The one typed message protocol between the extension's contexts.
 *
 * Every message is `{ type, data }`; every answer is `{ ok: true, data }` or
 * `{ ok: false, error: { code, message } }`, so errors travel back to the caller as errors
 * (`sendMessage` throws a `ProtocolError`). Each request type has a valibot schema, checked by the
 * receiver (`createRouter`) before a handler runs, and a list of senders allowed to send it:
 * - `extension`: our own extension pages (popup, options, offscreen document);
 * - `content`: our content script in a top-level https://app.cloudcraft.co tab.
 * Nothing from the page itself (`window.postMessage`) is ever routed here.
 */
import * as v from 'valibot';
import { RecordMetaEntries } from './recordMeta';
import { TemplateSchema, type Permission, type Template, type TeamGrant } from './templates';

/** Origin our content script must run on (Cloudcraft's docs: the app lives at app.cloudcraft.co). */
export const CLOUDCRAFT_ORIGIN = 'https://app.cloudcraft.co';

// ---------------------------------------------------------------- shared data shapes

export type VaultState = 'uninitialized' | 'locked' | 'unlocked';

/** A stored key as lists show it: metadata only, never the secret. */
export interface KeyMeta {
  id: string;
  name: string;
  permission: Permission;
  teams: TeamGrant[];
  templateId: string | null;
  templateLabel: string | null;
  /** ms since epoch */
  createdAt: number;
  /** ms since epoch, null when never copied */
  lastCopiedAt: number | null;
  /**
   * What Cloudcraft said of the key when it was captured (`GET /user/me` with it): `verified` (200),
   * `rejected` (401/403: the captured text is not a working key), `unverified` (no answer, 429,
   * timeout, or verification off); null for keys stored before captures were verified.
   */
  verification: Verification | null;
}

export type Verification = 'verified' | 'rejected' | 'unverified';

/** A record that exists but fails authentication or parsing: reported by name, the others stay readable. */
export interface BrokenRecord {
  id: string;
  name: string;
  reason: string;
}

export interface Settings {
  /** Idle minutes before the vault locks itself; 0 = only on browser restart or manual Lock. */
  autoLockMinutes: number;
  /** Seconds before a copied key is cleared from the clipboard; 0 = never. */
  clipboardClearSeconds: number;
  /** Capture secrets the moment Cloudcraft shows them. */
  autoCapture: boolean;
  /**
   * Clear the clipboard only if it still holds the copied key (leave the user's own later copy).
   * Works only while the user granted the optional `clipboardRead` permission (the options page
   * requests it when this is turned on); without it the clipboard is cleared unconditionally.
   * Absent = false (settings saved before this option existed).
   */
  clipboardClearOnlyIfUnchanged?: boolean;
  /** Lock the vault when the screen locks (`idle.onStateChanged` "locked"). Absent = true. */
  lockOnScreenLock?: boolean;
  /**
   * Check every captured key with Cloudcraft (`GET https://api.cloudcraft.co/user/me`, one call,
   * 5 s at most) before confirming it. Absent = true (settings saved before this option existed).
   */
  verifyOnCapture?: boolean;
}

export const DEFAULT_SETTINGS: Settings = { autoLockMinutes: 15, clipboardClearSeconds: 30, autoCapture: true, clipboardClearOnlyIfUnchanged: false, verifyOnCapture: true, lockOnScreenLock: true };

export const SettingsSchema = v.object({
  autoLockMinutes: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1440)),
  clipboardClearSeconds: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(3600)),
  autoCapture: v.boolean(),
  clipboardClearOnlyIfUnchanged: v.optional(v.boolean()),
  verifyOnCapture: v.optional(v.boolean()),
  lockOnScreenLock: v.optional(v.boolean()),
});

/**
 * What became of the last Save in this tab (the content script's capture), for the popup's line.
 * `hint` is the key's first and last 4 characters ("AbCd…xY1="), so the user can compare it with
 * what Cloudcraft shows; never more of the secret.
 */
export type CaptureReport =
  /** Save was clicked; the content script is waiting for the new key to show (up to 10 s). */
  | { status: 'waiting'; name: string; at: number }
  | { status: 'captured'; name: string; hint: string; length: number; verification: Verification; at: number }
  /** No key was seen: the user must copy it from Cloudcraft. `reason` says what was seen instead. */
  | { status: 'missed'; name: string; reason: string; at: number }
  /** A key was seen but could not be stored (`reason`: the service worker's error, or capture is off). */
  | { status: 'failed'; name: string; reason: string; at: number };

/** What the content script sees in the Cloudcraft tab; `capture` is the last Save's outcome, if any. */
export type PageState = (
  | { kind: 'no-ui' }
  /** The API keys UI is open but still mounting (its heading over "Loading…"): nothing to apply to yet. */
  | { kind: 'loading' }
  | { kind: 'keys-list'; existingNames: string[] }
  | { kind: 'create-form'; existingNames: string[] }
  | { kind: 'secret-shown'; existingNames: string[] }
) & { capture?: CaptureReport };

export type FieldStatus = 'set' | 'already-set' | 'failed';

/** Per-field outcome of applying a template; `field` is "name", "permission", "team:<name>", "form" or "save". */
export interface FieldReport {
  field: string;
  status: FieldStatus;
  /** For failures: what was expected and what was seen, in words a user can act on. */
  detail: string;
}

export interface ApplyResult {
  /** Every field verified (and saved when asked). */
  ok: boolean;
  fields: FieldReport[];
  saved: boolean;
}

/** What deleting a key in Cloudcraft's page did: whether the key's row is gone, and each step in words. */
export interface DeleteResult {
  deleted: boolean;
  /** What was seen and done, in order; the last line says the outcome (or why nothing was deleted). */
  steps: string[];
}

export type KeyTestResult =
  | { status: 'ok'; name: string; email: string }
  /** 401/403: Cloudcraft refuses the key (revoked or invalid). */
  | { status: 'rejected'; httpStatus: number }
  /** Any other non-2xx status (429, 5xx…): Cloudcraft's problem, not proof the key is bad. */
  | { status: 'http-error'; httpStatus: number }
  | { status: 'network-error'; message: string };

// ---------------------------------------------------------------- schemas of request payloads

const Passphrase = v.pipe(v.string(), v.minLength(1, 'Passphrase is required'), v.maxLength(1024));
const Id = v.pipe(v.string(), v.minLength(1), v.maxLength(128));
const Empty = v.optional(v.object({}), {});
const KeyName = v.pipe(v.string(), v.trim(), v.minLength(1, 'Name is required'), v.maxLength(200));

export const CaptureSchema = v.object({
  /** The secret as Cloudcraft showed it. Any length: keys are 44 base64 characters today, a format Cloudcraft does not promise. */
  secret: v.pipe(v.string(), v.minLength(8), v.maxLength(4096)),
  // name, permission, teams (at most 50), templateId, templateLabel: the stored record's caps.
  ...RecordMetaEntries,
  /** ms since epoch */
  capturedAt: v.number(),
});
export type CaptureRequest = v.InferOutput<typeof CaptureSchema>;

/**
 * The protocol map: message type → request schema, response type, allowed senders.
 * `res` is a phantom type (never read at run time).
 */
export const PROTOCOL = {
  // vault
  'vault.status': { req: Empty, res: null as unknown as { state: VaultState; keyCount: number }, from: ['extension'] },
  'vault.create': { req: v.object({ passphrase: Passphrase }), res: null as unknown as { state: VaultState }, from: ['extension'] },
  'vault.unlock': { req: v.object({ passphrase: Passphrase }), res: null as unknown as { state: VaultState }, from: ['extension'] },
  'vault.lock': { req: Empty, res: null as unknown as { state: VaultState }, from: ['extension'] },
  'vault.changePassphrase': {
    req: v.object({ current: Passphrase, next: Passphrase }),
    res: null as unknown as { state: VaultState },
    from: ['extension'],
  },
  /** A new vault key pair and id, every record re-sealed; the passphrase stays (its throttle applies). */
  'vault.rotateKey': { req: v.object({ passphrase: Passphrase }), res: null as unknown as { state: VaultState }, from: ['extension'] },
  /** Keeps the vault from auto-locking while the user is active in our pages; answers its state (as vault.status). */
  'vault.touch': { req: Empty, res: null as unknown as { state: VaultState }, from: ['extension'] },
  // keys
  'keys.list': { req: Empty, res: null as unknown as { keys: KeyMeta[]; broken: BrokenRecord[] }, from: ['extension'] },
  'keys.reveal': { req: v.object({ id: Id }), res: null as unknown as { secret: string }, from: ['extension'] },
  'keys.markCopied': { req: v.object({ id: Id }), res: null as unknown as { key: KeyMeta }, from: ['extension'] },
  'keys.rename': { req: v.object({ id: Id, name: KeyName }), res: null as unknown as { key: KeyMeta }, from: ['extension'] },
  'keys.delete': { req: v.object({ id: Id }), res: null as unknown as Record<string, never>, from: ['extension'] },
  'keys.test': { req: v.object({ id: Id }), res: null as unknown as KeyTestResult, from: ['extension'] },
  /** From the content script: a secret Cloudcraft just showed. Works while locked (sealed to the vault public key). */
  'keys.capture': { req: CaptureSchema, res: null as unknown as { id: string; verification: Verification }, from: ['content'] },
  // backup
  'backup.export': { req: Empty, res: null as unknown as { fileName: string; json: string }, from: ['extension'] },
  'backup.import': {
    req: v.object({ json: v.pipe(v.string(), v.maxLength(20_000_000)), passphrase: Passphrase }),
    res: null as unknown as { added: number; skipped: number },
    from: ['extension'],
  },
  // templates and settings (not secret: the content script may read templates for its in-page menu)
  'templates.list': { req: Empty, res: null as unknown as { templates: Template[] }, from: ['extension', 'content'] },
  /** The user's own templates in their stored order (the options page edits and reorders them). */
  'templates.listUser': { req: Empty, res: null as unknown as { templates: Template[] }, from: ['extension'] },
  'templates.saveUser': {
    req: v.object({ templates: v.pipe(v.array(TemplateSchema), v.maxLength(100)) }),
    res: null as unknown as { templates: Template[] },
    from: ['extension'],
  },
  'settings.get': { req: Empty, res: null as unknown as { settings: Settings }, from: ['extension', 'content'] },
  'settings.set': { req: v.object({ settings: SettingsSchema }), res: null as unknown as { settings: Settings }, from: ['extension'] },
  // clipboard: the popup wrote `text`; clear it after the configured delay, even once the popup is gone
  'clipboard.scheduleClear': {
    req: v.object({
      delaySeconds: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(3600)),
      /**
       * `clipboardFingerprint(text)` (shared/fingerprint.ts) of the copied text: with the option
       * `clipboardClearOnlyIfUnchanged` and the `clipboardRead` permission, the clear happens only
       * if the clipboard still holds that text. Optional: without it the clear is unconditional.
       */
      fingerprint: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9+/]{43}=$/, 'fingerprint must be a base64 SHA-256'))),
    }),
    res: null as unknown as { clearsAt: number | null },
    from: ['extension'],
  },
  /** From the offscreen document: it cleared the clipboard that was due at `clearAt`. */
  'clipboard.cleared': {
    req: v.object({ clearAt: v.number() }),
    res: null as unknown as Record<string, never>,
    from: ['extension'],
  },
} as const satisfies Record<string, { req: v.GenericSchema; res: unknown; from: readonly ('extension' | 'content')[] }>;

export type MessageType = keyof typeof PROTOCOL;
export type RequestOf<T extends MessageType> = v.InferInput<(typeof PROTOCOL)[T]['req']>;
export type ParsedRequestOf<T extends MessageType> = v.InferOutput<(typeof PROTOCOL)[T]['req']>;
export type ResponseOf<T extends MessageType> = (typeof PROTOCOL)[T]['res'];

/** Messages the popup sends to the content script with `tabs.sendMessage`. */
export const CONTENT_PROTOCOL = {
  'page.getState': { req: Empty, res: null as unknown as PageState },
  'page.apply': {
    req: v.object({
      template: v.object({
        ...TemplateSchema.entries,
        source: v.picklist(['builtin', 'user', 'managed']),
      }),
      name: KeyName,
      save: v.boolean(),
    }),
    res: null as unknown as ApplyResult,
  },
  /** Deletes a stored key's row in Cloudcraft's list, matched by name and created date (ms). */
  'page.deleteKey': {
    req: v.object({ name: KeyName, createdAt: v.pipe(v.number(), v.integer(), v.minValue(0)) }),
    res: null as unknown as DeleteResult,
  },
} as const;
export type ContentMessageType = keyof typeof CONTENT_PROTOCOL;
export type ContentRequestOf<T extends ContentMessageType> = v.InferInput<(typeof CONTENT_PROTOCOL)[T]['req']>;
export type ContentParsedRequestOf<T extends ContentMessageType> = v.InferOutput<(typeof CONTENT_PROTOCOL)[T]['req']>;
export type ContentResponseOf<T extends ContentMessageType> = (typeof CONTENT_PROTOCOL)[T]['res'];

// ---------------------------------------------------------------- errors

export type ErrorCode =
  | 'INVALID_REQUEST'
  | 'FORBIDDEN'
  | 'UNKNOWN_MESSAGE'
  | 'NOT_INITIALIZED'
  | 'ALREADY_INITIALIZED'
  | 'LOCKED'
  | 'WRONG_PASSPHRASE'
  | 'WEAK_PASSPHRASE'
  | 'NOT_FOUND'
  | 'CORRUPT_RECORD'
  | 'BAD_BACKUP'
  /** The vault header is not the one pinned in this browser: captures are not sealed to it. */
  | 'HEADER_MISMATCH'
  | 'QUOTA'
  /** Too many attempts in a short time (captures from one tab, wrong passphrases): wait and retry. */
  | 'RATE_LIMITED'
  | 'NETWORK'
  | 'INTERNAL';

/** An error with a machine-readable code and a message fit to show a user. Survives messaging. */
export class ProtocolError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ProtocolError';
  }
}

export type Envelope = { type: string; data?: unknown };
export type Reply<T> = { ok: true; data: T } | { ok: false; error: { code: ErrorCode; message: string } };

// ---------------------------------------------------------------- sender checks

/** The minimal part of `runtime.MessageSender` the checks read. */
export interface SenderInfo {
  id?: string;
  url?: string;
  origin?: string;
  tab?: { id?: number };
  frameId?: number;
}

function originOf(url: string | undefined): string | null {
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

// ---------------------------------------------------------------- receiving

export type Handlers = {
  [T in MessageType]: (data: ParsedRequestOf<T>, ctx: { sender: SenderInfo; kind: 'extension' | 'content' }) => Promise<ResponseOf<T>>;
};

function fail(code: ErrorCode, message: string): Reply<never> {
  return { ok: false, error: { code, message } };
}

function toReply(err: unknown): Reply<never> {
  if (err instanceof ProtocolError) return fail(err.code, err.message);
  // A schema check inside a handler (a stored schema stricter than the message's) is a refused
  // request, whose summary names the field: never INTERNAL.
  if (err instanceof v.ValiError) return fail('INVALID_REQUEST', `Invalid request: ${v.summarize(err.issues)}`);
  // Never echo unknown errors' text: it could carry data. Log the name only.
  const name = err instanceof Error ? err.name : typeof err;
  return fail('INTERNAL', `Internal error (${name})`);
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
      return type.startsWith('offscreen.') ? undefined : Promise.resolve(fail('UNKNOWN_MESSAGE', `Unknown message "${type}"`));
    }
    const spec = PROTOCOL[type as MessageType];
    const kind = classifySender(sender, ids.extensionId, ids.extensionOrigin);
    if (kind === null || !(spec.from as readonly string[]).includes(kind)) {
      return Promise.resolve(fail('FORBIDDEN', `"${type}" is not accepted from this sender`));
    }
    const parsed = v.safeParse(spec.req, data ?? {});
    if (!parsed.success) {
      return Promise.resolve(fail('INVALID_REQUEST', `Invalid "${type}": ${v.summarize(parsed.issues)}`));
    }
    const handler = handlers[type as MessageType] as ((d: unknown, c: unknown) => Promise<unknown>) | undefined;
    if (!handler) return Promise.resolve(fail('UNKNOWN_MESSAGE', `No handler for "${type}"`));
    return handler(parsed.output, { sender, kind }).then(
      (res) => ({ ok: true as const, data: res }),
      (err: unknown) => toReply(err),
    );
  };
}

// ---------------------------------------------------------------- sending

/** Unwraps a `Reply`: returns its data or throws its error as a `ProtocolError`. */
export function unwrap<T>(reply: unknown): T {
  if (typeof reply !== 'object' || reply === null || !('ok' in reply)) {
    throw new ProtocolError('INTERNAL', 'No answer from the extension (is it being updated? Reload the page).');
  }
  const r = reply as Reply<T>;
  if (r.ok) return r.data;
  throw new ProtocolError(r.error.code, r.error.message);
}

/** Anything that can deliver a message and resolve the receiver's answer (runtime.sendMessage). */
export type Transport = (message: Envelope) => Promise<unknown>;

/**
 * Sends a typed request to the service worker and returns its typed response.
 * @throws ProtocolError with the receiver's code (e.g. WRONG_PASSPHRASE) or INTERNAL when no answer.
 */
export async function request<T extends MessageType>(transport: Transport, type: T, data: RequestOf<T>): Promise<ResponseOf<T>> {
  return unwrap<ResponseOf<T>>(await transport({ type, data }));
}

/**
 * Validates a popup → content-script message (the content script's receiver). Returns the parsed
 * request, or a `ProtocolError` to send back.
 */
export function parseContentMessage(
  message: unknown,
): { type: ContentMessageType; data: ContentParsedRequestOf<ContentMessageType> } | ProtocolError | undefined {
  if (typeof message !== 'object' || message === null || typeof (message as Envelope).type !== 'string') return undefined;
  const { type, data } = message as Envelope;
  if (!Object.hasOwn(CONTENT_PROTOCOL, type)) return undefined;
  const parsed = v.safeParse(CONTENT_PROTOCOL[type as ContentMessageType].req, data ?? {});
  if (!parsed.success) return new ProtocolError('INVALID_REQUEST', `Invalid "${type}": ${v.summarize(parsed.issues)}`);
  return { type: type as ContentMessageType, data: parsed.output };
}

export { fail as failReply, toReply as errorReply };
