/** @jsxImportSource react */
/**
 * `ui=react-select`: the keys UI in a native `<dialog>` opened with showModal() (the rest of the page
 * is inert meanwhile, and the dialog is in the top layer), with react-select for the permission: an
 * editable combobox (`<input role="combobox">` inside react-select's control) labelled by a
 * `<label for>`, whose menu (a listbox) renders inline under the control, not in a portal. Team
 * access is native checkboxes in a fieldset; there is no "Generating…" step; the secret is shown in
 * a `<code>`. The CSS below is this app's own (react-select brings its own styles for the control).
 * Each row ends with a plain `<button>` "Remove"; it opens a second native `<dialog>` with
 * showModal() (on top of the first in the top layer; `aria-labelledby` its heading "Remove API
 * key") that names the key and its created date, with "Cancel" (or Escape) keeping the key and
 * "Remove" removing it and closing, or showing the server's error.
 */
import { useEffect, useId, useRef, useState } from 'react';
import Select from 'react-select';
import type { ReplicaKey } from '../model';
import { TEAMS, type Permission } from '../variant';
import { shortDate, type KeysUiProps, type LibraryModule } from './LibraryApp';
import { useRemoval } from './flow';

interface PermissionOption {
  value: Permission;
  label: string;
}

const CSS = `
dialog.rs-dialog { width: min(560px, 92vw); max-height: none; padding: 0; border: 0; border-radius: 10px; box-shadow: 0 18px 48px rgba(0, 0, 0, .3); font: 14px/1.45 system-ui, sans-serif; color: #1f2933; overflow: visible; }
dialog.rs-dialog::backdrop { background: rgba(24, 32, 44, .5); }
.rs-body { padding: 20px 24px 14px; display: flex; flex-direction: column; gap: 14px; }
.rs-body h2 { margin: 0; font-size: 18px; }
.rs-body h3 { margin: 0; font-size: 15px; }
.rs-form { display: flex; flex-direction: column; gap: 14px; }
.rs-field { display: flex; flex-direction: column; gap: 5px; }
.rs-field > label, .rs-teams legend { font-weight: 600; font-size: 13px; color: #3e4c59; }
.rs-field input[type=text] { font: inherit; padding: 8px 10px; border: 1px solid #cbd2d9; border-radius: 4px; outline: none; }
.rs-field input[type=text]:focus { border-color: #2684ff; box-shadow: 0 0 0 1px #2684ff; }
.rs-select { max-width: 300px; }
.rs-teams { border: 1px solid #e4e7eb; border-radius: 6px; padding: 8px 14px 10px; margin: 0; display: flex; flex-direction: column; gap: 6px; }
.rs-teams legend { padding: 0 4px; }
.rs-teams label { display: flex; align-items: center; gap: 8px; }
.rs-teams input[type=checkbox] { width: 16px; height: 16px; margin: 0; accent-color: #2684ff; }
.rs-table { width: 100%; border-collapse: collapse; }
.rs-table th, .rs-table td { text-align: left; padding: 7px 10px; border-bottom: 1px solid #e4e7eb; }
.rs-table th { font-size: 12px; color: #616e7c; font-weight: 600; background: #f5f7fa; }
.rs-actions { display: flex; justify-content: flex-end; gap: 8px; }
.rs-button { font: inherit; padding: 7px 14px; border-radius: 4px; border: 1px solid #cbd2d9; background: #fff; color: #1f2933; cursor: pointer; }
.rs-button:hover { background: #f5f7fa; }
.rs-button:focus-visible { outline: 2px solid #2684ff; outline-offset: 1px; }
.rs-button.primary { background: #2684ff; border-color: #2684ff; color: #fff; }
.rs-button.primary:hover { background: #0065ff; }
.rs-button:disabled { opacity: .5; cursor: not-allowed; }
.rs-alert { color: #ab091e; background: #ffe3e3; border-radius: 4px; padding: 8px 12px; }
.rs-note { margin: 0; padding: 8px 12px; background: #fffbea; color: #8d2b0b; border-left: 3px solid #f0b429; border-radius: 2px; }
.rs-secret { display: block; padding: 10px 12px; background: #f5f7fa; border: 1px solid #e4e7eb; border-radius: 4px; font: 13px ui-monospace, SFMono-Regular, Menlo, monospace; word-break: break-all; }
.rs-generating { display: flex; align-items: center; gap: 10px; padding: 14px 0; }
.rs-spinner { width: 14px; height: 14px; border: 2px solid #bcccdc; border-top-color: #2684ff; border-radius: 50%; animation: rs-spin .8s linear infinite; }
@keyframes rs-spin { to { transform: rotate(360deg); } }
.rs-caption { margin: 0; font-size: 12px; color: #7b8794; }
.rs-table td.rs-row-actions { text-align: right; padding: 4px 10px; }
.rs-link { font: inherit; font-size: 13px; padding: 2px 6px; border: 0; background: none; color: #ab091e; cursor: pointer; border-radius: 3px; }
.rs-link:hover { text-decoration: underline; }
.rs-link:focus-visible { outline: 2px solid #2684ff; }
dialog.rs-confirm { width: min(400px, 90vw); }
.rs-button.danger { background: #cf1124; border-color: #cf1124; color: #fff; }
.rs-button.danger:hover { background: #ab091e; }
.rs-sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
`;

function KeysUi({ flow, texts }: KeysUiProps) {
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  // The key the confirmation is about (its `<dialog>` is unmounted when null).
  const [target, setTarget] = useState<ReplicaKey | null>(null);
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (flow.open && !d.open) d.showModal();
    else if (!flow.open && d.open) d.close();
  }, [flow.open]);

  const options: PermissionOption[] = [
    { value: 'read', label: texts.options.read },
    { value: 'read-write', label: texts.options['read-write'] },
  ];

  let content;
  if (!flow.open) {
    content = null;
  } else if (flow.step === 'list') {
    content = (
      <>
        <table className="rs-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Permission</th>
              <th>Created</th>
              <th>
                <span className="rs-sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {flow.keys.map((k, i) => (
              <tr key={`${k.name}-${i}`}>
                <td>{k.name}</td>
                <td>{texts.options[k.permission]}</td>
                <td>{shortDate(k.createdAt)}</td>
                <td className="rs-row-actions">
                  <button type="button" className="rs-link" onClick={() => setTarget(k)}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="rs-actions">
          <button type="button" className="rs-button" onClick={flow.close}>
            Close
          </button>
          <button type="button" className="rs-button primary" onClick={flow.startCreate}>
            Create API key
          </button>
        </div>
      </>
    );
  } else if (flow.step === 'create') {
    content = (
      <form className="rs-form" onSubmit={(e) => (e.preventDefault(), void flow.save())}>
        <h3>{texts.formTitle}</h3>
        <div className="rs-field">
          <label htmlFor={`${id}-name`}>{texts.nameLabel}</label>
          <input id={`${id}-name`} type="text" value={flow.form.name} onChange={(e) => flow.setName(e.target.value)} autoComplete="off" />
        </div>
        <div className="rs-field">
          <label htmlFor={`${id}-permission`}>{texts.permissionLabel}</label>
          <Select<PermissionOption>
            className="rs-select"
            classNamePrefix="rs"
            instanceId={`${id}-rs`}
            inputId={`${id}-permission`}
            name="permission"
            options={options}
            value={options.find((o) => o.value === flow.form.permission) ?? null}
            onChange={(o) => o && flow.setPermission(o.value)}
            theme={(t) => ({ ...t, borderRadius: 4 })}
          />
        </div>
        <fieldset className="rs-teams">
          <legend>{texts.teamsLabel}</legend>
          {TEAMS.map((team) => (
            <label key={team}>
              <input type="checkbox" checked={flow.form.teams[team] !== 'none'} onChange={(e) => flow.setTeam(team, e.target.checked ? 'read' : 'none')} />
              {team}
            </label>
          ))}
        </fieldset>
        {flow.error && (
          <div role="alert" className="rs-alert">
            {flow.error}
          </div>
        )}
        <div className="rs-actions">
          <button type="button" className="rs-button" onClick={flow.cancel}>
            Cancel
          </button>
          <button type="submit" className="rs-button primary" disabled={!flow.canSave}>
            {texts.save}
          </button>
        </div>
      </form>
    );
  } else if (flow.step === 'generating') {
    // Not reached with this variant's texts (generatingMs 0) unless the page asks for `generating`.
    content = (
      <div className="rs-generating" role="status">
        <span className="rs-spinner" aria-hidden="true" />
        {texts.generating}
      </div>
    );
  } else {
    content = (
      <>
        <SecretView flow={flow} texts={texts} />
        <div className="rs-actions">
          <button type="button" className="rs-button primary" onClick={flow.done}>
            {texts.done}
          </button>
        </div>
      </>
    );
  }
  return (
    <>
      <dialog ref={dialog} className="rs-dialog" aria-labelledby={`${id}-title`} onCancel={flow.close} onClose={flow.close}>
        <style>{CSS}</style>
        {flow.open && (
          <div className="rs-body">
            <h2 id={`${id}-title`}>API keys</h2>
            {content}
            <p className="rs-caption">{texts.library}</p>
          </div>
        )}
      </dialog>
      {/* A sibling of the keys dialog, so its close and cancel events stay its own. */}
      {target && flow.open && <ConfirmRemove target={target} flow={flow} onClose={() => setTarget(null)} />}
    </>
  );
}

/**
 * The confirmation in a second `<dialog>`, shown with showModal() once mounted. Cancel closes it
 * (as Escape does: the dialog's own `cancel`), the form's submit removes the key and closes it.
 */
function ConfirmRemove(props: { target: ReplicaKey; flow: KeysUiProps['flow']; onClose(): void }) {
  const { target } = props;
  const id = useId();
  const ref = useRef<HTMLDialogElement>(null);
  const { busy, error, remove } = useRemoval(props.flow);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  return (
    <dialog
      ref={ref}
      className="rs-dialog rs-confirm"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-desc`}
      onCancel={(e) => busy && e.preventDefault()}
      onClose={props.onClose}
    >
      <form
        className="rs-body"
        onSubmit={(e) => {
          e.preventDefault();
          remove(target, () => ref.current?.close());
        }}
      >
        <h2 id={`${id}-title`}>Remove API key</h2>
        <p id={`${id}-desc`} style={{ margin: 0 }}>
          Remove “{target.name}” (created {shortDate(target.createdAt)})? Anything still using it loses access at once.
        </p>
        {error && (
          <div role="alert" className="rs-alert">
            {error}
          </div>
        )}
        <div className="rs-actions">
          <button type="button" className="rs-button" onClick={() => ref.current?.close()} disabled={busy} autoFocus>
            Cancel
          </button>
          <button type="submit" className="rs-button danger" disabled={busy}>
            Remove
          </button>
        </div>
      </form>
    </dialog>
  );
}

/** The secret in a `<code>` (its own component, so it starts afresh for every key). */
function SecretView({ flow, texts }: KeysUiProps) {
  if (flow.variant.secret === 'none') return <p>The key was created.</p>;
  return (
    <>
      <h3>{texts.secretTitle}</h3>
      <p className="rs-note">{texts.secretNote}</p>
      <code className="rs-secret">{flow.secret}</code>
    </>
  );
}

export default { KeysUi } satisfies LibraryModule;
