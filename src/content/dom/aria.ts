/**
 * Accessible names and visible text: how a user (or a screen reader) identifies controls.
 * Names follow the W3C "Accessible Name and Description Computation" through
 * `dom-accessibility-api` (the implementation Testing Library uses): aria-labelledby with several
 * ids, aria-label, <label for> and wrapping labels, <fieldset>/<legend>, embedded controls, name
 * from content for buttons and options, title.
 */
import { computeAccessibleName } from 'dom-accessibility-api';

const SKIP_TEXT = new Set(['SELECT', 'OPTION', 'TEXTAREA', 'SCRIPT', 'STYLE', 'TEMPLATE', 'INPUT']);

const LIVE = '[aria-live],[role="log"],[role="status"],[role="alert"]';

/**
 * An `aria-hidden` decoration ("▾", an icon). Not one: an element that is also `inert` — a modal
 * library (Headless UI's Dialog) marks the content behind it both ways, and that content (a keys
 * table's cells) is still what the page shows.
 */
const isDecoration = (el: Element) => el.getAttribute('aria-hidden') === 'true' && !el.hasAttribute('inert');

/**
 * Visible text content without form controls' contents (a <label> wrapping a <select> must not
 * read its options) and without `aria-hidden` decorations ("▾" icons) inside `node` (`node` itself
 * is read whatever it is marked: it was asked for). Whitespace collapsed.
 * `skipLive`: also without live regions (react-select keeps "option Read, selected." in one
 * beside its value: an announcement, not the value); `skip`: without elements matching this
 * selector (an open list rendered inside a control's box).
 */
export function textOf(node: Node | null | undefined, opts: { skipLive?: boolean; skip?: string } = {}): string {
  if (!node) return '';
  let out = '';
  const walk = (n: Node) => {
    if (n.nodeType === 3) out += n.nodeValue ?? '';
    else if (n.nodeType === 1) {
      const el = n as Element;
      if (SKIP_TEXT.has(el.tagName) || (el !== node && isDecoration(el))) return;
      if (opts.skipLive && el.matches(LIVE)) return;
      if (opts.skip && el.matches(opts.skip)) return;
      for (const c of el.childNodes) walk(c);
      if (/^(P|DIV|LI|TR|BR|H[1-6])$/.test(el.tagName)) out += ' ';
    }
  };
  walk(node);
  return out.replace(/\s+/g, ' ').trim();
}

/** Elements whose name comes from their content (accname 1.2, "name from content" roles). */
const NAME_FROM_CONTENT = 'button,a[href],summary,h1,h2,h3,h4,h5,h6,[role="button"],[role="link"],[role="option"],[role="menuitem"],[role="menuitemradio"],[role="menuitemcheckbox"],[role="tab"],[role="heading"],[role="radio"],[role="switch"],[role="checkbox"]';
/** Roles that take their name from content, set on a form field (then the full algorithm is needed). */
const FIELD = 'input,select,textarea';

/**
 * The accessible name of `el` (W3C accname 1.2), whitespace collapsed; '' when it has none.
 * Computed even when an ancestor is `aria-hidden` or `inert`: component libraries hide the whole
 * page that way while one of their popups is open, and the controls are still the same controls.
 * An element named by its content and labelled by nothing else (no `aria-labelledby`, no <label>:
 * a button, a link, an option) takes the algorithm's answer for that case directly: `aria-label`,
 * else its text, else `title`. The
 * full computation (label elements, embedded controls, referenced ids) runs for the rest; it reads
 * computed styles node by node, and finders ask for the names of every button on a page.
 */
export function accessibleName(el: Element): string {
  const labelled = el.hasAttribute('aria-labelledby') || ((el as HTMLButtonElement).labels?.length ?? 0) > 0 || el.closest('label') !== null;
  if (!labelled && el.matches(NAME_FROM_CONTENT) && !el.matches(FIELD)) {
    const label = el.getAttribute('aria-label')?.trim();
    if (label) return label.replace(/\s+/g, ' ');
    const text = textOf(el);
    if (text) return text;
    return el.getAttribute('title')?.trim() ?? '';
  }
  try {
    return computeAccessibleName(el).replace(/\s+/g, ' ').trim();
  } catch {
    // A detached node or a document without a window (never in a live page): fall back to text.
    return textOf(el);
  }
}

/** The label of a form control or group: its accessible name (kept as its own name for readers of finders). */
export const labelOf = accessibleName;
