/** @jsxImportSource react */
/**
 * `ui=mantine`: the keys UI drawn with Mantine 9 (@mantine/core). The dialog is a Mantine Modal;
 * the permission is a SegmentedControl (a radiogroup of native radio inputs) labelled through
 * Input.Wrapper; team access is one Mantine Select per team (No access / read / read-write, each an
 * `<input readonly>` opening a listbox portalled to body); after a Loader "Generating…" step the
 * secret is shown in a read-only, masked PasswordInput with its visibility toggle, plus a
 * CopyButton "Copy" button. Each row ends with a Menu: its target a subtle ActionIcon "⋯"
 * (`aria-label="Key actions"`), its dropdown (portalled to body) holding "Copy name" and a red
 * "Delete key". That opens a second Modal over the keys Modal, titled "Delete API key", naming the
 * key and its created date, whose red "Delete key" stays disabled until its TextInput (labelled
 * `To confirm, type “<name>” below`) holds the name exactly; "Cancel", Escape or a click on the
 * overlay keeps the key, a refused delete shows the server's error in an Alert.
 */
import '@mantine/core/styles.css';
import {
  ActionIcon,
  Alert,
  Button,
  CopyButton,
  Fieldset,
  Group,
  Input,
  Loader,
  MantineProvider,
  Menu,
  Modal,
  PasswordInput,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useId, useState, type ReactNode } from 'react';
import type { ReplicaKey } from '../model';
import { TEAMS, type Permission, type TeamAccess } from '../variant';
import { shortDate, type KeysUiProps, type LibraryModule } from './LibraryApp';
import { useRemoval } from './flow';

function KeysUi({ flow, texts }: KeysUiProps) {
  const id = useId();
  // The key the confirmation is about (its Modal is unmounted when null).
  const [target, setTarget] = useState<ReplicaKey | null>(null);
  let content;
  if (flow.step === 'list') {
    content = (
      <Stack gap="md">
        <Table striped withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Permission</Table.Th>
              <Table.Th>Created</Table.Th>
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {flow.keys.map((k, i) => (
              <Table.Tr key={`${k.name}-${i}`}>
                <Table.Td>{k.name}</Table.Td>
                <Table.Td>{texts.options[k.permission]}</Table.Td>
                <Table.Td>{shortDate(k.createdAt)}</Table.Td>
                <Table.Td ta="right">
                  <Menu position="bottom-end" shadow="md" width={160}>
                    <Menu.Target>
                      <ActionIcon variant="subtle" color="gray" aria-label="Key actions">
                        <span aria-hidden="true">⋯</span>
                      </ActionIcon>
                    </Menu.Target>
                    <Menu.Dropdown>
                      <Menu.Item onClick={() => void navigator.clipboard?.writeText(k.name).catch(() => undefined)}>Copy name</Menu.Item>
                      <Menu.Divider />
                      <Menu.Item color="red" onClick={() => setTarget(k)}>
                        Delete key
                      </Menu.Item>
                    </Menu.Dropdown>
                  </Menu>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Group justify="flex-end">
          <Button variant="default" onClick={flow.close}>
            Close
          </Button>
          <Button onClick={flow.startCreate}>Create API key</Button>
        </Group>
      </Stack>
    );
  } else if (flow.step === 'create') {
    content = (
      <form onSubmit={(e) => (e.preventDefault(), void flow.save())} autoComplete="off">
        <Stack gap="md">
          <Title order={3} size="h4">
            {texts.formTitle}
          </Title>
          <TextInput label={texts.nameLabel} value={flow.form.name} onChange={(e) => flow.setName(e.currentTarget.value)} placeholder="e.g. Terraform CI" />
          <Input.Wrapper id={`${id}-perm`} label={texts.permissionLabel} labelElement="div">
            <SegmentedControl
              aria-labelledby={`${id}-perm-label`}
              value={flow.form.permission}
              onChange={(v) => flow.setPermission(v as Permission)}
              data={[
                { value: 'read', label: texts.options.read },
                { value: 'read-write', label: texts.options['read-write'] },
              ]}
              style={{ display: 'flex', marginTop: 4 }}
            />
          </Input.Wrapper>
          <Fieldset legend={texts.teamsLabel}>
            <Stack gap="xs">
              {TEAMS.map((team) => (
                <Select
                  key={team}
                  label={team}
                  value={flow.form.teams[team]}
                  onChange={(v) => v && flow.setTeam(team, v as TeamAccess)}
                  allowDeselect={false}
                  data={[
                    { value: 'none', label: texts.noAccess },
                    { value: 'read', label: texts.options.read },
                    { value: 'read-write', label: texts.options['read-write'] },
                  ]}
                />
              ))}
            </Stack>
          </Fieldset>
          {flow.error && (
            <Alert color="red" title="Could not create the key">
              {flow.error}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={flow.cancel}>
              Cancel
            </Button>
            <Button type="submit" disabled={!flow.canSave}>
              {texts.save}
            </Button>
          </Group>
        </Stack>
      </form>
    );
  } else if (flow.step === 'generating') {
    content = (
      <Group gap="sm" py="lg">
        <Loader size="sm" />
        <Text>{texts.generating}</Text>
      </Group>
    );
  } else {
    content = <SecretView flow={flow} texts={texts} />;
  }
  return (
    <>
      <Modal
        opened={flow.open}
        onClose={flow.close}
        // The confirmation on top takes Escape and focus while it is open.
        closeOnEscape={!target}
        trapFocus={!target}
        title="API keys"
        size="lg"
        closeButtonProps={{ 'aria-label': 'Close modal' }}
        styles={{ title: { fontWeight: 600, fontSize: 'var(--mantine-font-size-lg)', margin: 0 } }}
      >
        {content}
        <Text size="xs" c="dimmed" mt="md">
          {texts.library}
        </Text>
      </Modal>
      {target && <ConfirmDelete target={target} opened={flow.open} flow={flow} onClose={() => setTarget(null)} />}
    </>
  );
}

/**
 * The confirmation: a Modal over the keys Modal (a higher zIndex) naming the key and its created
 * date; "Delete key" is enabled once the TextInput holds the key's name exactly (Enter submits then).
 */
function ConfirmDelete(props: { target: ReplicaKey; opened: boolean; flow: KeysUiProps['flow']; onClose(): void }) {
  const { target } = props;
  const [typed, setTyped] = useState('');
  const { busy, error, remove } = useRemoval(props.flow);
  const ok = typed === target.name && !busy;
  const close = () => !busy && props.onClose();
  return (
    <Modal
      opened={props.opened}
      onClose={close}
      title="Delete API key"
      zIndex={300}
      centered
      closeButtonProps={{ 'aria-label': 'Close' }}
      styles={{ title: { fontWeight: 600, margin: 0 } }}
    >
      <form
        autoComplete="off"
        onSubmit={(e) => {
          e.preventDefault();
          if (!ok) return;
          remove(target, props.onClose);
        }}
      >
        <Stack gap="md">
          <Text size="sm">
            “{target.name}” (created {shortDate(target.createdAt)}) stops working at once. This cannot be undone.
          </Text>
          <TextInput label={`To confirm, type “${target.name}” below`} value={typed} onChange={(e) => setTyped(e.currentTarget.value)} data-autofocus />
          {error && (
            <Alert color="red" title="The key was not deleted">
              {error}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close} disabled={busy}>
              Cancel
            </Button>
            <Button type="submit" color="red" disabled={!ok} loading={busy}>
              Delete key
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** The secret, masked in a read-only PasswordInput, with a CopyButton (fresh for every key). */
function SecretView({ flow, texts }: KeysUiProps) {
  if (flow.variant.secret === 'none')
    return (
      <Stack gap="md">
        <Text>The key was created.</Text>
        <Group justify="flex-end">
          <Button onClick={flow.done}>{texts.done}</Button>
        </Group>
      </Stack>
    );
  const secret = flow.secret ?? '';
  return (
    <Stack gap="md">
      <Title order={3} size="h4">
        {texts.secretTitle}
      </Title>
      <Alert color="yellow" variant="light">
        {texts.secretNote}
      </Alert>
      <Group gap="xs" align="flex-end" wrap="nowrap">
        <PasswordInput label="API key" value={secret} readOnly style={{ flex: 1 }} styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }} />
        <CopyButton value={secret}>
          {({ copied, copy }) => (
            <Button variant="light" color={copied ? 'teal' : 'blue'} onClick={copy}>
              {copied ? 'Copied' : 'Copy'}
            </Button>
          )}
        </CopyButton>
      </Group>
      <Group justify="flex-end">
        <Button onClick={flow.done}>{texts.done}</Button>
      </Group>
    </Stack>
  );
}

const Provider = ({ children }: { children: ReactNode }) => <MantineProvider>{children}</MantineProvider>;

export default { KeysUi, Provider } satisfies LibraryModule;
