/** Small pieces every driver shares: states read from ARIA and native properties, and exclusions. */
import { isRendered } from '../dom/visible';

/**
 * Disabled or read-only, natively or by ARIA, on the element or an ancestor fieldset/group. A
 * combobox's `readonly` input is not: it means "choose, do not type" (Mantine's and Ant Design's
 * selects), and the list still opens.
 */
export function isDisabledControl(el: Element): boolean {
  if ((el as HTMLInputElement).disabled === true) return true;
  if ((el as HTMLInputElement).readOnly === true && el.getAttribute('role') !== 'combobox') return true;
  if (el.getAttribute('aria-disabled') === 'true' || el.getAttribute('aria-readonly') === 'true') return true;
  return el.closest('fieldset:disabled,[aria-disabled="true"]') !== null;
}

/** "true" / "false" of an ARIA state, as a boolean; null when absent or "mixed". */
export function ariaState(el: Element, name: 'aria-checked' | 'aria-pressed' | 'aria-selected' | 'aria-expanded'): boolean | null {
  const v = el.getAttribute(name);
  return v === 'true' ? true : v === 'false' ? false : null;
}

/**
 * Whether `el` may be a control a user operates: rendered, not `type=hidden`, not itself
 * `aria-hidden` (libraries keep an aria-hidden native <select> or <input> beside their custom
 * control for forms; the custom control is the one to drive).
 */
export function isOperable(el: Element): boolean {
  if (el instanceof HTMLInputElement && el.type === 'hidden') return false;
  if (el.getAttribute('aria-hidden') === 'true') return false;
  return isRendered(el);
}

/**
 * The value a library keeps in a hidden native field inside `box` (Material UI's aria-hidden
 * <input>, Radix's and Chakra's aria-hidden <select>, an <input type=hidden>): the selected
 * option's text for a select, the value for an input; null when there is none.
 */
export function hiddenFieldValue(box: Element): string | null {
  for (const f of box.querySelectorAll('select,input')) {
    const hidden = (f instanceof HTMLInputElement && f.type === 'hidden') || f.getAttribute('aria-hidden') === 'true' || f.getAttribute('tabindex') === '-1';
    if (!hidden) continue;
    if (f instanceof HTMLSelectElement) {
      const o = f.options[f.selectedIndex];
      if (o) return o.value || o.text;
    } else if ((f as HTMLInputElement).value) return (f as HTMLInputElement).value;
  }
  return null;
}

/**
 * The element that draws a control `el` as one box (an editable combobox's container with its
 * value text and arrow, a select's wrapper with its hidden native field): climbs from `el` while the
 * parent holds no other operable control, no <label> or heading, and not the element that labels
 * `el` (`aria-labelledby`), at most `levels` steps.
 */
export function controlBox(el: Element, levels = 4): Element {
  const doc = el.ownerDocument;
  const labels = (el.getAttribute('aria-labelledby') ?? '')
    .split(/\s+/)
    .map((id) => (id ? doc.getElementById(id) : null))
    .filter((x): x is HTMLElement => x !== null && !el.contains(x));
  let box = el;
  for (let i = 0; i < levels; i++) {
    const p = box.parentElement;
    if (!p || p === doc.body) break;
    if (p.querySelector('label,legend,h1,h2,h3,h4,h5,h6') || labels.some((l) => p.contains(l))) break;
    const others = [...p.querySelectorAll('input,select,textarea,button,[role=combobox],[role=switch],[role=checkbox],[role=radio]')].filter(
      (o) => o !== el && !el.contains(o) && isOperable(o),
    );
    if (others.length > 0) break;
    box = p;
  }
  return box;
}
