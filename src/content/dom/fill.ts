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
