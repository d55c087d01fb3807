/**
 * Switch (WAI-ARIA APG "Switch"): `role="switch"` on a button, div or `<input type=checkbox>`
 * (Material UI, React Aria, Headless UI), read from `checked` or `aria-checked`; or a lone toggle
 * button with `aria-pressed` (a segmented group of them is the segmented driver's).
 */
import { isOperable } from './common';
import { toggleControl } from './toggle';
import type { ControlDriver } from './types';

export const switchControl: ControlDriver = {
  kind: 'switch',
  detect(el) {
    const isSwitch = el.getAttribute('role') === 'switch' || (el.matches('button,[role="button"]') && el.hasAttribute('aria-pressed'));
    return isSwitch && isOperable(el) ? toggleControl('switch', el) : null;
  },
};
