/**
 * The one typed message protocol between the extension's contexts: the shapes of what travels,
 * what each message answers, and the errors. Types and small helpers only (no schemas), so every
 * context can import it cheaply, the content script included.
 *
 * Every message is `{ type, data }`; every answer is `{ ok: true, data }` or
 * `{ ok: false, error: { code, message } }`, so errors travel back to the caller as errors
 * (`request` throws a `ProtocolError`). What each message may carry is checked by its receiver
 * against a schema (`schemas.ts` for the service worker, `contentProtocol.ts` for the content
 * script), after the sender policy (`senderPolicy.ts`) accepted the sender.
 */
import type { Requests } from './schemas';
import type { Template } from './templates';
import type { TeamAccess } from './recordMeta';
import type { RowMatch } from './reconcile';
import type { Permission } from './templates';
import { t } from './i18n';

/** Origin our content script must run on (Cloudcraft's docs: the app lives at app.cloudcraft.co). */
export const CLOUDCRAFT_ORIGIN = 'https://app.cloudcraft.co';

// ---------------------------------------------------------------- shared data shapes

export type VaultState = 'uninitialized' | 'locked' | 'unlocked';

/** A team a stored key grants access to, as Cloudcraft's page saved it (`on`: the page offered only on/off). */
export interface KeyTeam {
  team: string;
  access: TeamAccess;
}

/** A stored key as lists show it: metadata only, never the secret. */
export interface KeyMeta {
  id: string;
  name: string;
  permission: Permission;
  teams: KeyTeam[];
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
  /** The user's free-text note ("used by: deploy pipeline"); '' when none. */
  note: string;
  /** When the key was deleted in Cloudcraft, or marked revoked (ms since epoch); null while it is live. */
  revokedAt: number | null;
  /** The id of the stored key this one was created to replace (a rotation), or null. */
  rotatedFrom: string | null;
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

/** A row of Cloudcraft's keys list: the key's name and the created date it shows (YYYY-MM-DD, null when none). */
export interface ListedKey {
  name: string;
  created: string | null;
}

/**
 * What the content script sees in the Cloudcraft tab; `capture` is the last Save's outcome, if any.
 * `existingNames`: the names Cloudcraft's keys list shows, or showed last when the create form or
 * the new key covers it (for the duplicate-name warning). `listed`: the list's rows as shown now
 * (for reconciling with the vault).
 */
export type PageState = (
  | { kind: 'no-ui' }
  /** The API keys UI is open but still mounting (its heading over "Loading…"): nothing to apply to yet. */
  | { kind: 'loading' }
  | { kind: 'keys-list'; existingNames: string[]; listed: ListedKey[] }
  | { kind: 'create-form'; existingNames: string[] }
  | { kind: 'secret-shown'; existingNames: string[] }
) & { capture?: CaptureReport };

/**
 * `limited`: set as close as the page allows, which is not what the template asked (a team the
 * template grants "read & write" on a page that offers only on/off: set to on). Not a failure.
 */
export type FieldStatus = 'set' | 'already-set' | 'limited' | 'failed';

/** Per-field outcome of applying a template; `field` is "name", "permission", "team:<name>", "form" or "save". */
export interface FieldReport {
  field: string;
  status: FieldStatus;
  /** For failures and `limited`: what was expected and what was seen, in words a user can act on. */
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
  /** Nothing deleted because Cloudcraft's list (read) holds no key of that name: gone already. */
  notListed?: boolean;
}

/** A stored record as the vault keeps it (sealed), opaque outside the service worker. */
export type StoredRecordCopy = Record<string, unknown>;

/** A Cloudcraft API answer that is not a success. */
export type CloudcraftFailure =
  /** 401/403: Cloudcraft refuses the key (revoked or invalid). */
  | { status: 'rejected'; httpStatus: number }
  /** Any other non-2xx status (429, 5xx…): Cloudcraft's problem, not proof the key is bad. */
  | { status: 'http-error'; httpStatus: number }
  /** No usable answer: offline, timed out, or not the JSON expected. */
  | { status: 'network-error'; message: string };

/** What `GET /team` answered: the team names, or why not. */
export type TeamsResult = { status: 'ok'; teams: string[] } | CloudcraftFailure;

/** What `GET /user/me` answered for a key: whose it is, or why not. */
export type KeyTestResult = { status: 'ok'; name: string; email: string } | CloudcraftFailure;

// ---------------------------------------------------------------- what each message answers

/** Service worker messages → what they answer. Their requests: `schemas.ts` (PROTOCOL). */
export interface Responses {
  'vault.status': { state: VaultState; keyCount: number };
  'vault.create': { state: VaultState };
  'vault.unlock': { state: VaultState };
  'vault.lock': { state: VaultState };
  'vault.changePassphrase': { state: VaultState };
  'vault.rotateKey': { state: VaultState };
  'vault.touch': { state: VaultState };
  'keys.list': { keys: KeyMeta[]; broken: BrokenRecord[] };
  'keys.reveal': { secret: string };
  'keys.markCopied': { key: KeyMeta };
  'keys.rename': { key: KeyMeta };
  /** The record as it was stored (sealed: no secret in the clear), for `keys.restore` (Undo); null for a broken one. */
  'keys.delete': { removed: StoredRecordCopy | null };
  'keys.restore': { key: KeyMeta };
  'keys.setNote': { key: KeyMeta };
  'keys.setRevoked': { key: KeyMeta };
  /** A key Cloudcraft refuses (401/403) is marked revoked: `key` is then the key as marked. */
  'keys.test': KeyTestResult & { key?: KeyMeta };
  /** For each row Cloudcraft's list shows (in order): whether it is a live stored key (the content script's marks, the popup's reconcile). */
  'keys.match': { rows: RowMatch[] };
  /** The account's team names (`GET https://api.cloudcraft.co/team` with a stored key), on request. */
  'teams.fromCloudcraft': TeamsResult;
  'keys.capture': { id: string; verification: Verification };
  'backup.export': { fileName: string; json: string };
  'backup.import': { added: number; skipped: number };
  'templates.list': { templates: Template[] };
  'templates.listUser': { templates: Template[] };
  'templates.saveUser': { templates: Template[] };
  'settings.get': { settings: Settings };
  'settings.set': { settings: Settings };
  'clipboard.scheduleClear': { clearsAt: number | null };
  'clipboard.cleared': Record<string, never>;
}
export type MessageType = keyof Responses;

/** Content-script messages (the popup sends them with `tabs.sendMessage`) → what they answer. Requests: `contentProtocol.ts`. */
export interface ContentResponses {
  'page.getState': PageState;
  'page.apply': ApplyResult;
  'page.deleteKey': DeleteResult;
}
export type ContentMessageType = keyof ContentResponses;

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

// ---------------------------------------------------------------- replies and sending

/** A failure reply. */
export function failReply(code: ErrorCode, message: string): Reply<never> {
  return { ok: false, error: { code, message } };
}

/** Whether `err` is a browser storage area refusing a write for its quota (Chrome: "…QUOTA_BYTES…", a QuotaExceededError). */
export function isQuotaError(err: unknown): boolean {
  if (!(err instanceof Error) && !(typeof err === 'object' && err !== null && 'message' in err)) return false;
  const { name, message } = err as { name?: unknown; message?: unknown };
  return name === 'QuotaExceededError' || (typeof message === 'string' && /quota/i.test(message));
}

/**
 * The reply for an error a handler threw: a `ProtocolError` as itself; a storage quota error as
 * QUOTA; anything else INTERNAL. Both in the user's language (`_locales`), never the error's own
 * text (it could carry data) nor its class name.
 */
export function errorReply(err: unknown): Reply<never> {
  if (err instanceof ProtocolError) return failReply(err.code, err.message);
  if (isQuotaError(err)) return failReply('QUOTA', t('errStorageFull'));
  return failReply('INTERNAL', t('errInternal'));
}

/** Unwraps a `Reply`: returns its data or throws its error as a `ProtocolError`. */
export function unwrap<T>(reply: unknown): T {
  if (typeof reply !== 'object' || reply === null || !('ok' in reply)) {
    throw new ProtocolError('INTERNAL', t('errNoAnswer'));
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
export async function request<T extends MessageType>(transport: Transport, type: T, data: Requests[T]): Promise<Responses[T]> {
  return unwrap<Responses[T]>(await transport({ type, data }));
}
