/** @jsxImportSource react */
// Types for the stylesheet import below (`*.css` modules); the replica's tsconfig has none of its own.
/// <reference types="vite/client" />
/**
 * `ui=radix`: the keys UI drawn with Radix Themes (@radix-ui/themes). Its Dialog is a modal in a
 * portal; the permission is Radix's Select (a `role="combobox"` button opening a listbox in a second
 * portal that hides the rest of the page from assistive tech and blocks outside pointer events while
 * open); team access is Checkboxes (`role="checkbox"` buttons) with Text labels; after a
 * "Generating…" step with a Spinner the secret is shown as text in a Code element, without a copy
 * button. Each row ends with a DropdownMenu (an IconButton "More actions" with "Copy ID" and a red
 * "Revoke"); "Revoke" opens an AlertDialog (`role="alertdialog"`, its own portal at the end of body)
 * naming the key and its created date, with "Cancel" and "Revoke".
 */
import '@radix-ui/themes/styles.css';
import {
  AlertDialog,
  Button,
  Callout,
  Checkbox,
  Code,
  Dialog,
  DropdownMenu,
  Flex,
  Heading,
  IconButton,
  Select,
  Spinner,
  Table,
  Text,
  TextField,
  Theme,
  VisuallyHidden,
} from '@radix-ui/themes';
import { useId, useRef, useState, type ReactNode, type RefObject } from 'react';
import type { ReplicaKey } from '../model';
import { TEAMS, type Permission } from '../variant';
import { shortDate, type KeysUiProps, type LibraryModule } from './LibraryApp';
import { useRemoval } from './flow';

function KeysUi({ flow, texts }: KeysUiProps) {
  const id = useId();
  // The key the AlertDialog is about; kept while it animates out after closing.
  const [target, setTarget] = useState<ReplicaKey | null>(null);
  const [confirmOpen, setConfirmOpen] = useState(false);
  // Each opening is a fresh confirmation (no error left from the last one).
  const [confirmCount, setConfirmCount] = useState(0);
  // The row's "More actions" button, focused again when the AlertDialog closes (it has no Trigger).
  const returnFocus = useRef<HTMLButtonElement | null>(null);
  let content: ReactNode;
  if (flow.step === 'list') {
    content = (
      <>
        <Table.Root size="1" variant="surface">
          <Table.Header>
            <Table.Row>
              <Table.ColumnHeaderCell>Name</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell>Permission</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell>Created</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.ColumnHeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {flow.keys.map((k, i) => (
              <Table.Row key={`${k.name}-${i}`}>
                <Table.RowHeaderCell>{k.name}</Table.RowHeaderCell>
                <Table.Cell>{texts.options[k.permission]}</Table.Cell>
                <Table.Cell>{shortDate(k.createdAt)}</Table.Cell>
                <Table.Cell justify="end">
                  <RowMenu
                    onRevoke={(trigger) => {
                      returnFocus.current = trigger;
                      setTarget(k);
                      setConfirmOpen(true);
                      setConfirmCount((n) => n + 1);
                    }}
                  />
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table.Root>
        <Flex gap="3" mt="4" justify="end">
          <Button variant="soft" color="gray" onClick={flow.close}>
            Close
          </Button>
          <Button onClick={flow.startCreate}>Create API key</Button>
        </Flex>
        {target && <ConfirmRevoke key={confirmCount} target={target} open={confirmOpen} flow={flow} returnFocus={returnFocus} onClose={() => setConfirmOpen(false)} />}
      </>
    );
  } else if (flow.step === 'create') {
    content = (
      <form onSubmit={(e) => (e.preventDefault(), void flow.save())}>
        <Flex direction="column" gap="3">
          <Heading as="h3" size="3">
            {texts.formTitle}
          </Heading>
          <Flex direction="column" gap="1">
            <Text as="label" size="2" weight="medium" htmlFor={`${id}-name`}>
              {texts.nameLabel}
            </Text>
            <TextField.Root id={`${id}-name`} value={flow.form.name} onChange={(e) => flow.setName(e.target.value)} autoComplete="off" placeholder="e.g. ci-deploy" />
          </Flex>
          <Flex direction="column" gap="1" align="start">
            <Text as="label" size="2" weight="medium" id={`${id}-perm-label`} htmlFor={`${id}-perm`}>
              {texts.permissionLabel}
            </Text>
            <Select.Root value={flow.form.permission} onValueChange={(v) => flow.setPermission(v as Permission)}>
              <Select.Trigger id={`${id}-perm`} aria-labelledby={`${id}-perm-label`} style={{ minWidth: 200 }} />
              <Select.Content position="popper">
                <Select.Item value="read">{texts.options.read}</Select.Item>
                <Select.Item value="read-write">{texts.options['read-write']}</Select.Item>
              </Select.Content>
            </Select.Root>
          </Flex>
          <Flex direction="column" gap="2" role="group" aria-labelledby={`${id}-teams`}>
            <Text size="2" weight="medium" id={`${id}-teams`}>
              {texts.teamsLabel}
            </Text>
            {TEAMS.map((team) => (
              <Text as="label" size="2" key={team}>
                <Flex gap="2" align="center">
                  <Checkbox checked={flow.form.teams[team] !== 'none'} onCheckedChange={(c) => flow.setTeam(team, c === true ? 'read' : 'none')} />
                  {team}
                </Flex>
              </Text>
            ))}
          </Flex>
          {flow.error && (
            <Callout.Root color="red" role="alert">
              <Callout.Text>{flow.error}</Callout.Text>
            </Callout.Root>
          )}
          <Flex gap="3" mt="2" justify="end">
            <Button type="button" variant="soft" color="gray" onClick={flow.cancel}>
              Cancel
            </Button>
            <Button type="submit" disabled={!flow.canSave}>
              {texts.save}
            </Button>
          </Flex>
        </Flex>
      </form>
    );
  } else if (flow.step === 'generating') {
    content = (
      <Flex align="center" gap="3" py="5">
        <Spinner size="3" />
        <Text>{texts.generating}</Text>
      </Flex>
    );
  } else {
    content = (
      <>
        <SecretView flow={flow} texts={texts} />
        <Flex gap="3" mt="4" justify="end">
          <Button onClick={flow.done}>{texts.done}</Button>
        </Flex>
      </>
    );
  }
  return (
    <Dialog.Root open={flow.open} onOpenChange={(o) => !o && flow.close()}>
      <Dialog.Content maxWidth="560px" aria-describedby={undefined}>
        <Dialog.Title>API keys</Dialog.Title>
        {content}
        <Text as="p" size="1" color="gray" mt="4">
          {texts.library}
        </Text>
      </Dialog.Content>
    </Dialog.Root>
  );
}

/** A row's DropdownMenu: a ghost IconButton "More actions" ("⋯"), "Copy ID" (does nothing) and a red "Revoke". */
function RowMenu(props: { onRevoke(trigger: HTMLButtonElement | null): void }) {
  const trigger = useRef<HTMLButtonElement>(null);
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger>
        <IconButton ref={trigger} variant="ghost" color="gray" size="1" aria-label="More actions">
          ⋯
        </IconButton>
      </DropdownMenu.Trigger>
      <DropdownMenu.Content size="1" align="end">
        <DropdownMenu.Item>Copy ID</DropdownMenu.Item>
        <DropdownMenu.Separator />
        <DropdownMenu.Item color="red" onSelect={() => props.onRevoke(trigger.current)}>
          Revoke
        </DropdownMenu.Item>
      </DropdownMenu.Content>
    </DropdownMenu.Root>
  );
}

/**
 * The confirmation, as Radix Themes' AlertDialog docs draw it: Title, Description, a gray soft
 * "Cancel" (AlertDialog.Cancel, focused first) and a red "Revoke" (AlertDialog.Action, which stays
 * open until the server answers: its click's default, closing, is prevented). Escape or "Cancel"
 * keeps the key; an outside click does nothing (an AlertDialog's rule). Closing focuses the row's
 * "More actions" again while it is there (Radix would focus an AlertDialog.Trigger; this has none).
 */
function ConfirmRevoke(props: { target: ReplicaKey; open: boolean; flow: KeysUiProps['flow']; returnFocus: RefObject<HTMLButtonElement | null>; onClose(): void }) {
  const { busy, error, remove } = useRemoval(props.flow);
  const { target } = props;
  return (
    <AlertDialog.Root open={props.open} onOpenChange={(o) => !o && !busy && props.onClose()}>
      <AlertDialog.Content
        maxWidth="450px"
        onCloseAutoFocus={(e) => {
          const back = props.returnFocus.current;
          if (back?.isConnected) {
            e.preventDefault();
            back.focus();
          }
        }}
      >
        <AlertDialog.Title>Revoke API key?</AlertDialog.Title>
        <AlertDialog.Description size="2">
          “{target.name}” (created {shortDate(target.createdAt)}) stops working at once. This cannot be undone.
        </AlertDialog.Description>
        {error && (
          <Callout.Root color="red" role="alert" mt="3">
            <Callout.Text>{error}</Callout.Text>
          </Callout.Root>
        )}
        <Flex gap="3" mt="4" justify="end">
          <AlertDialog.Cancel>
            <Button variant="soft" color="gray" disabled={busy}>
              Cancel
            </Button>
          </AlertDialog.Cancel>
          <AlertDialog.Action
            onClick={(e) => {
              e.preventDefault();
              remove(target, props.onClose);
            }}
          >
            <Button variant="solid" color="red" loading={busy}>
              Revoke
            </Button>
          </AlertDialog.Action>
        </Flex>
      </AlertDialog.Content>
    </AlertDialog.Root>
  );
}

/** The secret as text in a Code element (no copy button); its own component so it starts afresh per key. */
function SecretView({ flow, texts }: KeysUiProps) {
  if (flow.variant.secret === 'none') return <Text as="p">The key was created.</Text>;
  return (
    <Flex direction="column" gap="3">
      <Heading as="h3" size="3">
        {texts.secretTitle}
      </Heading>
      <Callout.Root color="amber">
        <Callout.Text>{texts.secretNote}</Callout.Text>
      </Callout.Root>
      <Code size="3" variant="soft" style={{ wordBreak: 'break-all', padding: '8px 10px' }}>
        {flow.secret}
      </Code>
    </Flex>
  );
}

const Provider = ({ children }: { children: ReactNode }) => (
  <Theme accentColor="indigo" radius="medium" scaling="100%">
    {children}
  </Theme>
);

export default { KeysUi, Provider } satisfies LibraryModule;
