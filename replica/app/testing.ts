/**
 * Helpers for DOM tests that mount the replica (happy-dom or jsdom): user-like events that React
 * registers, and polling, since React renders asynchronously.
 */

/** Polls `fn` every 5 ms until it returns a truthy value (returned) or throws after `timeoutMs`. */
export async function waitFor<T>(fn: () => T | null | undefined | false, timeoutMs = 2000, what = 'condition'): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Sets a text input's value as a user would: native setter, then input + change events. */
export function typeInto(input: HTMLInputElement, value: string): void {
  input.focus();
  const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(input) as object, 'value')?.set;
  if (setter) setter.call(input, value);
  else input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

/** Chooses a <select> option by value: native setter, then input + change events. */
export function chooseOption(select: HTMLSelectElement, value: string): void {
  const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(select) as object, 'value')?.set;
  if (setter) setter.call(select, value);
  else select.value = value;
  select.dispatchEvent(new Event('input', { bubbles: true }));
  select.dispatchEvent(new Event('change', { bubbles: true }));
}

/** A primary-button pointerdown, as custom listboxes expect (they ignore click). */
export function pointerDown(el: Element): void {
  const P = typeof PointerEvent === 'function' ? PointerEvent : MouseEvent;
  el.dispatchEvent(new P('pointerdown', { bubbles: true, cancelable: true, composed: true, button: 0 }));
}

/** Elements matching `selector` whose trimmed text is exactly `text`. */
export function byText<E extends Element = HTMLElement>(root: ParentNode, selector: string, text: string): E[] {
  return Array.from(root.querySelectorAll<E>(selector)).filter((e) => (e.textContent ?? '').trim() === text);
}

/** The single element matching `selector` with text `text`; throws when none or several. */
export function getByText<E extends Element = HTMLElement>(root: ParentNode, selector: string, text: string): E {
  const found = byText<E>(root, selector, text);
  if (found.length !== 1) throw new Error(`Expected one ${selector} with text "${text}", found ${found.length}`);
  return found[0] as E;
}

/** The form control labelled `label` (label[for], aria-labelledby, or a wrapping label). */
export function getByLabel<E extends Element = HTMLElement>(root: ParentNode, label: string): E {
  const doc = (root as Node).ownerDocument ?? (root as Document);
  for (const l of Array.from(root.querySelectorAll('label'))) {
    if ((l.textContent ?? '').trim() !== label) continue;
    const forId = l.getAttribute('for');
    if (forId) {
      const el = doc.getElementById(forId);
      if (el) return el as unknown as E;
    }
    const inner = l.querySelector('input, select, textarea, button');
    if (inner) return inner as unknown as E;
  }
  for (const el of Array.from(root.querySelectorAll('[aria-labelledby]'))) {
    const ids = (el.getAttribute('aria-labelledby') ?? '').split(/\s+/);
    const text = ids.map((id) => doc.getElementById(id)?.textContent?.trim() ?? '').join(' ');
    if (text === label) return el as E;
  }
  const aria = Array.from(root.querySelectorAll('[aria-label]')).find((e) => e.getAttribute('aria-label') === label);
  if (aria) return aria as E;
  throw new Error(`No control labelled "${label}"`);
}
