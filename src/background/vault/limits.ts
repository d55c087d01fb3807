/**
 * Rate limits of the vault, kept in the vault's own area (store.ts: closed `storage.local` or the
 * extension's IndexedDB): out of a content script's reach, and kept across service worker, browser
 * and extension restarts (disable and enable, update). Only uninstalling forgets them, with the vault.
 *
 * - Captures: at most `CAPTURE_LIMIT` accepted captures in any `CAPTURE_WINDOW_MS`, for the whole
 *   extension (a sliding window of the accepted captures' times). One budget, not one per tab: a
 *   compromised Cloudcraft page could otherwise open tabs to fill the vault with junk records.
 * - Passphrase attempts (unlock, change passphrase, rotate, and a backup's passphrase at import):
 *   after `FREE_FAILURES` consecutive wrong passphrases, the next attempt must wait 2^(n−5) s
 *   (n = failures so far), at most `MAX_DELAY_MS`. Each attempt is counted as a failure *before*
 *   the PBKDF2 work starts and forgiven on success, so attempts sent in parallel cannot all slip
 *   through before the first one fails. A backup's passphrase proves nothing about the vault's, so
 *   a successful import forgives nothing.
 *
 * Read-check-write of each counter runs in the vault's write queue (writeQueue.ts): two messages in
 * the same tick cannot both read the old count.
 */
import * as v from 'valibot';
import { ProtocolError } from '../../shared/protocol';
import { t } from '../../shared/i18n';
import { setLocal } from './records';
import { vaultArea } from './store';
import type { WriteQueue } from './writeQueue';

/** Captures a minute for the whole extension: a person saves a few keys a minute at most. */
export const CAPTURE_LIMIT = 10;
export const CAPTURE_WINDOW_MS = 60_000;
export const FREE_FAILURES = 5;
export const MAX_DELAY_MS = 60_000;

export const CAPTURE_LIMIT_KEY = 'limits.capture';
export const UNLOCK_LIMIT_KEY = 'limits.unlock';

/** Times (ms since the epoch) of the captures accepted in the window. */
const CaptureWindowSchema = v.array(v.number());
const UnlockStateSchema = v.object({ failures: v.number(), notBefore: v.number() });
type UnlockState = v.InferOutput<typeof UnlockStateSchema>;

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

async function read(key: string): Promise<unknown> {
  return (await (await vaultArea()).get(key))[key];
}
/** One counter written. @throws ProtocolError QUOTA / INTERNAL (records.ts mapStorageError). */
async function write(key: string, value: unknown): Promise<void> {
  await setLocal({ [key]: value });
}

/** Delay after `failures` consecutive wrong passphrases: none up to 4, then 1 s, 2 s, 4 s… at most 60 s. */
export function failureDelayMs(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(2 ** (failures - FREE_FAILURES) * 1000, MAX_DELAY_MS);
}

export interface PassphraseAttemptOptions {
  /** Forget every failure when the attempt succeeds (default true; false for a backup's passphrase, which is not the vault's). */
  forgive?: boolean;
  /** The caller already runs inside a task of `queue` (default false): the counters are then updated in that task. */
  held?: boolean;
}

export type Limits = ReturnType<typeof createLimits>;

/**
 * The vault's rate limits over its area.
 * @param now clock, ms since the epoch
 * @param queue the vault's write queue (writeQueue.ts), shared with the vault's own writes
 */
export function createLimits(now: () => number, queue: WriteQueue) {
  async function readUnlock(): Promise<UnlockState> {
    const parsed = v.safeParse(UnlockStateSchema, await read(UNLOCK_LIMIT_KEY));
    return parsed.success ? parsed.output : { failures: 0, notBefore: 0 };
  }

  return {
    /**
     * Admits one capture and records it, or refuses with RATE_LIMITED (no more than CAPTURE_LIMIT
     * in CAPTURE_WINDOW_MS). `admit` runs inside the same task of the write queue (the vault checks
     * its record cap and stores the record there, so parallel captures cannot overshoot either);
     * it must not enqueue into the queue itself.
     * @throws ProtocolError RATE_LIMITED, or what `admit` throws (the capture is then not counted)
     */
    capture<T>(admit: () => Promise<T>): Promise<T> {
      return queue(async () => {
        const t0 = now();
        const parsed = v.safeParse(CaptureWindowSchema, await read(CAPTURE_LIMIT_KEY));
        // Only times inside the window (a clock set back leaves none in the future).
        const recent = (parsed.success ? parsed.output : []).filter((at) => at > t0 - CAPTURE_WINDOW_MS && at <= t0);
        if (recent.length >= CAPTURE_LIMIT) {
          await write(CAPTURE_LIMIT_KEY, recent);
          throw new ProtocolError('RATE_LIMITED', t('errCaptureRateLimited', [CAPTURE_LIMIT, seconds(Math.min(...recent) + CAPTURE_WINDOW_MS - t0)]));
        }
        const result = await admit();
        await write(CAPTURE_LIMIT_KEY, [...recent, t0]);
        return result;
      });
    },

    /**
     * Runs one passphrase check (`attempt`, which throws WRONG_PASSPHRASE when wrong) under the
     * throttle: refuses with RATE_LIMITED while a delay is due; counts the attempt as a failure
     * before it runs; forgets every failure when it succeeds, unless `forgive` is false (a
     * backup's passphrase, which is not the vault's). `attempt` runs outside the write queue
     * (PBKDF2 takes a while) unless the caller `held` it already.
     * @throws ProtocolError RATE_LIMITED, or what `attempt` throws (the failure stays counted)
     */
    async passphraseAttempt<T>(attempt: () => Promise<T>, { forgive = true, held = false }: PassphraseAttemptOptions = {}): Promise<T> {
      const counters = held ? <R>(task: () => Promise<R>) => task() : queue;
      let before: UnlockState = { failures: 0, notBefore: 0 };
      await counters(async () => {
        const t0 = now();
        const state = (before = await readUnlock());
        if (t0 < state.notBefore) {
          throw new ProtocolError('RATE_LIMITED', t('errPassphraseRateLimited', seconds(state.notBefore - t0)));
        }
        const failures = state.failures + 1;
        await write(UNLOCK_LIMIT_KEY, { failures, notBefore: t0 + failureDelayMs(failures) });
      });
      const result = await attempt();
      if (forgive) await counters(async () => (await vaultArea()).remove(UNLOCK_LIMIT_KEY));
      else {
        // Not the vault's passphrase: this attempt was not a failure; the earlier ones stay as they were.
        await counters(async () => {
          const state = await readUnlock();
          await write(UNLOCK_LIMIT_KEY, { failures: Math.max(0, state.failures - 1), notBefore: Math.min(state.notBefore, before.notBefore) });
        });
      }
      return result;
    },
  };
}
