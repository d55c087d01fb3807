/**
 * Visibility as a user sees it. The hostile replica hides fake secrets with `hidden`,
 * `display:none`, `opacity:0`, `aria-hidden`, or positions them off-screen: none of those may be
 * captured or clicked.
 */

function parentOrHost(n: Element): Element | null {
  if (n.parentElement) return n.parentElement;
  const root = n.getRootNode();
  return root instanceof ShadowRoot ? root.host : null;
}

/**
 * True when `el` is connected, rendered (no ancestor display:none / opacity 0 / aria-hidden /
 * inert / hidden, itself not visibility:hidden), has a rect of at least 2×2 px and is not placed
 * outside the page (left of it, above it, or right of its scrollable width). Below the fold counts
 * as visible: a long page may show the secret after scrolling.
 */
export function isVisible(el: Element): boolean {
  const win = el.ownerDocument?.defaultView;
  if (!el.isConnected || !win) return false;
  for (let n: Element | null = el; n; n = parentOrHost(n)) {
    if (n.hasAttribute('hidden') || n.hasAttribute('inert')) return false;
    if (n.getAttribute('aria-hidden') === 'true') return false;
    const cs = win.getComputedStyle(n);
    if (cs.display === 'none') return false;
    if (n === el && (cs.visibility === 'hidden' || cs.visibility === 'collapse')) return false;
    if (cs.opacity !== '' && Number(cs.opacity) === 0) return false;
  }
  const r = el.getBoundingClientRect();
  if (r.width < 2 || r.height < 2) return false;
  const doc = el.ownerDocument;
  const pageWidth = Math.max(win.innerWidth, doc.documentElement.scrollWidth);
  if (r.right + win.scrollX <= 0 || r.bottom + win.scrollY <= 0 || r.left + win.scrollX >= pageWidth) return false;
  return true;
}
