/** Waiting in e2e tests: a pause, and polling until something holds. */

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Polls `fn` every 100 ms until it returns a value that is not undefined/false, and returns it.
 * An exception counts as "not yet" (and is named in the timeout's message).
 * @throws Error "Timed out waiting for <what>" after `timeoutMs` ms.
 */
export async function until<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined && v !== false) return v as T;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await sleep(100);
  }
}
