/**
 * Filling that imitates a user, so framework-controlled inputs (React) register the change.
 * React tracks an input's value through an instance-level `value` property; a bare `.value = x`
 * updates that tracker too, so React sees "no change" and reverts. Writing through the
 * prototype's setter and dispatching the events a user's typing causes makes React's onChange fire.
 */

type ValueElement = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

function protoValueSetter(el: ValueElement): ((v: string) => void) | undefined {
  for (let p: object | null = Object.getPrototypeOf(el); p; p = Object.getPrototypeOf(p)) {
    const d = Object.getOwnPropertyDescriptor(p, 'value');
    if (d?.set) return d.set;
  }
  return undefined;
}

/** Writes `value` through the prototype's setter, then dispatches bubbling `input` and `change`. */
export function setNativeValue(el: ValueElement, value: string): void {
  el.focus?.();
  const set = protoValueSetter(el);
  if (set) set.call(el, value);
  else el.value = value;
  el.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  el.dispatchEvent(new Event('change', { bubbles: true }));
}

/** A user's click: focus, then `click()` (toggles checkboxes/radios with their input/change events). */
export function realClick(el: Element): void {
  (el as HTMLElement).focus?.();
  (el as HTMLElement).click();
}

/**
 * The full pointer sequence of a mouse click: pointerdown, mousedown, pointerup, mouseup, click.
 * Custom listboxes often open on pointerdown only and ignore `click()` (cloudcraft-ui.md: "may open
 * on pointer events only"). As in browsers, a cancelled pointerdown suppresses the mouse compat events.
 */
export function pointerSequence(el: Element): void {
  const r = el.getBoundingClientRect();
  const common = { bubbles: true, cancelable: true, composed: true, clientX: r.left + r.width / 2, clientY: r.top + r.height / 2, button: 0 };
  const P = typeof PointerEvent === 'function' ? PointerEvent : MouseEvent;
  const ptr = { ...common, pointerId: 1, pointerType: 'mouse', isPrimary: true };
  (el as HTMLElement).focus?.();
  const down = el.dispatchEvent(new P('pointerdown', { ...ptr, buttons: 1 }));
  if (down) el.dispatchEvent(new MouseEvent('mousedown', { ...common, buttons: 1 }));
  el.dispatchEvent(new P('pointerup', { ...ptr, buttons: 0 }));
  if (down) el.dispatchEvent(new MouseEvent('mouseup', { ...common, buttons: 0 }));
  el.dispatchEvent(new MouseEvent('click', { ...common, buttons: 0 }));
}

/**
 * Lets the page's framework re-render after our events. A macrotask, not requestAnimationFrame:
 * rAF does not run in background tabs.
 */
export function settle(ms = 0): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
