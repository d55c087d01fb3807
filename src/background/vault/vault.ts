/**
 * The vault service: its lifecycle (lifecycle.ts: create, unlock, lock, auto-lock, passphrase
 * change, key rotation) and its record operations (keyOps.ts: capture, reveal, rename, delete,
 * notes, restore, match, backups) over one write queue (writeQueue.ts) and one set of rate limits
 * (limits.ts). State lives in storage only (store.ts, session.ts); the queue is the only state in
 * memory. handlers.ts wires one service per worker start to the messages.
 */
import { browser } from '../../shared/browser';
import { STRENGTH_DATA_PATH, createStrengthEstimator, fetchStrengthData, type StrengthVerdict } from '../../shared/strength';
import { MIN_ITERATIONS, PBKDF2_ITERATIONS } from './envelope';
import { createKeyOperations } from './keyOps';
import { createLifecycle, type VaultDeps } from './lifecycle';
import { createLimits } from './limits';
import { prepareAnew } from './store';
import { createWriteQueue } from './writeQueue';

export { AUTOLOCK_ALARM } from './lifecycle';

export interface VaultOptions {
  /** Clock (ms since the epoch), injectable for tests. */
  now?: () => number;
  /**
   * PBKDF2 iterations for new envelopes, and the target an unlock raises an older envelope to
   * (default `PBKDF2_ITERATIONS`, 600,000; tests lower it).
   */
  iterations?: number;
  /** The fewest iterations an envelope may ask for when opened (default `MIN_ITERATIONS`, 100,000; tests lower it). */
  minIterations?: number;
  /**
   * Strength of a new passphrase (default: zxcvbn over the dictionaries the build ships,
   * shared/strength.ts; tests pass the same estimator over the packages on disk).
   */
  strength?: (passphrase: string) => Promise<StrengthVerdict>;
  /** fetch for Cloudcraft's API (default: the global one). */
  fetch?: typeof fetch;
}

/** The default strength estimator: the dictionaries the build wrote into the extension. */
function defaultStrength(): (p: string) => Promise<StrengthVerdict> {
  return createStrengthEstimator(fetchStrengthData(browser.runtime.getURL(STRENGTH_DATA_PATH)));
}

export type VaultService = ReturnType<typeof createVaultService>;

/**
 * The vault of this browser. One per worker start (handlers.ts): it prepares the vault's area anew
 * (closes storage.local, migrates, pins: store.ts) at its first operation. Every method answers a
 * message's result or throws a ProtocolError (see each in lifecycle.ts and keyOps.ts).
 */
export function createVaultService(opts: VaultOptions = {}) {
  const now = opts.now ?? (() => Date.now());
  const exclusive = createWriteQueue();
  const deps: VaultDeps = {
    now,
    iterations: opts.iterations ?? PBKDF2_ITERATIONS,
    minIterations: opts.minIterations ?? MIN_ITERATIONS,
    strength: opts.strength ?? defaultStrength(),
    fetch: opts.fetch,
    exclusive,
    limits: createLimits(now, exclusive),
  };
  prepareAnew();
  const { access, operations } = createLifecycle(deps);
  return { ...operations, ...createKeyOperations(deps, access) };
}
