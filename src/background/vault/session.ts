/**
 * The unlocked state, kept in `storage.session`: memory only, cleared when the browser closes and
 * readable by trusted contexts only (Chrome storage docs: the default access level is
 * TRUSTED_CONTEXTS, so content scripts cannot read it; Firefox never opens it to them). A service
 * worker restart therefore keeps the vault unlocked; a browser restart locks it.
 *
 * Kept: the vault id (a re-created or restored vault invalidates the session) and the unwrapped
 * private key as PKCS#8 base64. Nothing else: change-passphrase asks for the current passphrase and
 * re-derives, so no passphrase-derived key needs to sit here.
 *
 * Where `storage.session` does not exist (Firefox before 115), the material stays in this module's
 * memory only: the vault locks whenever the background script restarts, and nothing is persisted.
 */
import * as v from 'valibot';
import { browser } from '../../shared/browser';
import { ACTIVITY_KEY, SESSION_KEY, activityTime } from '../../shared/vaultStorage';
import { isQuotaError, ProtocolError } from '../../shared/protocol';
import { t } from '../../shared/i18n';

const SessionSchema = v.object({ vaultId: v.string(), privateKey: v.string() });
export type SessionMaterial = v.InferOutput<typeof SessionSchema>;

type SessionArea = { get(k: string): Promise<Record<string, unknown>>; set(i: Record<string, unknown>): Promise<void>; remove(k: string | string[]): Promise<void> };

/** The session area, or null where the browser has none. Read at call time (tests remove it). */
function area(): SessionArea | null {
  const s = (browser.storage as { session?: SessionArea }).session;
  return s && typeof s.get === 'function' ? s : null;
}

export function hasSessionStorage(): boolean {
  return area() !== null;
}

/** Fallback store for browsers without storage.session: dies with the background context. */
const memory = new Map<string, unknown>();

async function get(key: string): Promise<unknown> {
  const s = area();
  return s ? (await s.get(key))[key] : memory.get(key);
}

/**
 * One write to the session area. A full area (its quota) is a QUOTA error that says which storage
 * is full, in the user's language; other failures pass through unchanged.
 */
async function setItems(s: SessionArea, items: Record<string, unknown>): Promise<void> {
  try {
    await s.set(items);
  } catch (err) {
    if (isQuotaError(err)) throw new ProtocolError('QUOTA', t('errSessionFull'));
    throw err;
  }
}

async function set(key: string, value: unknown): Promise<void> {
  const s = area();
  if (s) await setItems(s, { [key]: value });
  else memory.set(key, value);
}

/**
 * The stored session: its material, `null` when none is stored, or `'damaged'` when what is stored
 * is not a session (it can unlock nothing; vault.ts removes it).
 */
export async function readSession(): Promise<SessionMaterial | 'damaged' | null> {
  const stored = await get(SESSION_KEY);
  if (stored === undefined) return null;
  const parsed = v.safeParse(SessionSchema, stored);
  return parsed.success ? parsed.output : 'damaged';
}

export async function writeSession(material: SessionMaterial, now: number): Promise<void> {
  const s = area();
  // Belt and braces: TRUSTED_CONTEXTS is Chrome's default, but make sure no one opened the area
  // to content scripts before key material goes in. Firefox has no such method (and never opens it).
  const setAccessLevel = (s as { setAccessLevel?: (o: { accessLevel: string }) => Promise<void> } | null)?.setAccessLevel;
  if (typeof setAccessLevel === 'function') {
    try {
      await setAccessLevel.call(s, { accessLevel: 'TRUSTED_CONTEXTS' });
    } catch {
      // Not implemented here (test fakes, other engines): the default level stays, which is the same.
    }
  }
  // One call: the key material and its activity time appear together.
  if (s) await setItems(s, { [SESSION_KEY]: material, [ACTIVITY_KEY]: now });
  else {
    memory.set(SESSION_KEY, material);
    memory.set(ACTIVITY_KEY, now);
  }
}

/** Lock: forget the key material. */
export async function clearSession(): Promise<void> {
  const s = area();
  if (s) await s.remove([SESSION_KEY, ACTIVITY_KEY]);
  memory.delete(SESSION_KEY);
  memory.delete(ACTIVITY_KEY);
}

/**
 * Other non-key state that must outlive a worker restart but not the browser (rate limits, the
 * pending clipboard fingerprint): the same area, under the caller's own key.
 */
export const sessionValue = {
  get,
  set,
  async remove(key: string): Promise<void> {
    const s = area();
    if (s) await s.remove(key);
    else memory.delete(key);
  },
};

export async function readLastActivity(): Promise<number | null> {
  return activityTime(await get(ACTIVITY_KEY));
}

export async function writeLastActivity(now: number): Promise<void> {
  await set(ACTIVITY_KEY, now);
}
