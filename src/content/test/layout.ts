/**
 * happy-dom has no layout: every getBoundingClientRect() is 0×0, so isVisible() would call the
 * whole page invisible. Tests install this stand-in: each element is a 100×20 box at (10,10),
 * shifted by the inline `left`/`top` of positioned ancestors, so the replica's off-screen decoy
 * (`position:absolute; left:-9999px`) lands off-screen as it does in a browser. Not shipped.
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
        if (!s || (s.position !== 'absolute' && s.position !== 'fixed')) continue;
        const l = parseFloat(s.left);
        const t = parseFloat(s.top);
        if (!Number.isNaN(l)) x += l;
        if (!Number.isNaN(t)) y += t;
      }
      return new DOMRect(x, y, 100, 20);
}
