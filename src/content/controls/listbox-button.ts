/**
 * Select-only combobox and listbox button (WAI-ARIA APG "Select-Only Combobox", "Listbox"): an
 * element that is not a text field, with `role="combobox"` or `aria-haspopup="listbox"`, showing
 * the chosen option's text and opening a `role="listbox"`. Material UI's Select, Radix's and
 * Chakra's Select triggers, Headless UI's ListboxButton, React Aria's Select button.
 */
import { textOf } from '../dom/aria';
import { controlBox, hiddenFieldValue, isOperable } from './common';
import { popupChoice } from './popup';
import type { ControlDriver } from './types';

export const listboxButton: ControlDriver = {
  kind: 'listbox-button',
  detect(el) {
    if (el.matches('input,textarea,select') || !isOperable(el)) return null;
    if (el.getAttribute('role') !== 'combobox' && el.getAttribute('aria-haspopup') !== 'listbox') return null;
    return popupChoice(el, {
      kind: 'listbox-button',
      popupRoles: ['listbox'],
      itemSelector: '[role="option"]',
      pointerTarget: () => el,
      keyTarget: () => el as HTMLElement,
      // The button shows the value as its text (its label comes from aria-labelledby or a <label>).
      value: () => textOf(el) || null,
      hiddenValue: () => hiddenFieldValue(controlBox(el)),
    });
  },
};
