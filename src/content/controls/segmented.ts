/**
 * Segmented buttons: a `role="group"` (or toolbar) of toggle buttons with `aria-pressed`, exactly
 * one pressed (Material UI's ToggleButtonGroup with `exclusive`). Choosing clicks a button.
 */
import { accessibleName } from '../dom/aria';
import { click, settle } from '../dom/events';
import { ariaState, isDisabledControl, isOperable } from './common';
import type { ChoiceControl, ControlDriver } from './types';

const buttonsOf = (g: Element) => [...g.querySelectorAll('button[aria-pressed],[role="button"][aria-pressed]')].filter(isOperable);

export const segmented: ControlDriver = {
  kind: 'segmented',
  detect(el): ChoiceControl | null {
    if (!el.matches('[role="group"],[role="toolbar"]') || buttonsOf(el).length < 2 || !isOperable(el)) return null;
    const pressed = () => buttonsOf(el).find((b) => ariaState(b, 'aria-pressed') === true) ?? null;
    const peek = () => buttonsOf(el).map((b, index) => ({ el: b, index, text: accessibleName(b), selected: ariaState(b, 'aria-pressed') === true, disabled: isDisabledControl(b) }));
    return {
      kind: 'segmented',
      el,
      disabled: () => isDisabledControl(el),
      value: () => {
        const b = pressed();
        return b ? accessibleName(b) || null : null;
      },
      hiddenValue: () => null,
      peek,
      options: async () => peek(),
      async choose(option, io) {
        io?.beforeWrite?.();
        click(option.el);
        await settle();
      },
      async close() {},
    };
  },
};
