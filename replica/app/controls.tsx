/** @jsxImportSource react */
/**
 * The create form's variable controls: permission (select | radio | listbox) and team access
 * (checkbox | switch | level). Each variant is what a real app might plausibly ship; the content
 * script must handle them all from roles, labels and texts.
 */
import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { PERMISSION_LABELS, TEAMS, type LabelSet, type Permission, type PermissionControl, type TeamAccess, type TeamsControl } from './variant';

const PERMISSIONS: Permission[] = ['read', 'read-write'];

export function PermissionField(props: {
  control: PermissionControl;
  labels: LabelSet;
  value: Permission;
  onChange(p: Permission): void;
}) {
  const { control, labels, value, onChange } = props;
  const id = useId();
  const texts = PERMISSION_LABELS[labels];
  if (control === 'select') {
    return (
      <div className="field">
        <label htmlFor={id}>Permission</label>
        <select id={id} value={value} onChange={(e) => onChange(e.currentTarget.value as Permission)}>
          {PERMISSIONS.map((p) => (
            <option key={p} value={p}>
              {texts[p]}
            </option>
          ))}
        </select>
      </div>
    );
  }
  if (control === 'radio') {
    return (
      <fieldset className="field" role="radiogroup" aria-labelledby={`${id}-legend`}>
        <legend id={`${id}-legend`}>Permission</legend>
        {PERMISSIONS.map((p) => (
          <label key={p} className="choice">
            <input
              type="radio"
              name={`${id}-permission`}
              value={p}
              checked={value === p}
              onChange={(e) => {
                if (e.currentTarget.checked) onChange(p);
              }}
            />{' '}
            {texts[p]}
          </label>
        ))}
      </fieldset>
    );
  }
  if (control === 'combobox') return <PermissionCombobox texts={texts} value={value} onChange={onChange} />;
  if (control === 'menu') return <PermissionMenu texts={texts} value={value} onChange={onChange} />;
  if (control === 'segmented') {
    return (
      <div className="field">
        <span id={`${id}-label`} className="label">
          Permission
        </span>
        <div role="group" aria-labelledby={`${id}-label`} className="segmented">
          {PERMISSIONS.map((p) => (
            <button key={p} type="button" aria-pressed={value === p} onClick={() => onChange(p)}>
              {texts[p]}
            </button>
          ))}
        </div>
      </div>
    );
  }
  return <PermissionListbox texts={texts} value={value} onChange={onChange} />;
}

/** Closes a popup on Escape (kept from the dialog) or a pointer down outside `inside`. */
function useDismiss(open: boolean, close: () => void, inside: () => (Node | null)[]) {
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        e.preventDefault();
        close();
      }
    };
    const onPointer = (e: PointerEvent) => {
      const t = e.target as Node | null;
      if (t && inside().some((n) => n?.contains(t))) return;
      close();
    };
    document.addEventListener('keydown', onKey, true);
    document.addEventListener('pointerdown', onPointer, true);
    return () => {
      document.removeEventListener('keydown', onKey, true);
      document.removeEventListener('pointerdown', onPointer, true);
    };
  }, [open, close, inside]);
}

/**
 * An editable combobox as react-select draws one: `<input role="combobox">` inside a control
 * container that shows the value as text; opens on mousedown on the container or ArrowDown; the
 * options (`role="option"`, in a portal) are reached through `aria-controls` and
 * `aria-activedescendant`; Enter chooses the active option; typing filters.
 */
function PermissionCombobox(props: { texts: Record<Permission, string>; value: Permission; onChange(p: Permission): void }) {
  const { texts, value, onChange } = props;
  const id = useId();
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [pos, setPos] = useState({ top: 0, left: 0, width: 0 });
  const boxRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const shown = PERMISSIONS.filter((p) => texts[p].toLowerCase().includes(query.toLowerCase()));
  const close = useCallback(() => {
    setOpen(false);
    setQuery('');
  }, []);
  const inside = useCallback(() => [boxRef.current, listRef.current], []);
  useDismiss(open, close, inside);
  useLayoutEffect(() => {
    if (!open || !boxRef.current) return;
    const r = boxRef.current.getBoundingClientRect();
    setPos({ top: r.bottom + window.scrollY + 2, left: r.left + window.scrollX, width: r.width });
  }, [open]);
  const choose = (p: Permission) => {
    onChange(p);
    close();
    inputRef.current?.focus();
  };
  const openList = () => {
    setActive(Math.max(0, shown.indexOf(value)));
    setOpen(true);
  };
  return (
    <div className="field">
      <span id={`${id}-label`} className="label">
        Permission
      </span>
      <div
        ref={boxRef}
        className="combo"
        onMouseDown={(e) => {
          if (e.button !== 0) return;
          if (e.target !== inputRef.current) e.preventDefault();
          inputRef.current?.focus();
          if (open) close();
          else openList();
        }}
      >
        {!query && <span className="value">{texts[value]}</span>}
        <input
          ref={inputRef}
          role="combobox"
          aria-labelledby={`${id}-label`}
          aria-expanded={open}
          aria-haspopup="listbox"
          aria-autocomplete="list"
          aria-controls={open ? `${id}-list` : undefined}
          aria-activedescendant={open && shown[active] ? `${id}-opt-${shown[active]}` : undefined}
          autoComplete="off"
          value={query}
          onChange={(e) => {
            setQuery(e.currentTarget.value);
            setActive(0);
            setOpen(true);
          }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') {
              e.preventDefault();
              if (!open) openList();
              else setActive((a) => Math.min(shown.length - 1, a + 1));
            } else if (e.key === 'ArrowUp') {
              e.preventDefault();
              setActive((a) => Math.max(0, a - 1));
            } else if (e.key === 'Enter' && open) {
              e.preventDefault();
              const p = shown[active];
              if (p) choose(p);
            }
          }}
        />
        <span aria-hidden="true">▾</span>
      </div>
      {open &&
        createPortal(
          <ul
            ref={listRef}
            id={`${id}-list`}
            role="listbox"
            className="listbox"
            style={{ position: 'absolute', top: `${pos.top}px`, left: `${pos.left}px`, minWidth: `${pos.width}px` }}
          >
            {shown.map((p, i) => (
              <li
                key={p}
                id={`${id}-opt-${p}`}
                role="option"
                aria-selected={value === p}
                className={i === active ? 'active' : undefined}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => choose(p)}
              >
                {texts[p]}
              </li>
            ))}
            {shown.length === 0 && <li className="empty">No options</li>}
          </ul>,
          document.body,
        )}
    </div>
  );
}

/**
 * A menu button: `aria-haspopup="menu"` showing the value, opening (on click, or ArrowDown / Enter /
 * Space) a `role="menu"` of `menuitemradio` items with `aria-checked`.
 */
function PermissionMenu(props: { texts: Record<Permission, string>; value: Permission; onChange(p: Permission): void }) {
  const { texts, value, onChange } = props;
  const id = useId();
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const close = useCallback(() => setOpen(false), []);
  const inside = useCallback(() => [buttonRef.current, menuRef.current], []);
  useDismiss(open, close, inside);
  useEffect(() => {
    if (open) menuRef.current?.querySelector<HTMLElement>('[aria-checked=true]')?.focus();
  }, [open]);
  return (
    <div className="field" style={{ position: 'relative' }}>
      <span id={`${id}-label`} className="label">
        Permission
      </span>
      <button
        ref={buttonRef}
        type="button"
        className="listbox-button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? `${id}-menu` : undefined}
        aria-labelledby={`${id}-label ${id}-value`}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setOpen(true);
          }
        }}
      >
        <span id={`${id}-value`}>{texts[value]}</span> <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div ref={menuRef} id={`${id}-menu`} role="menu" aria-labelledby={`${id}-label`} className="menu" style={{ left: 0, right: 'auto', top: '100%' }}>
          {PERMISSIONS.map((p) => (
            <button
              key={p}
              type="button"
              role="menuitemradio"
              aria-checked={value === p}
              tabIndex={-1}
              onClick={() => {
                onChange(p);
                setOpen(false);
                buttonRef.current?.focus();
              }}
            >
              {texts[p]}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

/**
 * A custom listbox like headless UI kits render: opens on pointerdown only (a plain `click()`, as
 * scripts send, does nothing), options live in a portal on document.body, closes on Escape or a
 * pointerdown outside.
 */
function PermissionListbox(props: { texts: Record<Permission, string>; value: Permission; onChange(p: Permission): void }) {
  const { texts, value, onChange } = props;
  const id = useId();
  const [open, setOpen] = useState(false);
  const [pos, setPos] = useState({ top: 0, left: 0, width: 0 });
  const buttonRef = useRef<HTMLButtonElement>(null);
  const listRef = useRef<HTMLUListElement>(null);

  useLayoutEffect(() => {
    if (!open || !buttonRef.current) return;
    const r = buttonRef.current.getBoundingClientRect();
    setPos({ top: r.bottom + window.scrollY + 2, left: r.left + window.scrollX, width: r.width });
  }, [open]);

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        // The listbox eats this Escape: the dialog around it stays open.
        e.stopPropagation();
        e.preventDefault();
        setOpen(false);
        buttonRef.current?.focus();
      }
    };
    const onPointer = (e: PointerEvent) => {
      const t = e.target as Node | null;
      if (t && (listRef.current?.contains(t) || buttonRef.current?.contains(t))) return;
      setOpen(false);
    };
    document.addEventListener('keydown', onKey, true);
    document.addEventListener('pointerdown', onPointer, true);
    return () => {
      document.removeEventListener('keydown', onKey, true);
      document.removeEventListener('pointerdown', onPointer, true);
    };
  }, [open]);

  return (
    <div className="field">
      <span id={`${id}-label`} className="label">
        Permission
      </span>
      <button
        ref={buttonRef}
        type="button"
        className="listbox-button"
        aria-haspopup="listbox"
        aria-expanded={open}
        aria-labelledby={`${id}-label`}
        aria-controls={open ? `${id}-list` : undefined}
        onPointerDown={(e) => {
          if (e.button !== 0) return;
          e.preventDefault();
          setOpen((o) => !o);
        }}
      >
        <span>{texts[value]}</span> <span aria-hidden="true">▾</span>
      </button>
      {open &&
        createPortal(
          <ul
            ref={listRef}
            id={`${id}-list`}
            role="listbox"
            aria-labelledby={`${id}-label`}
            className="listbox"
            style={{ position: 'absolute', top: `${pos.top}px`, left: `${pos.left}px`, minWidth: `${pos.width}px` }}
          >
            {PERMISSIONS.map((p) => (
              <li
                key={p}
                id={`${id}-opt-${p}`}
                role="option"
                aria-selected={value === p}
                onClick={() => {
                  onChange(p);
                  setOpen(false);
                  buttonRef.current?.focus();
                }}
              >
                {texts[p]}
              </li>
            ))}
          </ul>,
          document.body,
        )}
    </div>
  );
}

export function TeamsField(props: {
  control: TeamsControl;
  labels: LabelSet;
  value: Record<string, TeamAccess>;
  onChange(team: string, access: TeamAccess): void;
}) {
  const { control, labels, value, onChange } = props;
  const id = useId();
  const texts = PERMISSION_LABELS[labels];
  return (
    <fieldset className="field teams">
      <legend>Team access</legend>
      {TEAMS.map((team, i) => {
        const access = value[team] ?? 'none';
        const tid = `${id}-team-${i}`;
        if (control === 'checkbox') {
          return (
            <label key={team} className="choice">
              <input type="checkbox" checked={access !== 'none'} onChange={(e) => onChange(team, e.currentTarget.checked ? 'read' : 'none')} />{' '}
              {team}
            </label>
          );
        }
        if (control === 'switch') {
          const on = access !== 'none';
          return (
            <div key={team} className="switch-row">
              <span id={tid}>{team}</span>
              <button type="button" role="switch" aria-checked={on} aria-labelledby={tid} className="switch" onClick={() => onChange(team, on ? 'none' : 'read')}>
                <span className="knob" />
              </button>
            </div>
          );
        }
        return (
          <div key={team} className="level-row">
            <label htmlFor={tid}>{team}</label>
            <select id={tid} value={access} onChange={(e) => onChange(team, e.currentTarget.value as TeamAccess)}>
              <option value="none">No access</option>
              <option value="read">{texts.read}</option>
              <option value="read-write">{texts['read-write']}</option>
            </select>
          </div>
        );
      })}
    </fieldset>
  );
}
