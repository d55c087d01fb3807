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
 * `storage.session` exists in every browser this extension runs in (Chrome 102+, Firefox 115+;
 * the manifest asks for Chrome 120 and Firefox 140), so there is no in-memory fallback.
 */
import * as v from 'valibot';
import { browser } from '../../shared/browser';
import { ACTIVITY_KEY, SESSION_KEY, activityTime } from '../../shared/vaultStorage';
import { isQuotaError, ProtocolError } from '../../shared/protocol';
import { t } from '../../shared/i18n';

const SessionSchema = v.object({ vaultId: v.string(), privateKey: v.string() });
export type SessionMaterial = v.InferOutput<typeof SessionSchema>;

/** `storage.session`, read at call time (tests replace the fake browser's areas). */
const area = () => browser.storage.session;

async function get(key: string): Promise<unknown> {
  return (await area().get(key))[key];
}

/**
 * One write to the session area. A full area (its quota) is a QUOTA error that says which storage
 * is full, in the user's language; other failures pass through unchanged.
 */
async function setItems(s: ReturnType<typeof area>, items: Record<string, unknown>): Promise<void> {
  try {
    await s.set(items);
  } catch (err) {
    if (isQuotaError(err)) throw new ProtocolError('QUOTA', t('errSessionFull'));
    throw err;
  }
}

async function set(key: string, value: unknown): Promise<void> {
  await setItems(area(), { [key]: value });
}

/**
 * The stored session: its material, `null` when none is stored, or `'damaged'` when what is stored
 * is not a session (it can unlock nothing; lifecycle.ts removes it).
 */
export async function readSession(): Promise<SessionMaterial | 'damaged' | null> {
  const stored = await get(SESSION_KEY);
  if (stored === undefined) return null;
  const parsed = v.safeParse(SessionSchema, stored);
  return parsed.success ? parsed.output : 'damaged';
}

/**
 * Stores the unlocked session and its first activity time (`now`, ms since the epoch) in one call,
 * after making sure the area is closed to content scripts.
 * @throws what storage.session throws
 */
export async function writeSession(material: SessionMaterial, now: number): Promise<void> {
  const s = area();
  // Belt and braces: TRUSTED_CONTEXTS is Chrome's default, but make sure no one opened the area
  // to content scripts before key material goes in. Firefox has no such method (and never opens it).
  const setAccessLevel = (s as { setAccessLevel?: (o: { accessLevel: string }) => Promise<void> }).setAccessLevel;
  if (typeof setAccessLevel === 'function') {
    try {
      await setAccessLevel.call(s, { accessLevel: 'TRUSTED_CONTEXTS' });
    } catch {
      // Not implemented here (test fakes, other engines): the default level stays, which is the same.
    }
  }
  // One call: the key material and its activity time appear together.
  await setItems(s, { [SESSION_KEY]: material, [ACTIVITY_KEY]: now });
}

/** Lock: forget the key material. */
export async function clearSession(): Promise<void> {
  await area().remove([SESSION_KEY, ACTIVITY_KEY]);
}

/**
 * Other non-key state that must outlive a worker restart but not the browser (the pending clipboard
 * fingerprint: clipboard.ts): the same area, under the caller's own key.
 */
export const sessionValue = {
  get,
  set,
  async remove(key: string): Promise<void> {
    await area().remove(key);
  },
};

/** When our pages last saw user activity (ms since the epoch), or null when none is stored or it is not a time. */
export async function readLastActivity(): Promise<number | null> {
  return activityTime(await get(ACTIVITY_KEY));
}

/** Records user activity at `now` (ms since the epoch). */
export async function writeLastActivity(now: number): Promise<void> {
  await set(ACTIVITY_KEY, now);
}
