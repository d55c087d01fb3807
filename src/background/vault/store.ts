/**
 * Where the vault lives, out of the content script's reach, and its pin.
 *
 * A content script shares the renderer of app.cloudcraft.co, and code running in its world (a
 * compromised renderer) can call whatever extension API the content script may call. By default
 * that includes `storage.local` (Chrome storage docs, `setAccessLevel`: "By default, session storage
 * is restricted to trusted contexts … while managed, local, and sync storage allow access from both
 * trusted and untrusted contexts"; Firefox the same). So the vault's header, records and throttle
 * state live:
 * - in `storage.local` closed with `setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' })` where the
 *   browser accepts it for that area (Chromium 156 does, and then answers a content script's get,
 *   set, remove and clear with "Access to storage is not allowed from this context.");
 * - otherwise (Firefox: no `setAccessLevel`) in IndexedDB on the extension's origin (shared/kvArea.ts),
 *   which a content script, running in the page's origin, never sees.
 * The worker closes `storage.local` again at every start (Chromium keeps the level in the profile's
 * preferences, but an extension reloaded or reinstalled starts open again).
 *
 * The pin: the vault's id and the SHA-256 of its public key, always in IndexedDB (never reachable
 * from a page, even before `setAccessLevel` took effect). Captures seal only to a header that
 * matches it (keyOps.ts capture), so a header replaced in storage cannot make them seal to someone else's
 * key. It is written with the header: at create, key rotation, import into an empty browser, and
 * once for a vault stored before pins existed (trust on first use, at the migration below). An
 * unlock re-pins a header the passphrase opened, unless that header's id was retired by a rotation.
 *
 * Migration from format 1 (everything in `storage.local`, throttles in `storage.session`), in one
 * step at the first worker start of this version:
 * - Chromium: the data stays where it is, closed; the header is pinned.
 * - Firefox: header and records are copied into IndexedDB with the pin in one transaction, then
 *   removed from `storage.local`. A worker stopped in between finds them in IndexedDB next time
 *   and only removes the copies left in `storage.local`.
 * Throttle counters kept in `storage.session` by format 1 are not carried over (they reset once).
 */
import * as v from 'valibot';
import { browser } from '../../shared/browser';
import { indexedDbArea, storageLocalArea, type KeyValueArea } from '../../shared/kvArea';
import { META_KEY } from '../../shared/vaultStorage';
import { fromBase64, toBase64 } from './encoding';

export const RECORD_PREFIX = 'vault.rec.';
/** IndexedDB (always): `{ version, vaultId, publicKeySha256, retired }`. */
export const PIN_KEY = 'vault.pin';
/** Keys of the vault area that are vault data (moved by the migration). */
export const isVaultKey = (k: string) => k === META_KEY || k.startsWith(RECORD_PREFIX) || k.startsWith('limits.');
/** Retired vault ids kept in the pin (a rotation retires one): the last 50 are enough to refuse an old header put back. */
const MAX_RETIRED = 50;

const PinSchema = v.object({
  version: v.literal(1),
  vaultId: v.string(),
  /** base64 SHA-256 of the public key's SPKI bytes. */
  publicKeySha256: v.string(),
  /** Ids of vaults this one replaced by rotation: their headers must never be pinned again. */
  retired: v.array(v.string()),
});
export type Pin = v.InferOutput<typeof PinSchema>;

type Closable = { setAccessLevel?: (o: { accessLevel: string }) => Promise<void> };

/**
 * Closes `storage.local` to content scripts. @returns whether the browser accepted it (false: no
 * such method, as in Firefox, or the browser refused it for this area).
 */
export async function closeStorageLocal(): Promise<boolean> {
  const local = browser.storage.local as Closable;
  if (typeof local.setAccessLevel !== 'function') return false;
  try {
    await local.setAccessLevel.call(local, { accessLevel: 'TRUSTED_CONTEXTS' });
    return true;
  } catch {
    return false;
  }
}

/** base64 SHA-256 of a base64 SPKI public key's bytes. */
export async function publicKeyDigest(publicKeyB64: string): Promise<string> {
  return toBase64(new Uint8Array(await crypto.subtle.digest('SHA-256', fromBase64(publicKeyB64))));
}

const pinArea = () => indexedDbArea();

export async function readPin(): Promise<Pin | null> {
  const parsed = v.safeParse(PinSchema, (await pinArea().get(PIN_KEY))[PIN_KEY]);
  return parsed.success ? parsed.output : null;
}

/** The pin for `meta`, retiring the id pinned so far when it is another vault's. */
export async function pinFor(meta: { id: string; publicKey: string }, previous: Pin | null): Promise<Pin> {
  const retired = previous ? [...previous.retired] : [];
  if (previous && previous.vaultId !== meta.id && !retired.includes(previous.vaultId)) retired.push(previous.vaultId);
  return { version: 1, vaultId: meta.id, publicKeySha256: await publicKeyDigest(meta.publicKey), retired: retired.slice(-MAX_RETIRED) };
}

/** Whether `meta` is the pinned header: same id, same public key digest. */
export async function matchesPin(meta: { id: string; publicKey: string }, pin: Pin | null): Promise<boolean> {
  return pin !== null && pin.vaultId === meta.id && pin.publicKeySha256 === (await publicKeyDigest(meta.publicKey));
}

/**
 * Writes vault items and, when given, the pin: in one transaction where the vault lives in
 * IndexedDB too, else the vault items first (one storage.local call) and the pin right after. A
 * failure between the two leaves a newer header than its pin, which the next unlock re-pins.
 */
export async function writeWithPin(area: KeyValueArea, items: Record<string, unknown>, pin: Pin | null): Promise<void> {
  if (pin && area.kind === 'indexeddb') return area.set({ ...items, [PIN_KEY]: pin });
  if (Object.keys(items).length > 0) await area.set(items);
  if (pin) await pinArea().set({ [PIN_KEY]: pin });
}

let prepared: Promise<KeyValueArea> | null = null;

/**
 * The vault's area: `storage.local` once closed, else IndexedDB; migrated and pinned (see above).
 * Prepared once per vault service (one per worker start), then reused.
 * @throws what storage throws (the next call tries again).
 */
export function vaultArea(): Promise<KeyValueArea> {
  if (!prepared) {
    prepared = prepare();
    prepared.catch(() => (prepared = null));
  }
  return prepared;
}

/** Makes the next vaultArea() prepare again: a new vault service (a new worker) starts here. */
export function prepareAnew(): void {
  prepared = null;
}

async function prepare(): Promise<KeyValueArea> {
  if (await closeStorageLocal()) {
    const local = storageLocalArea();
    const idb = indexedDbArea();
    // A vault this browser kept in IndexedDB while it refused to close storage.local (an older
    // Chrome) stays there: it is out of reach too, and moving it would be one more write to lose.
    if ((await local.get(META_KEY))[META_KEY] === undefined && (await idb.get(META_KEY))[META_KEY] !== undefined) {
      await pinIfUnpinned(idb);
      return idb;
    }
    await pinIfUnpinned(local);
    return local;
  }
  const idb = indexedDbArea();
  await moveFromStorageLocal(idb);
  await pinIfUnpinned(idb);
  return idb;
}

/** Pins a header stored before pins existed (trust on first use); leaves an existing pin alone. */
async function pinIfUnpinned(area: KeyValueArea): Promise<void> {
  if (await readPin()) return;
  const meta = (await area.get(META_KEY))[META_KEY] as { id?: unknown; publicKey?: unknown } | undefined;
  if (typeof meta?.id !== 'string' || typeof meta.publicKey !== 'string') return;
  try {
    await pinArea().set({ [PIN_KEY]: await pinFor({ id: meta.id, publicKey: meta.publicKey }, null) });
  } catch {
    // Not base64: a damaged header is reported by readMeta; nothing to pin.
  }
}

/** Firefox: the format-1 vault in storage.local moves into IndexedDB (see the module comment). */
async function moveFromStorageLocal(idb: KeyValueArea): Promise<void> {
  const local = storageLocalArea();
  const keys = (await local.getKeys()).filter(isVaultKey);
  if (keys.length === 0) return;
  const old = await local.get(keys);
  const here = (await idb.get(META_KEY))[META_KEY] as { id?: unknown } | undefined;
  const oldMeta = old[META_KEY] as { id?: unknown; publicKey?: unknown } | undefined;
  if (here === undefined) {
    const pin = typeof oldMeta?.id === 'string' && typeof oldMeta.publicKey === 'string' ? await pinFor({ id: oldMeta.id, publicKey: oldMeta.publicKey }, await readPin()).catch(() => null) : null;
    await idb.set(pin ? { ...old, [PIN_KEY]: pin } : old);
  } else if (oldMeta !== undefined && oldMeta.id !== here.id) {
    // Another vault in each place: keep both as they are rather than lose either.
    return;
  }
  await local.remove(keys);
}
