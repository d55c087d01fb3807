/**
 * Rate limits of the vault, kept in `storage.session` (memory only, not readable by content
 * scripts): a service worker restart does not reset them, a browser restart does.
 *
 * - Captures: at most `CAPTURE_LIMIT` accepted captures per tab in any `CAPTURE_WINDOW_MS` (a
 *   sliding window of the accepted captures' times, per `sender.tab.id`). A compromised Cloudcraft
 *   page could otherwise fill storage.local with junk records.
 * - Passphrase attempts: after `FREE_FAILURES` consecutive wrong passphrases, the next attempt must
 *   wait 2^(n−5) s (n = failures so far), at most `MAX_DELAY_MS`. Each attempt is counted as a
 *   failure *before* the PBKDF2 work starts and forgiven on success, so attempts sent in parallel
 *   cannot all slip through before the first one fails.
 *
 * Read-check-write of each counter runs in an in-memory queue: two messages in the same tick cannot
 * both read the old count. (A worker restart empties the queue, but also ends every attempt in it.)
 */
import * as v from 'valibot';
import { ProtocolError } from '../../shared/messages';
import { sessionValue } from './session';

export const CAPTURE_LIMIT = 10;
export const CAPTURE_WINDOW_MS = 60_000;
export const FREE_FAILURES = 5;
export const MAX_DELAY_MS = 60_000;

export const CAPTURE_LIMIT_KEY = 'limits.capture';
export const UNLOCK_LIMIT_KEY = 'limits.unlock';

const CaptureWindowSchema = v.record(v.string(), v.array(v.number()));
const UnlockStateSchema = v.object({ failures: v.number(), notBefore: v.number() });
type UnlockState = v.InferOutput<typeof UnlockStateSchema>;

function serial() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/** Delay after `failures` consecutive wrong passphrases: none up to 4, then 1 s, 2 s, 4 s… at most 60 s. */
export function failureDelayMs(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(2 ** (failures - FREE_FAILURES) * 1000, MAX_DELAY_MS);
}

export function createLimits(now: () => number) {
  const captureQueue = serial();
  const unlockQueue = serial();

  async function readUnlock(): Promise<UnlockState> {
    const parsed = v.safeParse(UnlockStateSchema, await sessionValue.get(UNLOCK_LIMIT_KEY));
    return parsed.success ? parsed.output : { failures: 0, notBefore: 0 };
  }

  return {
    /**
     * Admits one capture from `tab` (its tab id; content-script captures always have one) and
     * records it, or refuses with RATE_LIMITED. `admit` runs inside the same critical section (the
     * vault checks its record cap there, so parallel captures cannot overshoot it either).
     */
    capture<T>(tab: number | undefined, admit: () => Promise<T>): Promise<T> {
      return captureQueue(async () => {
        const t = now();
        const parsed = v.safeParse(CaptureWindowSchema, await sessionValue.get(CAPTURE_LIMIT_KEY));
        const all = parsed.success ? parsed.output : {};
        // Keep only times inside the window (and only tabs that have some).
        const window: Record<string, number[]> = {};
        for (const [k, times] of Object.entries(all)) {
          const recent = times.filter((at) => at > t - CAPTURE_WINDOW_MS && at <= t);
          if (recent.length > 0) window[k] = recent;
        }
        const key = String(tab ?? 'none');
        const mine = window[key] ?? [];
        if (mine.length >= CAPTURE_LIMIT) {
          await sessionValue.set(CAPTURE_LIMIT_KEY, window);
          const wait = Math.min(...mine) + CAPTURE_WINDOW_MS - t;
          throw new ProtocolError(
            'RATE_LIMITED',
            `Not saved: more than ${CAPTURE_LIMIT} keys were captured in this tab within a minute. Copy this key from Cloudcraft now, or try again in ${seconds(wait)} s.`,
          );
        }
        const result = await admit();
        window[key] = [...mine, t];
        await sessionValue.set(CAPTURE_LIMIT_KEY, window);
        return result;
      });
    },

    /**
     * Runs one passphrase check (`attempt`, which throws WRONG_PASSPHRASE when wrong) under the
     * throttle: refuses with RATE_LIMITED while a delay is due; counts the attempt as a failure
     * before it runs; forgets every failure when it succeeds.
     */
    async passphraseAttempt<T>(attempt: () => Promise<T>): Promise<T> {
      await unlockQueue(async () => {
        const t = now();
        const state = await readUnlock();
        if (t < state.notBefore) {
          throw new ProtocolError('RATE_LIMITED', `Too many wrong passphrases: try again in ${seconds(state.notBefore - t)} s.`);
        }
        const failures = state.failures + 1;
        await sessionValue.set(UNLOCK_LIMIT_KEY, { failures, notBefore: t + failureDelayMs(failures) });
      });
      const result = await attempt();
      // A right passphrase: forget the failures (those counted for attempts still running too).
      await unlockQueue(() => sessionValue.remove(UNLOCK_LIMIT_KEY));
      return result;
    },
  };
}
