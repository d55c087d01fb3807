/**
 * Radio group (WAI-ARIA APG "Radio Group"): `role="radiogroup"`, a <fieldset> of radios, or native
 * radios sharing a name; each option a native `<input type=radio>` (often visually hidden, with a
 * <label>: Mantine's SegmentedControl) or a `role="radio"` element (Headless UI's RadioGroup).
 * Choosing clicks the radio; if that does not check it, Space on the focused radio (inline.ts).
 */
import { isOperable } from './common';
import { inlineChoice } from './inline';
import { readChecked } from './toggle';
import type { ChoiceControl, ControlDriver } from './types';

const RADIO = 'input[type="radio"],[role="radio"]';
const OTHER_CONTROLS = 'input:not([type="radio"]),select,textarea,[role="combobox"],[role="checkbox"],[role="switch"],[aria-haspopup]';

function group(el: Element): { el: Element; radios: () => Element[] } | null {
  if (el.matches('[role="radiogroup"],fieldset')) {
    const radios = () => [...el.querySelectorAll(RADIO)].filter(isOperable);
    if (!radios().length) return null;
    // A <fieldset> is a radio group only when radios are all it holds (not a whole form's fieldset).
    const others = el.matches('fieldset') && [...el.querySelectorAll(OTHER_CONTROLS)].some(isOperable);
    return others ? null : { el, radios };
  }
  // Native radios outside any group element: the ones sharing this radio's name, grouped at their
  // nearest common ancestor.
  if (el instanceof HTMLInputElement && el.type === 'radio' && !el.closest('[role="radiogroup"],fieldset')) {
    const scope = el.form ?? el.ownerDocument;
    const radios = () => [...scope.querySelectorAll('input[type="radio"]')].filter((r) => (r as HTMLInputElement).name === el.name && isOperable(r));
    let common: Element | null = el.parentElement;
    while (common && !radios().every((r) => common!.contains(r))) common = common.parentElement;
    return common ? { el: common, radios } : null;
  }
  return null;
}

export const radioGroup: ControlDriver = {
  kind: 'radio-group',
  detect(el): ChoiceControl | null {
    const g = group(el);
    if (!g || !isOperable(g.el)) return null;
    return inlineChoice({
      kind: 'radio-group',
      el: g.el,
      members: g.radios,
      isSelected: (r) => readChecked(r) === true,
      hiddenValue: (r) => (r as HTMLInputElement | null)?.value ?? null,
    });
  },
};
