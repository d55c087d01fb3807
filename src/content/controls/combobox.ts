/**
 * Editable combobox (WAI-ARIA APG "Combobox"): an `<input role="combobox">` inside a control box
 * that shows the chosen value as text beside the input (react-select, Ant Design's Select) or in the
 * input itself (Mantine's Select). It opens on a mousedown on its box or on ArrowDown; options are
 * `role="option"` elements reached through `aria-controls` / `aria-activedescendant`; Enter
 * chooses the active option.
 */
import { textOf } from '../dom/aria';
import { controlBox, hiddenFieldValue, isOperable } from './common';
import { popupChoice } from './popup';
import type { ControlDriver } from './types';

export const combobox: ControlDriver = {
  kind: 'combobox',
  detect(el) {
    if (!(el instanceof HTMLInputElement) || !isOperable(el)) return null;
    const role = el.getAttribute('role');
    if (role !== 'combobox' && !(el.hasAttribute('aria-autocomplete') && el.getAttribute('aria-haspopup') === 'listbox')) return null;
    const box = controlBox(el);
    return popupChoice(el, {
      kind: 'combobox',
      popupRoles: ['listbox'],
      itemSelector: '[role="option"]',
      pointerTarget: () => el,
      keyTarget: () => el,
      // What a user reads: the input's own text when it shows the value (and nothing is being
      // typed), else the box's text beside it (textOf skips the input), without announcements and
      // without the list itself where a library renders it inside the box (react-select).
      value: () => el.value.trim() || textOf(box, { skipLive: true, skip: '[role="listbox"],[role="option"]' }) || null,
      hiddenValue: () => hiddenFieldValue(box),
    });
  },
};
