/** @jsxImportSource react */
/**
 * `ui=headless`: the keys UI drawn with Headless UI v2 (@headlessui/react), which is unstyled: the
 * CSS below is this app's own. The dialog is Dialog + DialogPanel + DialogTitle; the permission is a
 * Listbox whose options (`anchor="bottom"`) render in a portal at the end of body; team access is
 * Switches (`role="switch"` buttons) in Fields with Labels, grouped by a Fieldset and Legend; after a
 * "Generating…" step the secret is shown as plain text in a paragraph with a Copy button. Each row
 * ends with a Menu (MenuButton "Actions", its MenuItems anchored in a portal) whose "Revoke key"
 * opens a second Dialog, nested in the first, that names the key and its created date and asks to
 * type the name (Input labelled `Type "<name>" to confirm`) before "Revoke" is enabled.
 */
import {
  Button,
  Description,
  Dialog,
  DialogBackdrop,
  DialogPanel,
  DialogTitle,
  Field,
  Fieldset,
  Input,
  Label,
  Legend,
  Listbox,
  ListboxButton,
  ListboxOption,
  ListboxOptions,
  Menu,
  MenuButton,
  MenuItem,
  MenuItems,
  Switch,
} from '@headlessui/react';
import { useState } from 'react';
import type { ReplicaKey } from '../model';
import { TEAMS, type Permission } from '../variant';
import { shortDate, type KeysUiProps, type LibraryModule } from './LibraryApp';
import { useRemoval } from './flow';

const PERMISSIONS: Permission[] = ['read', 'read-write'];

const CSS = `
.hl-backdrop { position: fixed; inset: 0; background: rgba(17, 24, 39, .45); z-index: 40; }
.hl-wrap { position: fixed; inset: 0; z-index: 50; display: flex; align-items: flex-start; justify-content: center; padding: 10vh 16px 0; overflow-y: auto; }
.hl-panel { width: min(560px, 100%); background: #fff; border-radius: 14px; box-shadow: 0 20px 50px rgba(17, 24, 39, .25); padding: 24px; font: 14px/1.5 ui-sans-serif, system-ui, sans-serif; color: #111827; display: flex; flex-direction: column; gap: 16px; }
.hl-panel h2 { margin: 0; font-size: 18px; font-weight: 600; }
.hl-panel h3 { margin: 0; font-size: 15px; font-weight: 600; color: #1f2937; }
.hl-form { display: flex; flex-direction: column; gap: 16px; }
.hl-field { display: flex; flex-direction: column; gap: 6px; }
.hl-label { font-size: 13px; font-weight: 500; color: #374151; }
.hl-input { font: inherit; padding: 8px 12px; border: 1px solid #d1d5db; border-radius: 8px; outline: none; color: inherit; }
.hl-input[data-focus] { border-color: #0ea5e9; box-shadow: 0 0 0 3px rgba(14, 165, 233, .25); }
.hl-listbox-button { font: inherit; display: flex; justify-content: space-between; align-items: center; gap: 12px; width: 260px; text-align: left; padding: 8px 12px; border: 1px solid #d1d5db; border-radius: 8px; background: #fff; color: inherit; cursor: default; outline: none; }
.hl-listbox-button[data-focus], .hl-listbox-button[data-open] { border-color: #0ea5e9; box-shadow: 0 0 0 3px rgba(14, 165, 233, .25); }
.hl-chevron { color: #6b7280; font-size: 11px; }
.hl-options { width: var(--button-width); margin: 0; padding: 4px; list-style: none; background: #fff; border: 1px solid #e5e7eb; border-radius: 8px; box-shadow: 0 10px 25px rgba(17, 24, 39, .15); outline: none; z-index: 60; font: 14px/1.5 ui-sans-serif, system-ui, sans-serif; color: #111827; --anchor-gap: 4px; }
.hl-option { padding: 7px 10px 7px 28px; border-radius: 6px; cursor: default; position: relative; }
.hl-option[data-focus] { background: #e0f2fe; }
.hl-option[data-selected]::before { content: "✓"; position: absolute; left: 10px; color: #0284c7; font-weight: 700; }
.hl-fieldset { border: 1px solid #e5e7eb; border-radius: 10px; padding: 10px 14px 12px; margin: 0; display: flex; flex-direction: column; gap: 10px; }
.hl-legend { padding: 0 4px; font-size: 13px; font-weight: 500; color: #374151; }
.hl-switch-field { display: flex; align-items: center; gap: 10px; }
.hl-switch { position: relative; display: inline-flex; width: 40px; height: 22px; flex: none; border: 0; padding: 0; border-radius: 11px; background: #d1d5db; cursor: pointer; transition: background .15s; outline: none; }
.hl-switch[data-checked] { background: #0284c7; }
.hl-switch[data-focus] { box-shadow: 0 0 0 3px rgba(14, 165, 233, .35); }
.hl-knob { position: absolute; top: 3px; left: 3px; width: 16px; height: 16px; border-radius: 50%; background: #fff; box-shadow: 0 1px 2px rgba(0,0,0,.25); transition: transform .15s; }
.hl-switch[data-checked] .hl-knob { transform: translateX(18px); }
.hl-table { width: 100%; border-collapse: collapse; }
.hl-table th, .hl-table td { text-align: left; padding: 8px 10px; border-bottom: 1px solid #e5e7eb; }
.hl-table th { font-size: 12px; font-weight: 600; color: #6b7280; }
.hl-actions { display: flex; justify-content: flex-end; gap: 8px; }
.hl-button { font: inherit; font-weight: 500; padding: 8px 14px; border-radius: 8px; border: 1px solid #d1d5db; background: #fff; color: #111827; cursor: pointer; outline: none; }
.hl-button[data-hover] { background: #f9fafb; }
.hl-button[data-focus] { box-shadow: 0 0 0 3px rgba(14, 165, 233, .35); }
.hl-button.primary { background: #0284c7; border-color: #0284c7; color: #fff; }
.hl-button.primary[data-hover] { background: #0369a1; }
.hl-button[data-disabled] { opacity: .5; cursor: not-allowed; }
.hl-alert { background: #fef2f2; color: #b91c1c; border: 1px solid #fecaca; border-radius: 8px; padding: 8px 12px; }
.hl-generating { display: flex; align-items: center; gap: 10px; padding: 16px 0; }
.hl-spinner { width: 16px; height: 16px; border: 2px solid #bae6fd; border-top-color: #0284c7; border-radius: 50%; animation: hl-spin .8s linear infinite; }
@keyframes hl-spin { to { transform: rotate(360deg); } }
.hl-note { margin: 0; color: #92400e; }
.hl-secret-row { display: flex; align-items: center; gap: 8px; }
.hl-secret { flex: 1; margin: 0; padding: 9px 12px; background: #f3f4f6; border-radius: 8px; font: 13px ui-monospace, SFMono-Regular, Menlo, monospace; word-break: break-all; }
.hl-caption { margin: 0; font-size: 12px; color: #6b7280; }
.hl-sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0, 0, 0, 0); white-space: nowrap; border-width: 0; }
.hl-table td.hl-row-actions { text-align: right; padding: 4px 6px; width: 1%; }
.hl-menu-button { font: 16px/1 ui-sans-serif, system-ui, sans-serif; display: inline-flex; align-items: center; justify-content: center; width: 28px; height: 28px; border: 0; border-radius: 6px; background: transparent; color: #6b7280; cursor: pointer; outline: none; }
.hl-menu-button[data-hover], .hl-menu-button[data-open] { background: #f3f4f6; color: #111827; }
.hl-menu-button[data-focus] { box-shadow: 0 0 0 3px rgba(14, 165, 233, .35); }
.hl-menu { min-width: 150px; margin: 0; padding: 4px; background: #fff; border: 1px solid #e5e7eb; border-radius: 8px; box-shadow: 0 10px 25px rgba(17, 24, 39, .15); outline: none; z-index: 60; font: 14px/1.5 ui-sans-serif, system-ui, sans-serif; --anchor-gap: 4px; }
.hl-menu-item { display: block; width: 100%; text-align: left; font: inherit; padding: 7px 10px; border: 0; border-radius: 6px; background: none; color: #b91c1c; cursor: default; }
.hl-menu-item[data-focus] { background: #fef2f2; }
.hl-wrap.hl-center { align-items: center; padding: 16px; }
.hl-confirm { width: min(440px, 100%); }
.hl-button.danger { background: #dc2626; border-color: #dc2626; color: #fff; }
.hl-button.danger[data-hover] { background: #b91c1c; }
.hl-desc { margin: 0; color: #4b5563; }
`;

function KeysUi({ flow, texts }: KeysUiProps) {
  // The key the confirmation is about (its Dialog is unmounted when null).
  const [target, setTarget] = useState<ReplicaKey | null>(null);
  let content;
  if (flow.step === 'list') {
    content = (
      <>
        <table className="hl-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Permission</th>
              <th>Created</th>
              <th>
                <span className="hl-sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {flow.keys.map((k, i) => (
              <tr key={`${k.name}-${i}`}>
                <td>{k.name}</td>
                <td>{texts.options[k.permission]}</td>
                <td>{shortDate(k.createdAt)}</td>
                <td className="hl-row-actions">
                  <Menu>
                    <MenuButton className="hl-menu-button" aria-label="Actions">
                      <span aria-hidden="true">⋯</span>
                    </MenuButton>
                    <MenuItems anchor="bottom end" className="hl-menu">
                      <MenuItem>
                        <button type="button" className="hl-menu-item" onClick={() => setTarget(k)}>
                          Revoke key
                        </button>
                      </MenuItem>
                    </MenuItems>
                  </Menu>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="hl-actions">
          <Button className="hl-button" onClick={flow.close}>
            Close
          </Button>
          <Button className="hl-button primary" onClick={flow.startCreate}>
            Create API key
          </Button>
        </div>
        {target && <ConfirmRevoke target={target} flow={flow} onClose={() => setTarget(null)} />}
      </>
    );
  } else if (flow.step === 'create') {
    content = (
      <form className="hl-form" onSubmit={(e) => (e.preventDefault(), void flow.save())}>
        <h3>{texts.formTitle}</h3>
        <Field className="hl-field">
          <Label className="hl-label">{texts.nameLabel}</Label>
          <Input className="hl-input" value={flow.form.name} onChange={(e) => flow.setName(e.target.value)} autoComplete="off" />
        </Field>
        <Field className="hl-field">
          <Label className="hl-label">{texts.permissionLabel}</Label>
          <Listbox value={flow.form.permission} onChange={flow.setPermission}>
            <ListboxButton className="hl-listbox-button">
              {texts.options[flow.form.permission]}
              <span aria-hidden="true" className="hl-chevron">
                ▼
              </span>
            </ListboxButton>
            <ListboxOptions anchor="bottom" className="hl-options">
              {PERMISSIONS.map((p) => (
                <ListboxOption key={p} value={p} className="hl-option">
                  {texts.options[p]}
                </ListboxOption>
              ))}
            </ListboxOptions>
          </Listbox>
        </Field>
        <Fieldset className="hl-fieldset">
          <Legend className="hl-legend">{texts.teamsLabel}</Legend>
          {TEAMS.map((team) => (
            <Field key={team} className="hl-switch-field">
              <Switch className="hl-switch" checked={flow.form.teams[team] !== 'none'} onChange={(on) => flow.setTeam(team, on ? 'read' : 'none')}>
                <span className="hl-knob" />
              </Switch>
              <Label>{team}</Label>
            </Field>
          ))}
        </Fieldset>
        {flow.error && (
          <div role="alert" className="hl-alert">
            {flow.error}
          </div>
        )}
        <div className="hl-actions">
          <Button className="hl-button" onClick={flow.cancel}>
            Cancel
          </Button>
          <Button type="submit" className="hl-button primary" disabled={!flow.canSave}>
            {texts.save}
          </Button>
        </div>
      </form>
    );
  } else if (flow.step === 'generating') {
    content = (
      <div className="hl-generating" role="status">
        <span className="hl-spinner" aria-hidden="true" />
        {texts.generating}
      </div>
    );
  } else {
    content = (
      <>
        <SecretView flow={flow} texts={texts} />
        <div className="hl-actions">
          <Button className="hl-button primary" onClick={flow.done}>
            {texts.done}
          </Button>
        </div>
      </>
    );
  }
  return (
    <Dialog open={flow.open} onClose={flow.close}>
      <style>{CSS}</style>
      <DialogBackdrop className="hl-backdrop" />
      <div className="hl-wrap">
        <DialogPanel className="hl-panel">
          <DialogTitle>API keys</DialogTitle>
          {content}
          <p className="hl-caption">{texts.library}</p>
        </DialogPanel>
      </div>
    </Dialog>
  );
}

/**
 * The confirmation: a Dialog nested in the keys Dialog (Escape closes only it) with DialogTitle,
 * Description naming the key and its created date, and a Field whose Input must hold the key's name
 * before "Revoke" is enabled (Enter submits then). "Cancel", Escape or a click outside keeps the key.
 */
function ConfirmRevoke(props: { target: ReplicaKey; flow: KeysUiProps['flow']; onClose(): void }) {
  const { target } = props;
  const [typed, setTyped] = useState('');
  const { busy, error, remove } = useRemoval(props.flow);
  const close = () => !busy && props.onClose();
  const ok = typed === target.name && !busy;
  return (
    <Dialog open onClose={close}>
      <DialogBackdrop className="hl-backdrop" />
      <div className="hl-wrap hl-center">
        <DialogPanel className="hl-panel hl-confirm">
          <DialogTitle>Revoke API key</DialogTitle>
          <Description className="hl-desc">
            “{target.name}” (created {shortDate(target.createdAt)}) stops working at once. This cannot be undone.
          </Description>
          <form
            className="hl-form"
            onSubmit={(e) => {
              e.preventDefault();
              if (!ok) return;
              remove(target, props.onClose);
            }}
          >
            <Field className="hl-field">
              <Label className="hl-label">Type "{target.name}" to confirm</Label>
              <Input className="hl-input" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" autoFocus />
            </Field>
            {error && (
              <div role="alert" className="hl-alert">
                {error}
              </div>
            )}
            <div className="hl-actions">
              <Button className="hl-button" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" className="hl-button danger" disabled={!ok}>
                Revoke
              </Button>
            </div>
          </form>
        </DialogPanel>
      </div>
    </Dialog>
  );
}

/** The secret as plain text in a paragraph, with a Copy button (state starts afresh for every key). */
function SecretView({ flow, texts }: KeysUiProps) {
  const [copied, setCopied] = useState(false);
  if (flow.variant.secret === 'none') return <p>The key was created.</p>;
  return (
    <>
      <h3>{texts.secretTitle}</h3>
      <p className="hl-note">{texts.secretNote}</p>
      <div className="hl-secret-row">
        <p className="hl-secret">{flow.secret}</p>
        <Button className="hl-button" onClick={() => void navigator.clipboard?.writeText(flow.secret ?? '').then(() => setCopied(true), () => undefined)}>
          {copied ? 'Copied' : 'Copy'}
        </Button>
      </div>
    </>
  );
}

export default { KeysUi } satisfies LibraryModule;
