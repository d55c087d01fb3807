/** @jsxImportSource react */
/**
 * Deleting a key from the replica's own list (`deleteUi`): a "Delete" button per row, a "⋯" menu
 * per row whose "Revoke" item deletes, or a "Delete" button whose confirmation asks to type the
 * key's name. Every way ends in a confirmation dialog (`role=alertdialog`) naming the key and its
 * created date; "Cancel" or Escape keeps it.
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { ReplicaKey } from './model';
import type { DeleteUi } from './variant';

/** The row's delete action: what `deleteUi` puts in the list's last column. */
export function RowActions(props: { ui: DeleteUi; keyName: string; onDelete(): void }) {
  const [menuOpen, setMenuOpen] = useState(false);
  const id = useId();
  const wrap = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    if (!menuOpen) return;
    const onDown = (e: MouseEvent) => {
      if (!wrap.current?.contains(e.target as Node)) setMenuOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        setMenuOpen(false);
      }
    };
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey, true);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey, true);
    };
  }, [menuOpen]);
  if (props.ui !== 'menu') {
    return (
      <button type="button" className="danger-link" onClick={props.onDelete}>
        Delete
      </button>
    );
  }
  return (
    <span className="row-menu" ref={wrap}>
      <button type="button" aria-haspopup="menu" aria-expanded={menuOpen} aria-controls={menuOpen ? `${id}-m` : undefined} aria-label={`More actions for ${props.keyName}`} onClick={() => setMenuOpen((o) => !o)}>
        ⋯
      </button>
      {menuOpen && (
        <div id={`${id}-m`} role="menu" className="menu">
          <button type="button" role="menuitem" onClick={() => setMenuOpen(false)}>
            Copy ID
          </button>
          <button
            type="button"
            role="menuitem"
            onClick={() => {
              setMenuOpen(false);
              props.onDelete();
            }}
          >
            Revoke
          </button>
        </div>
      )}
    </span>
  );
}

/** The confirmation: names the key and its created date; `typed` asks to type the name first. */
export function ConfirmDelete(props: { target: ReplicaKey; typed: boolean; busy: boolean; error: string | null; onConfirm(): void; onCancel(): void }) {
  const id = useId();
  const [typed, setTyped] = useState('');
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => cancel.current?.focus(), []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        props.onCancel();
      }
    };
    document.addEventListener('keydown', onKey, true);
    return () => document.removeEventListener('keydown', onKey, true);
  });
  const ok = !props.typed || typed === props.target.name;
  return (
    <div className="backdrop confirm-backdrop">
      <div role="alertdialog" aria-modal="true" aria-labelledby={`${id}-h`} aria-describedby={`${id}-d`} className="dialog confirm">
        <h3 id={`${id}-h`}>Delete API key?</h3>
        <p id={`${id}-d`}>
          “{props.target.name}” (created {props.target.createdAt.slice(0, 10)}) stops working at once. This cannot be undone.
        </p>
        {props.typed && (
          <div className="field">
            <label htmlFor={`${id}-t`}>Type the key's name to confirm</label>
            <input id={`${id}-t`} type="text" autoComplete="off" value={typed} onChange={(e) => setTyped(e.currentTarget.value)} />
          </div>
        )}
        {props.error && (
          <p role="alert" className="error">
            {props.error}
          </p>
        )}
        <div className="actions">
          <button type="button" className="danger" disabled={!ok || props.busy} onClick={props.onConfirm}>
            {props.typed ? 'Delete key' : 'Delete'}
          </button>
          <button type="button" ref={cancel} onClick={props.onCancel}>
            Cancel
          </button>
        </div>
      </div>
    </div>
  );
}
