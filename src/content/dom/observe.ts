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
  /** aria-hidden subtrees currently left out of wide observation. */
  readonly excluded: ReadonlySet<Element>;
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

  const HIDDEN = '[aria-hidden="true"]';
  /**
   * aria-hidden subtrees skipped in wide mode (e.g. a busy diagram canvas). A subtree observer on
   * an ancestor of churning content costs Blink bookkeeping per node (transient observers on every
   * removed node) even when our callback returns at once; so the wide observer is re-attached
   * around these subtrees: their ancestors with childList only, every other branch with subtree.
   * What is under aria-hidden is invisible anyway (isVisible agrees); un-hiding re-includes it.
   */
  const excluded = new Set<Element>();
  /** Nodes observed without subtree in wide mode (body and the ancestors of excluded subtrees). */
  let pathNodes = new Set<Node>();

  const outermostHidden = (t: Node): Element | null => {
    let h = (t instanceof Element ? t : t.parentElement)?.closest(HIDDEN) ?? null;
    for (let up = h?.parentElement?.closest(HIDDEN) ?? null; up; up = up.parentElement?.closest(HIDDEN) ?? null) h = up;
    const body = doc.body ?? doc.documentElement;
    return h && h !== body && h !== doc.documentElement ? h : null;
  };

  const mo = new MutationObserver((records) => {
    stats.records += records.length;
    if (root) {
      if (!scheduled) schedule(); // narrow: every record concerns the root or its ancestry
      return;
    }
    let reattach = false;
    let wake = false;
    for (const r of records) {
      if (r.type === 'attributes' && r.attributeName === 'aria-hidden' && excluded.has(r.target as Element)) {
        if ((r.target as Element).getAttribute('aria-hidden') !== 'true') {
          excluded.delete(r.target as Element); // un-hidden: watch it again, and look at it now
          reattach = wake = true;
        }
        continue;
      }
      if (r.type === 'childList' && pathNodes.has(r.target)) reattach = true; // new branches need their own subtree observation
      const hidden = outermostHidden(r.target);
      if (hidden) {
        if (!excluded.has(hidden)) {
          excluded.add(hidden);
          reattach = true;
        }
        continue;
      }
      if (wake || scheduled) continue;
      if (r.type === 'attributes') {
        if (r.target instanceof Element && opts.interesting(r.target)) wake = true;
        continue;
      }
      for (const n of r.addedNodes) {
        if (n.nodeType === 1 && opts.interesting(n as Element)) {
          wake = true;
          break;
        }
      }
    }
    if (reattach) attach();
    if (wake) schedule();
  });

  const attachWide = (body: HTMLElement) => {
    for (const e of excluded) if (!e.isConnected || !body.contains(e) || e.getAttribute('aria-hidden') !== 'true') excluded.delete(e);
    pathNodes = new Set<Node>();
    if (excluded.size === 0) {
      mo.observe(body, WIDE);
      return;
    }
    for (const e of excluded) for (let a = e.parentElement; a && a !== body; a = a.parentElement) pathNodes.add(a);
    pathNodes.add(body);
    const PATH: MutationObserverInit = { childList: true, attributes: true, attributeFilter: WIDE.attributeFilter ?? [] };
    const walk = (n: Element) => {
      if (excluded.has(n)) mo.observe(n, { attributes: true, attributeFilter: ['aria-hidden'] });
      else if (pathNodes.has(n)) {
        mo.observe(n, PATH);
        for (const c of n.children) walk(c);
      } else mo.observe(n, WIDE);
    };
    walk(body);
  };

  const attach = () => {
    mo.disconnect();
    const body = doc.body ?? doc.documentElement;
    if (!root || !root.isConnected) {
      root = null;
      attachWide(body);
      return;
    }
    pathNodes = new Set<Node>();
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
    excluded,
  };
}
