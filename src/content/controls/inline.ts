/**
 * What the inline choice controls share (radio group, segmented buttons): every option is on the
 * page already, one is selected, choosing clicks it (and presses Space on it when the click did not
 * select it: APG "Radio Group" selects the focused radio with Space).
 */
import { accessibleName } from '../dom/aria';
import { click, pressKey, settle } from '../dom/events';
import { isDisabledControl } from './common';
import type { ChoiceControl, ChoiceKind } from './types';

export interface InlineSpec {
  kind: Extract<ChoiceKind, 'radio-group' | 'segmented'>;
  /** The group element (carries the label). */
  el: Element;
  /** The options' elements, in order, as they are now. */
  members(): Element[];
  /** Whether an option is the selected one. */
  isSelected(option: Element): boolean;
  /** A library's internal value for the selected option (a radio's `value`), or null. */
  hiddenValue(selected: Element | null): string | null;
}

export function inlineChoice(spec: InlineSpec): ChoiceControl {
  const selected = () => spec.members().find(spec.isSelected) ?? null;
  const peek = () =>
    spec.members().map((m, index) => ({ el: m, index, text: accessibleName(m), selected: spec.isSelected(m), disabled: isDisabledControl(m) }));
  return {
    kind: spec.kind,
    el: spec.el,
    disabled: () => isDisabledControl(spec.el),
    value: () => {
      const s = selected();
      return s ? accessibleName(s) || null : null;
    },
    hiddenValue: () => spec.hiddenValue(selected()),
    peek,
    options: async () => peek(),
    async choose(option, io) {
      io?.beforeWrite?.();
      click(option.el);
      await settle();
      if (spec.isSelected(option.el)) return;
      io?.beforeWrite?.();
      (option.el as HTMLElement).focus({ preventScroll: true });
      pressKey(option.el, ' ');
      await settle();
    },
    async close() {},
  };
}
