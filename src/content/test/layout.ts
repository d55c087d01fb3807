/**
 * happy-dom has no layout: every getBoundingClientRect() is 0×0, so isVisible() would call the
 * whole page invisible. Tests install this stand-in: each element is a 100×20 box at (10,10),
 * shifted by the inline `left`/`top` of positioned ancestors, so the replica's off-screen decoy
 * (`position:absolute; left:-9999px`) lands off-screen as it does in a browser; inside an inline
 * `overflow:hidden` box of zero height or width it is 0×0. Not shipped.
 */
export function installLayout(): () => void {
  const proto = Element.prototype;
  const original = Object.getOwnPropertyDescriptor(proto, 'getBoundingClientRect');
  Object.defineProperty(proto, 'getBoundingClientRect', {
    configurable: true,
    value(this: Element) {
      return rectOf(this);
    },
  });
  return () => {
    if (original) Object.defineProperty(proto, 'getBoundingClientRect', original);
    else delete (proto as { getBoundingClientRect?: unknown }).getBoundingClientRect;
  };
}

function rectOf(el: Element): DOMRect {
      let x = 10;
      let y = 10;
      for (let n: Element | null = el; n; n = n.parentElement) {
        const s = (n as HTMLElement).style;
        // A box clipped to nothing (Ant Design's zero-size accessible copy of its option list).
        if (s && s.overflow === 'hidden' && (s.height === '0px' || s.width === '0px')) return new DOMRect(x, y, 0, 0);
        if (!s || (s.position !== 'absolute' && s.position !== 'fixed')) continue;
        const l = parseFloat(s.left);
        const t = parseFloat(s.top);
        if (!Number.isNaN(l)) x += l;
        if (!Number.isNaN(t)) y += t;
      }
      return new DOMRect(x, y, 100, 20);
}
