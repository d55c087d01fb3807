/**
 * The control drivers, one module per kind of control, and `controlsIn(root)`: every control a
 * user could operate inside `root`, each recognised by the ARIA pattern it implements.
 *
 * Adding a driver: a module exporting a ControlDriver (types.ts), added to DRIVERS before any
 * driver that would claim the same elements, with tests on a real library's markup.
 */
import { checkbox } from './checkbox';
import { combobox } from './combobox';
import { listboxButton } from './listbox-button';
import { menuButton } from './menu-button';
import { nativeSelect } from './native-select';
import { radioGroup } from './radio-group';
import { segmented } from './segmented';
import { switchControl } from './switch';
import type { Control, ControlDriver } from './types';

export * from './types';

/** In the order they are tried on a candidate element. */
export const DRIVERS: readonly ControlDriver[] = [combobox, listboxButton, menuButton, nativeSelect, radioGroup, segmented, switchControl, checkbox];

/** Elements that may be (or hold) a control. */
const CANDIDATES = [
  'select',
  'input[type="radio"]',
  'input[type="checkbox"]',
  '[role="radio"]',
  '[role="radiogroup"]',
  'fieldset',
  '[role="combobox"]',
  '[aria-haspopup]',
  '[role="switch"]',
  '[role="checkbox"]',
  '[role="group"]',
  '[role="toolbar"]',
  '[aria-pressed]',
].join(',');

/** The control `el` is, trying every driver; null when none recognises it. */
export function controlAt(el: Element): Control | null {
  for (const d of DRIVERS) {
    const c = d.detect(el);
    if (c) return c;
  }
  return null;
}

/**
 * Every control inside `root` (and `root` itself), in document order, each element claimed once: a
 * radio group's radios and a segmented group's buttons belong to their group. `skip` excludes
 * subtrees (our own in-page UI).
 */
export function controlsIn(root: Element, skip: (el: Element) => boolean = () => false): Control[] {
  const out: Control[] = [];
  const claimed: Element[] = [];
  const candidates = [...(root.matches(CANDIDATES) ? [root] : []), ...root.querySelectorAll(CANDIDATES)];
  for (const el of candidates) {
    if (skip(el) || claimed.some((c) => c.contains(el))) continue;
    const c = controlAt(el);
    if (!c) continue;
    out.push(c);
    // A group claims its members: its element, or for native radios outside any group element
    // (grouped only by name), the radios of that name.
    if (c.kind === 'segmented' || (c.kind === 'radio-group' && c.el.matches('[role="radiogroup"],fieldset'))) claimed.push(c.el);
    else if (c.kind === 'radio-group' && el instanceof HTMLInputElement) {
      claimed.push(...[...root.ownerDocument.querySelectorAll('input[type="radio"]')].filter((r) => (r as HTMLInputElement).name === el.name));
    } else claimed.push(el);
  }
  return out;
}
