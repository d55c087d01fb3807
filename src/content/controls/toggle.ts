/** What checkbox and switch drivers share: read on/off, flip with a click (Space as a fallback). */
import { click, pressKey, settle } from '../dom/events';
import { ariaState, isDisabledControl } from './common';
import type { DriveIo, ToggleControl, ToggleKind } from './types';

/** On/off of a native checkbox (`checked`), else `aria-checked`, else `aria-pressed`. */
export function readChecked(el: Element): boolean | null {
  if (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')) return el.indeterminate ? null : el.checked;
  return ariaState(el, 'aria-checked') ?? ariaState(el, 'aria-pressed');
}

export function toggleControl(kind: ToggleKind, el: Element): ToggleControl {
  return {
    kind,
    el,
    disabled: () => isDisabledControl(el),
    checked: () => readChecked(el),
    async toggle(io?: DriveIo) {
      const before = readChecked(el);
      io?.beforeWrite?.();
      // A click: a native checkbox toggles by its activation behaviour (visually hidden inputs
      // included), a role=switch/checkbox button by its click handler.
      click(el);
      await settle();
      if (readChecked(el) !== before || el instanceof HTMLInputElement) return;
      // Space toggles a focused switch or checkbox (APG "Switch", "Checkbox").
      io?.beforeWrite?.();
      (el as HTMLElement).focus({ preventScroll: true });
      pressKey(el, ' ');
      await settle();
    },
  };
}
