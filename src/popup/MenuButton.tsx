/**
 * A menu button (WAI-ARIA Authoring Practices, "Menu Button" pattern): a button with
 * aria-haspopup="menu" that opens a list of menu items. Opening focuses the first item; ArrowUp and
 * ArrowDown move (wrapping), Home and End jump, Escape closes and returns focus to the button, Tab
 * or a click elsewhere closes. The menu opens upwards when it would run past the popup's bottom.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';

export interface MenuItemSpec {
  label: string;
  onSelect: () => void;
}

export function MenuButton(props: {
  /** The button's content (its accessible name, unless `label` is given). */
  children: ComponentChildren;
  /** Accessible name of the button and the menu, when the content is a symbol ("⋯"). */
  label?: string;
  items: MenuItemSpec[];
  disabled?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const [up, setUp] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLUListElement>(null);

  useLayoutEffect(() => {
    if (!open) return setUp(false);
    const m = menu.current?.getBoundingClientRect();
    const b = button.current?.getBoundingClientRect();
    if (m && b) setUp(m.bottom > window.innerHeight && b.top - m.height - 4 >= 0);
  }, [open]);
  useEffect(() => {
    if (open) menu.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }, [open]);

  const close = (focusButton = true) => {
    setOpen(false);
    if (focusButton) button.current?.focus();
  };

  function onKey(e: KeyboardEvent) {
    const items = [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const i = items.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      close();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      items[(i + (e.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length]?.focus();
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      items[e.key === 'Home' ? 0 : items.length - 1]?.focus();
    } else if (e.key === 'Tab') {
      setOpen(false);
    }
  }

  return (
    <span
      class="menu-wrap"
      onFocusOut={(e) => {
        // Focus left the button and its menu (Tab, a click elsewhere): close it.
        if (open && !e.currentTarget.contains(e.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <button
        type="button"
        ref={button}
        disabled={props.disabled}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label={props.label}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' && !open) {
            e.preventDefault();
            setOpen(true);
          }
        }}
      >
        {props.children}
      </button>
      {open && (
        <ul class={up ? 'menu up' : 'menu'} role="menu" ref={menu} aria-label={props.label ?? (typeof props.children === 'string' ? props.children : undefined)} onKeyDown={onKey}>
          {props.items.map((item) => (
            <li role="none" key={item.label}>
              <button
                type="button"
                role="menuitem"
                tabIndex={-1}
                onClick={() => {
                  close();
                  item.onSelect(); // after: an action that moves focus (a field it opens) wins
                }}
              >
                {item.label}
              </button>
            </li>
          ))}
        </ul>
      )}
    </span>
  );
}
