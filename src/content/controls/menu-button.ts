/**
 * Menu button (WAI-ARIA APG "Menu Button"): a button with `aria-haspopup="menu"` (or "true")
 * opening a `role="menu"` of `menuitemradio` / `menuitem` items; the button shows the current
 * choice. Enter, Space or ArrowDown open it; DOM focus moves onto the items.
 */
import { textOf } from '../dom/aria';
import { controlBox, hiddenFieldValue, isOperable } from './common';
import { popupChoice } from './popup';
import type { ControlDriver } from './types';

export const menuButton: ControlDriver = {
  kind: 'menu-button',
  detect(el) {
    const popup = el.getAttribute('aria-haspopup');
    if ((popup !== 'menu' && popup !== 'true') || el.matches('input,textarea,select') || !isOperable(el)) return null;
    return popupChoice(el, {
      kind: 'menu-button',
      popupRoles: ['menu'],
      itemSelector: '[role="menuitemradio"],[role="menuitem"],[role="menuitemcheckbox"]',
      pointerTarget: () => el,
      keyTarget: () => el as HTMLElement,
      value: () => textOf(el) || null,
      hiddenValue: () => hiddenFieldValue(controlBox(el)),
    });
  },
};
