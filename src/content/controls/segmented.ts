/**
 * Segmented buttons: a `role="group"` (or toolbar) of toggle buttons with `aria-pressed`, exactly
 * one pressed (Material UI's ToggleButtonGroup with `exclusive`). Choosing clicks a button.
 */
import { ariaState, isOperable } from './common';
import { inlineChoice } from './inline';
import type { ChoiceControl, ControlDriver } from './types';

const buttonsOf = (g: Element) => [...g.querySelectorAll('button[aria-pressed],[role="button"][aria-pressed]')].filter(isOperable);

export const segmented: ControlDriver = {
  kind: 'segmented',
  detect(el): ChoiceControl | null {
    if (!el.matches('[role="group"],[role="toolbar"]') || buttonsOf(el).length < 2 || !isOperable(el)) return null;
    return inlineChoice({
      kind: 'segmented',
      el,
      members: () => buttonsOf(el),
      isSelected: (b) => ariaState(b, 'aria-pressed') === true,
      hiddenValue: () => null,
    });
  },
};
