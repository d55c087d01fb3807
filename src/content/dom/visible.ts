/**
 * Visibility as a user sees it, from layout and CSS only. The hostile replica hides fake secrets
 * with `hidden`, `display:none`, `opacity:0` or off-screen positions: none of those may be
 * captured or clicked.
 *
 * `aria-hidden` and `inert` do not make an element invisible here: component libraries (Material
 * UI's Select, Radix's Select, Headless UI's Listbox, a native modal <dialog>) mark the whole rest
 * of the page, the form included, aria-hidden or inert while their popup is open, and the form is
 * still on screen and still the form.
 */

function parentOrHost(n: Element): Element | null {
  if (n.parentElement) return n.parentElement;
  const root = n.getRootNode();
  return root instanceof ShadowRoot ? root.host : null;
}

/**
 * True when `el` is connected and rendered: no ancestor-or-self `hidden` (the attribute) or
 * `display:none`, no ancestor with opacity 0, and `el` itself not `visibility:hidden`. Neither
 * `el`'s own opacity nor its size is checked: libraries draw a switch or checkbox themselves and
 * keep the real `<input>` on top of it at opacity 0 (Material UI) or clipped to 1×1 px.
 */
export function isRendered(el: Element): boolean {
  const win = el.ownerDocument?.defaultView;
  if (!el.isConnected || !win) return false;
  for (let n: Element | null = el; n; n = parentOrHost(n)) {
    if (n.hasAttribute('hidden')) return false;
    const cs = win.getComputedStyle(n);
    if (cs.display === 'none') return false;
    if (n === el && (cs.visibility === 'hidden' || cs.visibility === 'collapse')) return false;
    if (n !== el && cs.opacity !== '' && Number(cs.opacity) === 0) return false;
  }
  return true;
}

/**
 * True when `el` is connected and laid out at all: no ancestor-or-self `hidden` (the attribute) or
 * `display:none`. Opacity is not looked at: a list that opens fades in from opacity 0 (Ant Design
 * keeps it there until its animation ends), and it is open all the same.
 */
export function isDisplayed(el: Element): boolean {
  const win = el.ownerDocument?.defaultView;
  if (!el.isConnected || !win) return false;
  for (let n: Element | null = el; n; n = parentOrHost(n)) {
    if (n.hasAttribute('hidden') || win.getComputedStyle(n).display === 'none') return false;
  }
  return true;
}

/**
 * True when `el` is rendered (isRendered), not itself at opacity 0, has a rect of at least 2×2 px and is not placed outside
 * the page (left of it, above it, or right of its scrollable width). Below the fold counts as
 * visible: a long page may show the secret after scrolling.
 */
export function isVisible(el: Element): boolean {
  if (!isRendered(el)) return false;
  const win = el.ownerDocument.defaultView!;
  const own = win.getComputedStyle(el).opacity;
  if (own !== '' && Number(own) === 0) return false;
  const r = el.getBoundingClientRect();
  if (r.width < 2 || r.height < 2) return false;
  const doc = el.ownerDocument;
  const pageWidth = Math.max(win.innerWidth, doc.documentElement.scrollWidth);
  if (r.right + win.scrollX <= 0 || r.bottom + win.scrollY <= 0 || r.left + win.scrollX >= pageWidth) return false;
  return true;
}
