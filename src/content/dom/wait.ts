/** Waiting for the page, with a timeout and an AbortSignal. */

export interface WaitOptions {
  /** ms; default 10 000 (the replica's lazy variant mounts the form seconds late). */
  timeout?: number;
  signal?: AbortSignal;
  /** Where mutations are watched; default the document. */
  root?: Node;
}

/**
 * Resolves the first truthy value of `predicate`, checked now, after each batch of DOM mutations
 * (childList, attributes, text) and every 200 ms; resolves `null` on timeout, rejects on abort.
 */
export function waitFor<T>(predicate: () => T | null | undefined | false, opts: WaitOptions = {}): Promise<T | null> {
  const { timeout = 10_000, signal, root = document } = opts;
  return new Promise<T | null>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const first = predicate();
    if (first) return resolve(first);
    let done = false;
    const finish = (value: T | null, err?: unknown) => {
      if (done) return;
      done = true;
      mo.disconnect();
      clearInterval(poll);
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (err !== undefined) reject(err);
      else resolve(value);
    };
    const check = () => {
      if (done) return;
      const v = predicate();
      if (v) finish(v);
    };
    const onAbort = () => finish(null, signal?.reason ?? new Error('aborted'));
    const mo = new MutationObserver(check);
    mo.observe(root, { childList: true, subtree: true, attributes: true, characterData: true });
    const poll = setInterval(check, 200);
    const timer = setTimeout(() => finish(null), timeout);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Resolves once `root` has had no DOM mutation for `quietMs` (default 100 ms), or after `maxMs`
 * (default 1,500 ms) at the latest: lets a framework finish the re-renders a change set off
 * (state held in a closure is only current after them) before the next click that reads it.
 */
export function waitForQuiet(root: Node, opts: { quietMs?: number; maxMs?: number; signal?: AbortSignal } = {}): Promise<void> {
  const { quietMs = 100, maxMs = 1500, signal } = opts;
  return new Promise<void>((resolve) => {
    let timer = setTimeout(done, quietMs);
    const cap = setTimeout(done, maxMs);
    const mo = new MutationObserver(() => {
      clearTimeout(timer);
      timer = setTimeout(done, quietMs);
    });
    mo.observe(root, { childList: true, subtree: true, attributes: true, characterData: true });
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      mo.disconnect();
      clearTimeout(timer);
      clearTimeout(cap);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}
