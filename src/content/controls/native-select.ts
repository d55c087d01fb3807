/**
 * Native `<select>` (single): options are its <option>s; choosing writes the value through the
 * prototype's setter and dispatches input and change, which React's onChange listens to.
 */
import { setNativeValue } from '../dom/fill';
import { settle } from '../dom/events';
import { isDisabledControl, isOperable } from './common';
import type { ChoiceControl, ControlDriver } from './types';

/** The selected option, read through selectedIndex (happy-dom caches a stale `selectedOptions`). */
export function selectedOption(el: HTMLSelectElement): HTMLOptionElement | null {
  return el.options[el.selectedIndex] ?? null;
}

export const nativeSelect: ControlDriver = {
  kind: 'native-select',
  detect(el): ChoiceControl | null {
    if (!(el instanceof HTMLSelectElement) || el.multiple || !isOperable(el)) return null;
    const peek = () => [...el.options].map((o, index) => ({ el: o, index, text: o.text.trim(), selected: o.selected, disabled: o.disabled }));
    return {
      kind: 'native-select',
      el,
      disabled: () => isDisabledControl(el),
      value: () => selectedOption(el)?.text.trim() || null,
      hiddenValue: () => selectedOption(el)?.value ?? null,
      peek,
      options: async () => peek(),
      async choose(option, io) {
        io?.beforeWrite?.();
        setNativeValue(el, (option.el as HTMLOptionElement).value);
        await settle();
      },
      async close() {},
    };
  },
};
