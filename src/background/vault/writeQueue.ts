/**
 * The vault's one write queue: every read-modify-write of the vault's area (header, records, pin,
 * rate-limit counters) runs as a task of it, so two messages arriving in the same tick cannot both
 * read the old value. One queue per vault service (one per worker start: handlers.ts); the vault's
 * operations (lifecycle.ts, keyOps.ts) and its rate limits (limits.ts) share it.
 *
 * The queue is in memory: a worker restart empties it, and also ends every task that was in it.
 * Tasks must not enqueue into the same queue and await the result (that task would wait for itself):
 * code that already runs inside a task says so (limits.ts `held`).
 */

/**
 * Runs `task` once every task queued before it has settled (FIFO), and answers what it answers or
 * throws what it throws. A failed task does not stop the ones after it.
 */
export type WriteQueue = <T>(task: () => Promise<T>) => Promise<T>;

/** A new, empty write queue. */
export function createWriteQueue(): WriteQueue {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}
