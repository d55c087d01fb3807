/**
 * What each service-worker message may carry: one valibot schema per message type, and who may
 * send it (`extension`: our own pages; `content`: our content script on app.cloudcraft.co). The
 * router (`router.ts`) checks both before a handler runs. What each message answers:
 * `Responses` in `protocol.ts`.
 */
import * as v from 'valibot';
import type { MessageType } from './protocol';
import { MAX_NOTE, RecordMetaEntries } from './recordMeta';
import { TemplateSchema } from './templates';

export const SettingsSchema = v.object({
  autoLockMinutes: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1440)),
  clipboardClearSeconds: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(3600)),
  autoCapture: v.boolean(),
  clipboardClearOnlyIfUnchanged: v.optional(v.boolean()),
  verifyOnCapture: v.optional(v.boolean()),
  lockOnScreenLock: v.optional(v.boolean()),
});

const Passphrase = v.pipe(v.string(), v.minLength(1, 'Passphrase is required'), v.maxLength(1024));
const Id = v.pipe(v.string(), v.minLength(1), v.maxLength(128));
const Empty = v.optional(v.object({}), {});
const KeyName = v.pipe(v.string(), v.trim(), v.minLength(1, 'Name is required'), v.maxLength(200));

export const CaptureSchema = v.object({
  /** The secret as Cloudcraft showed it. Any length: keys are 44 base64 characters today, a format Cloudcraft does not promise. */
  secret: v.pipe(v.string(), v.minLength(8), v.maxLength(4096)),
  // name, permission, teams (at most 50), templateId, templateLabel: the stored record's caps.
  ...RecordMetaEntries,
  /** The stored key this capture replaces (a rotation started from the popup), or null. */
  rotatedFrom: v.optional(v.nullable(Id), null),
  /** ms since epoch */
  capturedAt: v.number(),
});
export type CaptureRequest = v.InferInput<typeof CaptureSchema>;

/** Senders a message is accepted from. */
export type SenderKind = 'extension' | 'content';

/** Every service-worker message: its request schema and the senders it is accepted from. */
export const PROTOCOL = {
  // vault
  'vault.status': { req: Empty, from: ['extension'] },
  'vault.create': { req: v.object({ passphrase: Passphrase }), from: ['extension'] },
  'vault.unlock': { req: v.object({ passphrase: Passphrase }), from: ['extension'] },
  'vault.lock': { req: Empty, from: ['extension'] },
  'vault.changePassphrase': {
    req: v.object({ current: Passphrase, next: Passphrase }),
    from: ['extension'],
  },
  /** A new vault key pair and id, every record re-sealed; the passphrase stays (its throttle applies). */
  'vault.rotateKey': { req: v.object({ passphrase: Passphrase }), from: ['extension'] },
  /** Keeps the vault from auto-locking while the user is active in our pages; answers its state (as vault.status). */
  'vault.touch': { req: Empty, from: ['extension'] },
  // keys
  'keys.list': { req: Empty, from: ['extension'] },
  'keys.reveal': { req: v.object({ id: Id }), from: ['extension'] },
  'keys.markCopied': { req: v.object({ id: Id }), from: ['extension'] },
  'keys.rename': { req: v.object({ id: Id, name: KeyName }), from: ['extension'] },
  'keys.delete': { req: v.object({ id: Id }), from: ['extension'] },
  /** Puts back a record `keys.delete` answered (Undo); it must open with this vault's private key. */
  'keys.restore': { req: v.object({ record: v.record(v.string(), v.unknown()) }), from: ['extension'] },
  'keys.setNote': { req: v.object({ id: Id, note: v.pipe(v.string(), v.maxLength(MAX_NOTE, `Note is at most ${MAX_NOTE} characters`)) }), from: ['extension'] },
  'keys.setRevoked': { req: v.object({ id: Id, revoked: v.boolean() }), from: ['extension'] },
  'keys.test': { req: v.object({ id: Id }), from: ['extension'] },
  /**
   * Which rows of Cloudcraft's keys list are stored keys (shared/reconcile.ts). The content script
   * learns nothing about keys its page does not already show. Works while locked.
   */
  'keys.match': {
    req: v.object({
      listed: v.pipe(
        v.array(v.object({ name: v.pipe(v.string(), v.maxLength(200)), created: v.nullable(v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}$/))) })),
        v.maxLength(1000, 'at most 1,000 rows'),
      ),
    }),
    from: ['extension', 'content'],
  },
  'teams.fromCloudcraft': { req: v.object({ id: Id }), from: ['extension'] },
  /** From the content script: a secret Cloudcraft just showed. Works while locked (sealed to the vault public key). */
  'keys.capture': { req: CaptureSchema, from: ['content'] },
  // backup
  'backup.export': { req: Empty, from: ['extension'] },
  'backup.import': {
    req: v.object({ json: v.pipe(v.string(), v.maxLength(20_000_000)), passphrase: Passphrase }),
    from: ['extension'],
  },
  // templates and settings (not secret: the content script may read templates for its in-page menu)
  'templates.list': { req: Empty, from: ['extension', 'content'] },
  /** The user's own templates in their stored order (the options page edits and reorders them). */
  'templates.listUser': { req: Empty, from: ['extension'] },
  'templates.saveUser': {
    req: v.object({ templates: v.pipe(v.array(TemplateSchema), v.maxLength(100)) }),
    from: ['extension'],
  },
  'settings.get': { req: Empty, from: ['extension', 'content'] },
  'settings.set': { req: v.object({ settings: SettingsSchema }), from: ['extension'] },
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
    from: ['extension'],
  },
  /** From the offscreen document: it cleared the clipboard that was due at `clearAt`. */
  'clipboard.cleared': {
    req: v.object({ clearAt: v.number() }),
    from: ['extension'],
  },
} as const satisfies { [T in MessageType]: { req: v.GenericSchema; from: readonly SenderKind[] } };

/** A message's request as a sender writes it. */
export type Requests = { [T in MessageType]: v.InferInput<(typeof PROTOCOL)[T]['req']> };
/** A message's request as its handler receives it (after the schema's transforms: trimmed names…). */
export type ParsedRequests = { [T in MessageType]: v.InferOutput<(typeof PROTOCOL)[T]['req']> };
