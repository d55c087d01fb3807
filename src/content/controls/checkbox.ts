/** Checkbox: a native `<input type=checkbox>` (not role=switch) or a `role="checkbox"` element (Radix). */
import { isOperable } from './common';
import { toggleControl } from './toggle';
import type { ControlDriver } from './types';

export const checkbox: ControlDriver = {
  kind: 'checkbox',
  detect(el) {
    const native = el instanceof HTMLInputElement && el.type === 'checkbox' && el.getAttribute('role') !== 'switch';
    if (!native && el.getAttribute('role') !== 'checkbox') return null;
    return isOperable(el) ? toggleControl('checkbox', el) : null;
  },
};
