/** Accessible names and visible text, the way a user (or a screen reader) identifies controls. */

const SKIP_TEXT = new Set(['SELECT', 'OPTION', 'TEXTAREA', 'SCRIPT', 'STYLE', 'TEMPLATE', 'INPUT']);

/** Text content without form controls' contents (a <label> wrapping a <select> must not read its options). */
export function textOf(node: Node | null | undefined): string {
  if (!node) return '';
  let out = '';
  const walk = (n: Node) => {
    if (n.nodeType === 3) out += n.nodeValue ?? '';
    else if (n.nodeType === 1) {
      const el = n as Element;
      if (SKIP_TEXT.has(el.tagName) || el.getAttribute('aria-hidden') === 'true') return;
      for (const c of el.childNodes) walk(c);
      if (/^(P|DIV|LI|TR|BR|H[1-6])$/.test(el.tagName)) out += ' ';
    }
  };
  walk(node);
  return out.replace(/\s+/g, ' ').trim();
}

function byIds(el: Element, ids: string): string {
  const doc = el.ownerDocument;
  return ids
    .split(/\s+/)
    .map((id) => (id ? textOf(doc.getElementById(id)) : ''))
    .filter(Boolean)
    .join(' ');
}

/** The label of a form control or group (aria-labelledby, aria-label, <label>, <legend>), without falling back to content. */
export function labelOf(el: Element): string {
  const lb = el.getAttribute('aria-labelledby');
  if (lb) {
    const t = byIds(el, lb);
    if (t) return t;
  }
  const al = el.getAttribute('aria-label');
  if (al?.trim()) return al.trim();
  const labels = (el as HTMLInputElement).labels;
  if (labels && labels.length) return [...labels].map((l) => textOf(l)).join(' ').trim();
  const wrapping = el.closest('label');
  if (wrapping) return textOf(wrapping);
  if (el.tagName === 'FIELDSET') {
    const legend = el.querySelector(':scope > legend');
    if (legend) return textOf(legend);
  }
  return '';
}

/** Accessible name: the label, else (buttons, options, headings, links) the text content, else title. */
export function accessibleName(el: Element): string {
  return labelOf(el) || textOf(el) || el.getAttribute('title')?.trim() || '';
}
