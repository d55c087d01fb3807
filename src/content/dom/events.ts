/**
 * A user's mouse and keyboard, as event sequences. Component libraries listen to different parts of
 * a click (Radix opens its Select on `pointerdown` and chooses on `pointerup`, Material UI opens on
 * `mousedown`, react-select on a `mousedown` of its container, React Aria on pointer down/up within
 * the element's box, native controls on `click`), so we send every part, in the order and with the
 * fields a browser gives them (UI Events; Pointer Events 3, "compatibility mouse events").
 * Synthetic events run no default actions except a click's activation (a checkbox toggles, a submit
 * button submits): the focus change a real `mousedown` causes is done here by hand.
 */

const FOCUSABLE = 'a[href],button,input,select,textarea,summary,[tabindex],[contenteditable=""],[contenteditable="true"]';

/** The element a click on `el` focuses: `el` or its nearest focusable ancestor (not disabled). */
function focusTarget(el: Element): HTMLElement | null {
  const f = el.closest(FOCUSABLE) as HTMLElement | null;
  return f && !(f as HTMLButtonElement).disabled ? f : null;
}

/**
 * Clicks `el` at its centre as a mouse does: pointerover, pointerenter, mouseover, mouseenter,
 * pointermove, mousemove, pointerdown, mousedown, (focus, unless mousedown was cancelled),
 * pointerup, mouseup, click. A cancelled `pointerdown` suppresses the mouse events that follow it but
 * not `click` (Pointer Events 3, section 11). Mouse events carry `detail: 1` (a single click), as
 * libraries treat `detail: 0` clicks as keyboard or screen-reader activations.
 */
export function click(el: Element): void {
  const view = el.ownerDocument.defaultView;
  const r = el.getBoundingClientRect();
  const at = { clientX: r.left + r.width / 2, clientY: r.top + r.height / 2, screenX: r.left + r.width / 2, screenY: r.top + r.height / 2 };
  const base = { bubbles: true, cancelable: true, composed: true, view, ...at, button: 0 };
  const P = typeof PointerEvent === 'function' ? PointerEvent : MouseEvent;
  const ptr = (type: string, buttons: number, extra: object = {}) =>
    el.dispatchEvent(new P(type, { ...base, buttons, pointerId: 1, pointerType: 'mouse', isPrimary: true, width: 1, height: 1, ...extra }));
  const mouse = (type: string, buttons: number, detail: number) => el.dispatchEvent(new MouseEvent(type, { ...base, buttons, detail }));

  ptr('pointerover', 0);
  el.dispatchEvent(new P('pointerenter', { ...base, bubbles: false, pointerId: 1, pointerType: 'mouse', isPrimary: true }));
  mouse('mouseover', 0, 0);
  el.dispatchEvent(new MouseEvent('mouseenter', { ...base, bubbles: false }));
  ptr('pointermove', 0);
  mouse('mousemove', 0, 0);
  const down = ptr('pointerdown', 1, { pressure: 0.5 });
  let focusAllowed = true;
  if (down) focusAllowed = mouse('mousedown', 1, 1);
  if (focusAllowed) {
    const f = focusTarget(el);
    if (f && el.ownerDocument.activeElement !== f) f.focus({ preventScroll: true });
  }
  ptr('pointerup', 0);
  if (down) mouse('mouseup', 0, 1);
  if (el.isConnected) mouse('click', 0, 1);
}

/** Keys the drivers press, with their legacy `keyCode` (older libraries, e.g. rc-select, read `which`). */
const KEY_CODES = { ArrowDown: 40, ArrowUp: 38, Enter: 13, ' ': 32, Escape: 27, Home: 36, End: 35, Tab: 9 } as const;
export type Key = keyof typeof KEY_CODES;

/**
 * Presses `key` on `target` (the focused element, as the browser would send it there): keydown, then
 * keyup. `alt` holds Alt (Alt+ArrowDown opens a combobox without moving: WAI-ARIA APG, Combobox).
 * Returns false when the page cancelled the keydown.
 */
export function pressKey(target: Element, key: Key, opts: { alt?: boolean } = {}): boolean {
  const keyCode = KEY_CODES[key];
  const code = key === ' ' ? 'Space' : key;
  const init = { key, code, keyCode, which: keyCode, bubbles: true, cancelable: true, composed: true, altKey: opts.alt === true, view: target.ownerDocument.defaultView };
  const ok = target.dispatchEvent(new KeyboardEvent('keydown', init));
  target.dispatchEvent(new KeyboardEvent('keyup', init));
  return ok;
}

/**
 * Runs `fn` while no form on the page can be submitted: some libraries submit the enclosing form
 * themselves when Enter reaches their select button (Headless UI's Listbox calls
 * `form.requestSubmit()`), and a key must never be created by a key we press to open a list. A
 * capture-phase listener on the window, first to see any submit, cancels it and stops it there.
 */
export async function withoutSubmit<T>(doc: Document, fn: () => Promise<T>): Promise<T> {
  const win = doc.defaultView;
  const block = (e: Event) => {
    e.preventDefault();
    e.stopImmediatePropagation();
  };
  win?.addEventListener('submit', block, true);
  try {
    return await fn();
  } finally {
    win?.removeEventListener('submit', block, true);
  }
}

/** Where the keyboard types now: the focused element (inside open shadow roots), else `fallback`. */
export function keyboardTarget(fallback: Element): Element {
  let a: Element | null = fallback.ownerDocument.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return a && a !== a.ownerDocument.body ? a : fallback;
}

/**
 * Lets the page's framework re-render after our events. A macrotask, not requestAnimationFrame:
 * rAF does not run in background tabs.
 */
export function settle(ms = 0): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
