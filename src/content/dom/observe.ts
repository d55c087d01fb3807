/**
 * The one DOM observation helper. A single MutationObserver whose callback does O(records) work
 * and coalesces bursts into one `onBatch` per microtask (not requestAnimationFrame: rAF is paused
 * in background tabs, and a tab opened in the background must still detect the UI).
 *
 * Two modes:
 * - wide (no app root known): `body` subtree, childList + the `hidden`/`open`/`aria-hidden`
 *   attributes; only added elements that `interesting()` accepts wake us up.
 * - narrow (`focus(root)`): the root's subtree, plus childList only (no subtree) on each ancestor
 *   up to `body`, which is enough to see the root being removed or replaced; churn elsewhere in the
 *   app (the diagram canvas) no longer reaches the callback at all.
 */

export interface DomWatch {
  /** Narrow observation to `root` and its ancestors, or widen back to the whole body with null. */
  focus(root: Element | null): void;
  /** Run `onBatch` soon (coalesced), e.g. after popstate. */
  poke(): void;
  /** Records delivered so far (for the benchmark and tests). */
  readonly stats: { records: number; batches: number };
}

export interface ObserveOptions {
  doc?: Document;
  signal: AbortSignal;
  /** Cheap test on an added element (and its subtree) while no root is known. */
  interesting(el: Element): boolean;
  onBatch(): void;
}

const WIDE: MutationObserverInit = { childList: true, subtree: true, attributes: true, attributeFilter: ['hidden', 'open', 'aria-hidden'] };

export function observeDom(opts: ObserveOptions): DomWatch {
  const doc = opts.doc ?? document;
  const stats = { records: 0, batches: 0 };
  let root: Element | null = null;
  let scheduled = false;

  const schedule = () => {
    if (scheduled || opts.signal.aborted) return;
    scheduled = true;
    queueMicrotask(() => {
      scheduled = false;
      if (opts.signal.aborted) return;
      stats.batches++;
      opts.onBatch();
    });
  };

  const mo = new MutationObserver((records) => {
    stats.records += records.length;
    if (scheduled) return;
    if (root) return schedule(); // narrow: every record concerns the root or its ancestry
    for (const r of records) {
      // Content under aria-hidden is invisible (isVisible agrees): a hidden, churning canvas costs one check per record.
      if (r.target instanceof Element && r.target.closest('[aria-hidden="true"]')) continue;
      if (r.type === 'attributes') {
        if (r.target instanceof Element && opts.interesting(r.target)) return schedule();
        continue;
      }
      for (const n of r.addedNodes) {
        if (n.nodeType === 1 && opts.interesting(n as Element)) return schedule();
      }
    }
  });

  const attach = () => {
    mo.disconnect();
    const body = doc.body ?? doc.documentElement;
    if (!root || !root.isConnected) {
      root = null;
      mo.observe(body, WIDE);
      return;
    }
    mo.observe(root, { childList: true, subtree: true, attributes: true, characterData: true });
    for (let a = root.parentNode; a; a = a.parentNode) {
      mo.observe(a, { childList: true });
      if (a === body || a === doc) break;
    }
  };

  attach();
  opts.signal.addEventListener('abort', () => mo.disconnect(), { once: true });

  return {
    focus(next) {
      if (opts.signal.aborted || next === root) return;
      root = next;
      attach();
    },
    poke: schedule,
    stats,
  };
}
