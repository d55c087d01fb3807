/** @jsxImportSource react */
/**
 * `ui=react-aria`: the keys UI drawn with React Aria Components (react-aria-components), which are
 * unstyled: the CSS below is this app's own. The dialog is a Modal in a ModalOverlay; the permission
 * is RAC's Select (a button with the value, opening a ListBox in a Popover, a portal at the end of
 * body, while the rest of the page is hidden from assistive tech); team access is Switches (a
 * visually hidden `<input role="switch">` inside a label); there is no "Generating…" step, and the
 * secret is shown in a read-only TextField with a Copy button. Each row ends with a MenuTrigger (a
 * Button "⋯", `aria-label="Actions for <name>"`, opening a Menu in a Popover) whose items are
 * "Rename…" (disabled) and "Revoke". "Revoke" opens a second ModalOverlay + Modal holding a Dialog
 * with `role="alertdialog"`, "Revoke API key?", naming the key and its created date, with "Cancel"
 * and "Revoke" (not dismissable by a click outside; Escape keeps the key). A refused revoke shows
 * the server's error in it.
 */
import { useState } from 'react';
import {
  Button,
  Cell,
  Column,
  Dialog,
  Heading,
  Input,
  Label,
  ListBox,
  ListBoxItem,
  Menu,
  MenuItem,
  MenuTrigger,
  Modal,
  ModalOverlay,
  Popover,
  ProgressBar,
  Row,
  Select,
  SelectValue,
  Switch,
  Table,
  TableBody,
  TableHeader,
  TextField,
} from 'react-aria-components';
import type { ReplicaKey } from '../model';
import { TEAMS, type Permission } from '../variant';
import { shortDate, type KeysUiProps, type LibraryModule } from './LibraryApp';
import { useRemoval } from './flow';

const CSS = `
.rac-overlay { position: fixed; inset: 0; z-index: 100; background: rgba(15, 23, 42, .5); display: flex; align-items: flex-start; justify-content: center; padding-top: 8vh; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #0f172a; }
.rac-overlay[data-entering] { animation: rac-fade .15s ease-out; }
.rac-modal { width: min(580px, 92vw); background: #fff; border-radius: 12px; box-shadow: 0 24px 60px rgba(15, 23, 42, .3); outline: none; }
.rac-modal[data-entering] { animation: rac-zoom .15s ease-out; }
@keyframes rac-fade { from { opacity: 0; } }
@keyframes rac-zoom { from { transform: scale(.96); opacity: 0; } }
.rac-dialog { padding: 22px 24px 14px; outline: none; display: flex; flex-direction: column; gap: 14px; }
.rac-dialog h2 { margin: 0; font-size: 19px; font-weight: 650; }
.rac-dialog h3 { margin: 0; font-size: 15px; font-weight: 600; }
.rac-form { display: flex; flex-direction: column; gap: 14px; }
.rac-field { display: flex; flex-direction: column; gap: 5px; }
.rac-field label, .rac-legend, .rac-select > .react-aria-Label { font-weight: 550; font-size: 13px; color: #334155; }
.rac-input { font: inherit; padding: 7px 10px; border: 1px solid #cbd5e1; border-radius: 7px; outline: none; background: #fff; color: inherit; }
.rac-input[data-focused] { border-color: #6366f1; box-shadow: 0 0 0 3px rgba(99, 102, 241, .25); }
.rac-input[readonly] { background: #f8fafc; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 13px; }
.rac-select { display: flex; flex-direction: column; gap: 5px; align-items: flex-start; }
.rac-select-button { display: flex; align-items: center; justify-content: space-between; gap: 12px; min-width: 240px; font: inherit; padding: 7px 10px; border: 1px solid #cbd5e1; border-radius: 7px; background: #fff; color: inherit; cursor: default; outline: none; }
.rac-select-button[data-focus-visible], .rac-select-button[data-pressed] { border-color: #6366f1; box-shadow: 0 0 0 3px rgba(99, 102, 241, .25); }
.rac-chevron { color: #64748b; font-size: 11px; }
.rac-popover { min-width: var(--trigger-width); background: #fff; border: 1px solid #e2e8f0; border-radius: 8px; box-shadow: 0 10px 30px rgba(15, 23, 42, .18); outline: none; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #0f172a; }
.rac-popover[data-entering] { animation: rac-fade .1s ease-out; }
.rac-listbox { padding: 4px; outline: none; max-height: inherit; overflow: auto; }
.rac-option { padding: 7px 10px 7px 28px; border-radius: 5px; cursor: default; outline: none; position: relative; }
.rac-option[data-focused] { background: #eef2ff; }
.rac-option[data-selected]::before { content: "✓"; position: absolute; left: 10px; color: #4f46e5; font-weight: 700; }
.rac-teams { border: 1px solid #e2e8f0; border-radius: 8px; padding: 8px 14px 10px; margin: 0; display: flex; flex-direction: column; gap: 8px; }
.rac-legend { padding: 0 4px; }
.rac-switch { display: flex; align-items: center; gap: 10px; cursor: default; }
.rac-switch .rac-track { width: 36px; height: 20px; border-radius: 10px; background: #cbd5e1; position: relative; transition: background .15s; flex: none; }
.rac-switch .rac-track::before { content: ""; position: absolute; top: 2px; left: 2px; width: 16px; height: 16px; border-radius: 50%; background: #fff; box-shadow: 0 1px 2px rgba(0,0,0,.25); transition: transform .15s; }
.rac-switch[data-selected] .rac-track { background: #4f46e5; }
.rac-switch[data-selected] .rac-track::before { transform: translateX(16px); }
.rac-switch[data-focus-visible] .rac-track { box-shadow: 0 0 0 3px rgba(99, 102, 241, .35); }
.rac-table { width: 100%; border-collapse: collapse; border: 1px solid #e2e8f0; border-radius: 8px; outline: none; }
.rac-table th, .rac-table td { text-align: left; padding: 8px 10px; border-bottom: 1px solid #e2e8f0; outline: none; }
.rac-table th { font-size: 12px; font-weight: 600; color: #475569; background: #f8fafc; }
.rac-table tr:last-child td { border-bottom: 0; }
.rac-actions { display: flex; justify-content: flex-end; gap: 8px; }
.rac-button { font: inherit; font-weight: 500; padding: 7px 14px; border-radius: 7px; border: 1px solid #cbd5e1; background: #fff; color: #0f172a; cursor: default; outline: none; }
.rac-button[data-hovered] { background: #f1f5f9; }
.rac-button[data-pressed] { background: #e2e8f0; }
.rac-button[data-focus-visible] { box-shadow: 0 0 0 3px rgba(99, 102, 241, .35); }
.rac-button.primary { background: #4f46e5; border-color: #4f46e5; color: #fff; }
.rac-button.primary[data-hovered] { background: #4338ca; }
.rac-button[data-disabled] { opacity: .5; }
.rac-alert { background: #fef2f2; color: #b91c1c; border: 1px solid #fecaca; border-radius: 7px; padding: 8px 12px; }
.rac-note { background: #fffbeb; color: #92400e; border: 1px solid #fde68a; border-radius: 7px; padding: 8px 12px; margin: 0; }
.rac-secret-row { display: flex; gap: 8px; align-items: flex-end; }
.rac-secret-row .rac-field { flex: 1; }
.rac-progress { display: flex; align-items: center; gap: 10px; padding: 16px 0; }
.rac-spinner { width: 16px; height: 16px; border: 2px solid #c7d2fe; border-top-color: #4f46e5; border-radius: 50%; animation: rac-spin .8s linear infinite; }
@keyframes rac-spin { to { transform: rotate(360deg); } }
.rac-caption { font-size: 12px; color: #64748b; margin: 0; }
.rac-sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.rac-table td.rac-row-actions { text-align: right; padding: 4px 6px; }
.rac-icon-button { font: inherit; line-height: 1; padding: 4px 8px; border-radius: 6px; border: 0; background: transparent; color: #475569; cursor: default; outline: none; }
.rac-icon-button[data-hovered], .rac-icon-button[data-pressed] { background: #f1f5f9; }
.rac-icon-button[data-focus-visible] { box-shadow: 0 0 0 3px rgba(99, 102, 241, .35); }
.rac-menu { padding: 4px; outline: none; min-width: 140px; }
.rac-menu-item { padding: 7px 10px; border-radius: 5px; cursor: default; outline: none; }
.rac-menu-item[data-focused] { background: #eef2ff; }
.rac-menu-item[data-disabled] { color: #94a3b8; }
.rac-menu-item.danger { color: #b91c1c; }
.rac-menu-item.danger[data-focused] { background: #fef2f2; }
.rac-overlay.rac-confirm-overlay { z-index: 110; align-items: center; padding-top: 0; }
.rac-modal.rac-confirm { width: min(420px, 92vw); }
.rac-button.danger { background: #dc2626; border-color: #dc2626; color: #fff; }
.rac-button.danger[data-hovered] { background: #b91c1c; }
`;

function KeysUi({ flow, texts }: KeysUiProps) {
  // The key the confirmation is about (its ModalOverlay is unmounted when null).
  const [target, setTarget] = useState<ReplicaKey | null>(null);
  let content;
  if (flow.step === 'list') {
    content = (
      <>
        <Table aria-label="API keys" className="rac-table">
          <TableHeader>
            <Column isRowHeader>Name</Column>
            <Column>Permission</Column>
            <Column>Created</Column>
            <Column>
              <span className="rac-sr-only">Actions</span>
            </Column>
          </TableHeader>
          <TableBody>
            {flow.keys.map((k, i) => (
              <Row key={`${k.name}-${i}`} id={`${k.name}-${i}`}>
                <Cell>{k.name}</Cell>
                <Cell>{texts.options[k.permission]}</Cell>
                <Cell>{shortDate(k.createdAt)}</Cell>
                <Cell className="rac-row-actions">
                  <MenuTrigger>
                    <Button className="rac-icon-button" aria-label={`Actions for ${k.name}`}>
                      <span aria-hidden="true">⋯</span>
                    </Button>
                    <Popover className="rac-popover" placement="bottom end" offset={4}>
                      <Menu className="rac-menu" disabledKeys={['rename']}>
                        <MenuItem id="rename" className="rac-menu-item">
                          Rename…
                        </MenuItem>
                        <MenuItem id="revoke" className="rac-menu-item danger" onAction={() => setTarget(k)}>
                          Revoke
                        </MenuItem>
                      </Menu>
                    </Popover>
                  </MenuTrigger>
                </Cell>
              </Row>
            ))}
          </TableBody>
        </Table>
        <div className="rac-actions">
          <Button className="rac-button" onPress={flow.close}>
            Close
          </Button>
          <Button className="rac-button primary" onPress={flow.startCreate}>
            Create API key
          </Button>
        </div>
      </>
    );
  } else if (flow.step === 'create') {
    content = (
      <form className="rac-form" onSubmit={(e) => (e.preventDefault(), void flow.save())}>
        <h3>{texts.formTitle}</h3>
        <TextField className="rac-field" value={flow.form.name} onChange={flow.setName} autoComplete="off">
          <Label>{texts.nameLabel}</Label>
          <Input className="rac-input" />
        </TextField>
        <Select className="rac-select" value={flow.form.permission} onChange={(key) => key !== null && flow.setPermission(key as Permission)}>
          <Label>{texts.permissionLabel}</Label>
          <Button className="rac-select-button">
            <SelectValue />
            <span aria-hidden="true" className="rac-chevron">
              ▼
            </span>
          </Button>
          <Popover className="rac-popover" placement="bottom start" offset={4}>
            <ListBox className="rac-listbox">
              <ListBoxItem className="rac-option" id="read">
                {texts.options.read}
              </ListBoxItem>
              <ListBoxItem className="rac-option" id="read-write">
                {texts.options['read-write']}
              </ListBoxItem>
            </ListBox>
          </Popover>
        </Select>
        <fieldset className="rac-teams">
          <legend className="rac-legend">{texts.teamsLabel}</legend>
          {TEAMS.map((team) => (
            <Switch key={team} className="rac-switch" isSelected={flow.form.teams[team] !== 'none'} onChange={(on) => flow.setTeam(team, on ? 'read' : 'none')}>
              <span className="rac-track" aria-hidden="true" />
              {team}
            </Switch>
          ))}
        </fieldset>
        {flow.error && (
          <div role="alert" className="rac-alert">
            {flow.error}
          </div>
        )}
        <div className="rac-actions">
          <Button className="rac-button" onPress={flow.cancel}>
            Cancel
          </Button>
          <Button type="submit" className="rac-button primary" isDisabled={!flow.canSave}>
            {texts.save}
          </Button>
        </div>
      </form>
    );
  } else if (flow.step === 'generating') {
    // Not reached with this variant's texts (generatingMs 0) unless the page asks for `generating`.
    content = (
      <ProgressBar className="rac-progress" isIndeterminate>
        <span className="rac-spinner" aria-hidden="true" />
        <Label>{texts.generating}</Label>
      </ProgressBar>
    );
  } else {
    content = (
      <>
        <SecretView flow={flow} texts={texts} />
        <div className="rac-actions">
          <Button className="rac-button primary" onPress={flow.done}>
            {texts.done}
          </Button>
        </div>
      </>
    );
  }
  return (
    <ModalOverlay className="rac-overlay" isOpen={flow.open} onOpenChange={(o) => !o && flow.close()} isDismissable>
      <style>{CSS}</style>
      <Modal className="rac-modal">
        <Dialog className="rac-dialog">
          <Heading slot="title">API keys</Heading>
          {content}
          <p className="rac-caption">{texts.library}</p>
        </Dialog>
      </Modal>
      {target && <ConfirmRevoke target={target} flow={flow} onClose={() => setTarget(null)} />}
    </ModalOverlay>
  );
}

/**
 * The confirmation, as React Aria's "alert dialog" example: a Dialog with `role="alertdialog"` in
 * its own ModalOverlay (Escape closes it, a click outside does not), "Cancel" and "Revoke".
 */
function ConfirmRevoke(props: { target: ReplicaKey; flow: KeysUiProps['flow']; onClose(): void }) {
  const { target } = props;
  const { busy, error, remove } = useRemoval(props.flow);
  const revoke = () => {
    remove(target, props.onClose);
  };
  return (
    <ModalOverlay className="rac-overlay rac-confirm-overlay" isOpen onOpenChange={(o) => !o && !busy && props.onClose()} isKeyboardDismissDisabled={busy}>
      <Modal className="rac-modal rac-confirm">
        <Dialog role="alertdialog" className="rac-dialog">
          <Heading slot="title">Revoke API key?</Heading>
          <p>
            “{target.name}” (created {shortDate(target.createdAt)}) stops working at once. This cannot be undone.
          </p>
          {error && (
            <div role="alert" className="rac-alert">
              {error}
            </div>
          )}
          <div className="rac-actions">
            <Button className="rac-button" onPress={props.onClose} isDisabled={busy} autoFocus>
              Cancel
            </Button>
            <Button className="rac-button danger" onPress={revoke} isDisabled={busy}>
              Revoke
            </Button>
          </div>
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}

/** The secret in a read-only TextField with a Copy button (state starts afresh for every key). */
function SecretView({ flow, texts }: KeysUiProps) {
  const [copied, setCopied] = useState(false);
  if (flow.variant.secret === 'none') return <p>The key was created.</p>;
  return (
    <>
      <h3>{texts.secretTitle}</h3>
      <p className="rac-note">{texts.secretNote}</p>
      <div className="rac-secret-row">
        <TextField className="rac-field" value={flow.secret ?? ''} isReadOnly>
          <Label>Secret</Label>
          <Input className="rac-input" />
        </TextField>
        <Button className="rac-button" onPress={() => void navigator.clipboard?.writeText(flow.secret ?? '').then(() => setCopied(true), () => undefined)}>
          {copied ? 'Copied' : 'Copy'}
        </Button>
      </div>
    </>
  );
}

export default { KeysUi } satisfies LibraryModule;
