/**
 * What the three popup patterns of the WAI-ARIA Authoring Practices share (APG "Select-Only
 * Combobox", "Combobox", "Listbox", "Menu Button"): a control that opens a listbox or menu, often
 * rendered in a portal at the end of <body>, whose options are found through the control's
 * `aria-controls` / `aria-owns` / `aria-activedescendant`; a user opens it with the pointer or the
 * keyboard (ArrowDown, Alt+ArrowDown, Enter, Space) and chooses with a click, or with the arrows and
 * Enter on the active option.
 */
import { accessibleName, textOf } from '../dom/aria';
import { click, keyboardTarget, pressKey, settle, withoutSubmit, type Key } from '../dom/events';
import { isDisplayed, isVisible } from '../dom/visible';
import { waitFor } from '../dom/wait';
import { ariaState, isDisabledControl } from './common';
import { ControlError, type ChoiceControl, type ChoiceKind, type ControlOption, type DriveIo } from './types';

export interface PopupSpec {
  kind: Extract<ChoiceKind, 'listbox-button' | 'combobox' | 'menu-button'>;
  /** Roles of the popup element: ['listbox'] or ['menu']. */
  popupRoles: readonly string[];
  /** Selector of its items: '[role=option]' or the menu item roles. */
  itemSelector: string;
  /** Where the pointer opens it (the control, or an editable combobox's container). */
  pointerTarget(): Element;
  /** Where the keyboard opens it (the element that takes focus). */
  keyTarget(): HTMLElement;
  /** The value as the control shows it. */
  value(): string | null;
  hiddenValue(): string | null;
}

const ACTIVE_SCAN_LIMIT = 50;

function idsOf(el: Element, attr: string): Element[] {
  const doc = el.ownerDocument;
  return (el.getAttribute(attr) ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .map((id) => doc.getElementById(id))
    .filter((x): x is HTMLElement => x !== null);
}

const roleSel = (roles: readonly string[]) => roles.map((r) => `[role="${r}"]`).join(',');

/** Every element in `doc` with one of `roles` (a snapshot taken before opening, to tell new popups). */
export function popupsNow(doc: Document, roles: readonly string[]): Set<Element> {
  return new Set(doc.querySelectorAll(roleSel(roles)));
}

/**
 * The popup `control` has open, or null: the element its `aria-controls`/`aria-owns` name (or
 * that names it back, `aria-labelledby`), the popup holding its `aria-activedescendant`, else the
 * last rendered popup of these roles that appeared since `before` (libraries portal their lists to
 * the end of <body>); none while the control says `aria-expanded="false"`. Size is not required: some libraries keep an accessible list of zero size
 * beside the visible one.
 */
export function findPopup(control: Element, roles: readonly string[], itemSelector: string, before: Set<Element> | null): Element | null {
  // The control says its popup is closed (APG: aria-expanded mirrors it): whatever list is still
  // in the DOM is a leftover.
  if (control.getAttribute('aria-expanded') === 'false') return null;
  const sel = roleSel(roles);
  const hasItems = (p: Element) => p.querySelector(itemSelector) !== null;
  const holders = [control, ...(control.matches('input') ? [] : control.querySelectorAll('input[role=combobox]'))];
  for (const h of holders) {
    for (const p of [...idsOf(h, 'aria-controls'), ...idsOf(h, 'aria-owns')]) {
      const popup = p.matches(sel) ? p : (p.querySelector(sel) ?? (hasItems(p) ? p : null));
      if (popup && isDisplayed(popup)) return popup;
    }
    const active = idsOf(h, 'aria-activedescendant')[0];
    const viaActive = active?.closest(sel);
    if (viaActive && isDisplayed(viaActive)) return viaActive;
  }
  const doc = control.ownerDocument;
  const all = [...doc.querySelectorAll(sel)].filter((p) => isDisplayed(p) && hasItems(p) && !p.contains(control) && !p.closest('[data-cckh]'));
  const fresh = before ? all.filter((p) => !before.has(p)) : [];
  if (fresh.length) return fresh[fresh.length - 1] ?? null;
  // Already open before we looked (aria-expanded="true"): a list that names the control as its label.
  const id = control.id;
  if (id) {
    const named = all.find((p) => (p.getAttribute('aria-labelledby') ?? '').split(/\s+/).includes(id));
    if (named) return named;
  }
  return null;
}

/** The items of `popup`, with their texts and states. */
export function itemsOf(popup: Element, itemSelector: string): ControlOption[] {
  return [...popup.querySelectorAll(itemSelector)]
    .filter((o) => isDisplayed(o))
    .map((el, index) => ({
      el,
      index,
      text: accessibleName(el) || textOf(el),
      selected: ariaState(el, 'aria-selected') === true || ariaState(el, 'aria-checked') === true,
      disabled: el.getAttribute('aria-disabled') === 'true' || el.hasAttribute('disabled'),
    }));
}

/**
 * The option the keyboard is on: the one named by `aria-activedescendant` (on the focused element,
 * the control or the popup: APG "Combobox" and "Listbox"), else the focused option itself (lists
 * that move DOM focus, APG "Menu").
 */
export function activeItem(control: Element, popup: Element, items: ControlOption[]): ControlOption | null {
  const focused = keyboardTarget(control);
  for (const holder of [focused, control, popup]) {
    const a = idsOf(holder, 'aria-activedescendant')[0];
    const hit = a && items.find((i) => i.el === a || i.el.contains(a) || a.contains(i.el));
    if (hit) return hit;
  }
  return items.find((i) => i.el === focused || i.el.contains(focused)) ?? null;
}

/** A choice control over a popup (listbox button, editable combobox, menu button). */
export function popupChoice(el: Element, spec: PopupSpec): ChoiceControl {
  const doc = el.ownerDocument;
  let before: Set<Element> | null = null;
  const find = () => findPopup(el, spec.popupRoles, spec.itemSelector, before);
  /** The open popup once its options are in it (some libraries show the list a render before its items). */
  const findFilled = () => {
    const p = find();
    return p && itemsOf(p, spec.itemSelector).length > 0 ? p : null;
  };
  const write = (io: DriveIo | undefined) => {
    if (io?.signal?.aborted) throw io.signal.reason ?? new Error('aborted');
    io?.beforeWrite?.();
  };
  const wait = <T>(fn: () => T | null | false, ms: number, io?: DriveIo) => waitFor(fn, { timeout: ms, signal: io?.signal, root: doc });

  async function open(io?: DriveIo): Promise<Element> {
    const timeout = io?.timeoutMs ?? 1500;
    const already = findFilled();
    if (already) return already;
    before = popupsNow(doc, spec.popupRoles);
    // Pointer first: a real click sequence on the control (libraries open on pointerdown,
    // mousedown or click, and some only on one of them).
    write(io);
    click(spec.pointerTarget());
    let popup = await wait(findFilled, Math.min(timeout, 800), io);
    // Keyboard second (APG): ArrowDown, Alt+ArrowDown, Enter, Space on the focused control, with
    // form submission blocked meanwhile (a library may submit the form on Enter).
    const keys: { key: Key; alt?: boolean }[] = [{ key: 'ArrowDown' }, { key: 'ArrowDown', alt: true }, { key: 'Enter' }, { key: ' ' }];
    for (const k of keys) {
      if (popup) break;
      write(io);
      const target = spec.keyTarget();
      popup = await withoutSubmit(doc, async () => {
        target.focus({ preventScroll: true });
        pressKey(keyboardTarget(target), k.key, { alt: k.alt });
        return wait(findFilled, Math.min(timeout, 500), io);
      });
    }
    // Open but empty: the caller reports that nothing matched (and what there was: nothing).
    popup ??= find();
    if (!popup) throw new ControlError('not-opened', `the list of ${spec.kind} did not open (pointer, then ArrowDown, Alt+ArrowDown, Enter, Space)`);
    // Libraries install their outside-click and pointer-up listeners in an effect after the list
    // renders; a user's next click is never sooner than that.
    await settle(60);
    return popup;
  }

  /**
   * The control took a choice: it shows another value. A popup that closed without one did not
   * (some libraries close on any pointer down outside their visible list).
   */
  const changed = (startValue: string | null) => spec.value() !== startValue;

  return {
    kind: spec.kind,
    el,
    disabled: () => isDisabledControl(el),
    value: spec.value,
    hiddenValue: spec.hiddenValue,
    peek: () => null,
    async options(io) {
      const popup = await open(io);
      return itemsOf(popup, spec.itemSelector);
    },
    async choose(option, io) {
      const timeout = io?.timeoutMs ?? 1500;
      const start = spec.value();
      let popup = await open(io);
      const current = () => itemsOf(popup, spec.itemSelector);
      const same = (o: ControlOption) => o.el === option.el || (o.index === option.index && o.text === option.text);
      let target = current().find(same) ?? current().find((o) => o.text === option.text);
      if (!target) throw new ControlError('not-chosen', `the option "${option.text}" is no longer in the list`);
      // Pointer: only on an option a user could click (some libraries keep a zero-size accessible
      // copy of their list, whose options do nothing when clicked).
      // A second click only while the list stayed open (Radix ignores the first pointer-up after
      // opening); a list that closed without taking the click will not take another.
      for (let attempt = 0; attempt < 2 && isVisible(target.el); attempt++) {
        write(io);
        click(target.el);
        if (await wait(() => changed(start), Math.min(timeout, 600), io)) return;
        const still = find();
        if (!still) break;
        popup = still;
        target = current().find(same) ?? target;
      }
      // Keyboard: move the active option with the arrows until it is ours, then Enter.
      popup = find() ?? (await open(io));
      for (let step = 0; step < ACTIVE_SCAN_LIMIT; step++) {
        popup = find() ?? popup;
        const items = current();
        const active = activeItem(el, popup, items);
        const goal = items.find(same) ?? items.find((o) => o.text === option.text);
        if (!goal) break;
        write(io);
        const keyTarget = keyboardTarget(spec.keyTarget());
        if (active && active.el === goal.el) {
          const took = await withoutSubmit(doc, async () => {
            pressKey(keyTarget, 'Enter');
            return wait(() => changed(start), Math.min(timeout, 600), io);
          });
          if (took) return;
          break;
        }
        pressKey(keyTarget, active && active.index > goal.index ? 'ArrowUp' : 'ArrowDown');
        await settle(20);
        if (!popup.isConnected) popup = (await wait(find, 300, io)) ?? popup;
      }
      throw new ControlError('not-chosen', `"${option.text}" was clicked and reached by keyboard, and the control did not take it`);
    },
    async close(io) {
      const popup = find();
      if (!popup) return;
      write(io);
      pressKey(keyboardTarget(spec.keyTarget()), 'Escape');
      await wait(() => !find(), 500, io);
    },
  };
}
