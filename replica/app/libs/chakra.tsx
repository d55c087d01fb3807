/** @jsxImportSource react */
/**
 * `ui=chakra`: the keys UI drawn with Chakra UI v3 (@chakra-ui/react, Ark UI / Zag underneath).
 * The dialog is a Chakra Dialog portalled to body; the permission is a Chakra Select (a trigger
 * button labelled by Select.Label, a hidden native <select> beside it, its listbox portalled into
 * the dialog's content as Chakra's docs do for a Select within a Dialog); team access is one
 * Switch per team; after a Spinner "Generating…" step the secret is shown in a Code element with a
 * Clipboard "Copy" button. The system is Chakra's default config with CSS layers off (see Provider).
 * Each row ends with a ghost IconButton (a trash icon, `aria-label="Revoke key"`) opening a second
 * Chakra Dialog with `role="alertdialog"` (its own Portal at the end of body) titled "Revoke API
 * key" that names the key and its created date, with "Cancel" (focused first) and a red "Revoke"
 * that shows a spinner while the server revokes it, closes when it did, or shows the server's error.
 */
import {
  Alert,
  Button,
  ChakraProvider,
  Clipboard,
  CloseButton,
  Code,
  createListCollection,
  createSystem,
  defaultConfig,
  Dialog,
  Field,
  Fieldset,
  Heading,
  HStack,
  IconButton,
  Input,
  Portal,
  Select,
  Spinner,
  Stack,
  Switch,
  Table,
  Text,
  VisuallyHidden,
} from '@chakra-ui/react';
import { useId, useMemo, useRef, useState, type ReactNode, type RefObject } from 'react';
import type { ReplicaKey } from '../model';
import { TEAMS, type Permission } from '../variant';
import { shortDate, type KeysUiProps, type LibraryModule } from './LibraryApp';
import { useRemoval } from './flow';

function KeysUi({ flow, texts }: KeysUiProps) {
  const id = useId();
  const contentRef = useRef<HTMLDivElement>(null);
  // The key the confirmation is about (its Dialog is unmounted when null).
  const [target, setTarget] = useState<ReplicaKey | null>(null);
  let content;
  let footer;
  if (flow.step === 'list') {
    content = (
      <Table.Root size="sm" variant="outline">
        <Table.Header>
          <Table.Row>
            <Table.ColumnHeader>Name</Table.ColumnHeader>
            <Table.ColumnHeader>Permission</Table.ColumnHeader>
            <Table.ColumnHeader>Created</Table.ColumnHeader>
            <Table.ColumnHeader>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.ColumnHeader>
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {flow.keys.map((k, i) => (
            <Table.Row key={`${k.name}-${i}`}>
              <Table.Cell>{k.name}</Table.Cell>
              <Table.Cell>{texts.options[k.permission]}</Table.Cell>
              <Table.Cell>{shortDate(k.createdAt)}</Table.Cell>
              <Table.Cell textAlign="end">
                <IconButton aria-label="Revoke key" variant="ghost" size="xs" colorPalette="red" onClick={() => setTarget(k)}>
                  <TrashIcon />
                </IconButton>
              </Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table.Root>
    );
    footer = (
      <>
        <Button variant="outline" onClick={flow.close}>
          Close
        </Button>
        <Button onClick={flow.startCreate}>Create API key</Button>
      </>
    );
  } else if (flow.step === 'create') {
    content = <CreateForm flow={flow} texts={texts} formId={`${id}-form`} portalRef={contentRef} />;
    footer = (
      <>
        <Button variant="outline" onClick={flow.cancel}>
          Cancel
        </Button>
        <Button type="submit" form={`${id}-form`} disabled={!flow.canSave}>
          {texts.save}
        </Button>
      </>
    );
  } else if (flow.step === 'generating') {
    content = (
      <HStack gap="3" py="6">
        <Spinner size="sm" />
        <Text>{texts.generating}</Text>
      </HStack>
    );
  } else {
    content = <SecretView flow={flow} texts={texts} />;
    footer = <Button onClick={flow.done}>{texts.done}</Button>;
  }
  return (
    <>
      <Dialog.Root open={flow.open} onOpenChange={(e) => !e.open && flow.close()} size="md" placement="center">
        <Portal>
          <Dialog.Backdrop />
          <Dialog.Positioner>
            <Dialog.Content ref={contentRef}>
              <Dialog.Header>
                <Dialog.Title>API keys</Dialog.Title>
              </Dialog.Header>
              <Dialog.Body>
                {content}
                <Text textStyle="xs" color="fg.muted" mt="4">
                  {texts.library}
                </Text>
              </Dialog.Body>
              {footer && <Dialog.Footer>{footer}</Dialog.Footer>}
              <Dialog.CloseTrigger asChild>
                <CloseButton size="sm" />
              </Dialog.CloseTrigger>
            </Dialog.Content>
          </Dialog.Positioner>
        </Portal>
      </Dialog.Root>
      {target && <ConfirmRevoke target={target} open={flow.open} flow={flow} onClose={() => setTarget(null)} />}
    </>
  );
}

const TrashIcon = () => (
  <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
    <path d="M3 6h18M8 6V4h8v2M19 6l-1 14H6L5 6M10 11v6M14 11v6" />
  </svg>
);

/**
 * The confirmation, as Chakra's "alert dialog" recipe: a Dialog with `role="alertdialog"`, Cancel
 * in a Dialog.ActionTrigger and focused first, the destructive action red. Escape, a click outside
 * or "Cancel" keeps the key; "Revoke" revokes it and closes, or shows the server's error.
 */
function ConfirmRevoke(props: { target: ReplicaKey; open: boolean; flow: KeysUiProps['flow']; onClose(): void }) {
  const { target } = props;
  const cancelRef = useRef<HTMLButtonElement>(null);
  const { busy, error, remove } = useRemoval(props.flow);
  const confirm = () => {
    remove(target, props.onClose);
  };
  return (
    <Dialog.Root
      role="alertdialog"
      open={props.open}
      onOpenChange={(e) => !e.open && !busy && props.onClose()}
      initialFocusEl={() => cancelRef.current}
      size="sm"
      placement="center"
    >
      <Portal>
        <Dialog.Backdrop />
        <Dialog.Positioner>
          <Dialog.Content>
            <Dialog.Header>
              <Dialog.Title>Revoke API key</Dialog.Title>
            </Dialog.Header>
            <Dialog.Body>
              <Dialog.Description>
                “{target.name}” (created {shortDate(target.createdAt)}) stops working at once. This cannot be undone.
              </Dialog.Description>
              {error && (
                <Alert.Root status="error" mt="4">
                  <Alert.Indicator />
                  <Alert.Title>{error}</Alert.Title>
                </Alert.Root>
              )}
            </Dialog.Body>
            <Dialog.Footer>
              <Dialog.ActionTrigger asChild>
                <Button ref={cancelRef} variant="outline" disabled={busy}>
                  Cancel
                </Button>
              </Dialog.ActionTrigger>
              <Button colorPalette="red" onClick={confirm} loading={busy}>
                Revoke
              </Button>
            </Dialog.Footer>
          </Dialog.Content>
        </Dialog.Positioner>
      </Portal>
    </Dialog.Root>
  );
}

function CreateForm({ flow, texts, formId, portalRef }: KeysUiProps & { formId: string; portalRef: RefObject<HTMLDivElement | null> }) {
  const permissions = useMemo(
    () =>
      createListCollection({
        items: [
          { label: texts.options.read, value: 'read' },
          { label: texts.options['read-write'], value: 'read-write' },
        ],
      }),
    [texts],
  );
  return (
    <form id={formId} onSubmit={(e) => (e.preventDefault(), void flow.save())} autoComplete="off">
      <Stack gap="5">
        <Heading as="h3" size="md">
          {texts.formTitle}
        </Heading>
        <Field.Root>
          <Field.Label>{texts.nameLabel}</Field.Label>
          <Input value={flow.form.name} onChange={(e) => flow.setName(e.target.value)} placeholder="What is this token for?" />
        </Field.Root>
        <Select.Root collection={permissions} value={[flow.form.permission]} onValueChange={(e) => e.value[0] && flow.setPermission(e.value[0] as Permission)}>
          <Select.HiddenSelect />
          <Select.Label>{texts.permissionLabel}</Select.Label>
          <Select.Control>
            <Select.Trigger>
              <Select.ValueText placeholder="Select a scope" />
            </Select.Trigger>
            <Select.IndicatorGroup>
              <Select.Indicator />
            </Select.IndicatorGroup>
          </Select.Control>
          <Portal container={portalRef}>
            <Select.Positioner>
              <Select.Content>
                {permissions.items.map((item) => (
                  <Select.Item item={item} key={item.value}>
                    {item.label}
                    <Select.ItemIndicator />
                  </Select.Item>
                ))}
              </Select.Content>
            </Select.Positioner>
          </Portal>
        </Select.Root>
        <Fieldset.Root>
          <Fieldset.Legend>{texts.teamsLabel}</Fieldset.Legend>
          <Fieldset.Content>
            {TEAMS.map((team) => (
              <Switch.Root key={team} checked={flow.form.teams[team] !== 'none'} onCheckedChange={(e) => flow.setTeam(team, e.checked ? 'read' : 'none')}>
                <Switch.HiddenInput />
                <Switch.Control />
                <Switch.Label>{team}</Switch.Label>
              </Switch.Root>
            ))}
          </Fieldset.Content>
        </Fieldset.Root>
        {flow.error && (
          <Alert.Root status="error">
            <Alert.Indicator />
            <Alert.Title>{flow.error}</Alert.Title>
          </Alert.Root>
        )}
      </Stack>
    </form>
  );
}

/** The secret in a Code element with a Clipboard copy button (a fresh component for every key). */
function SecretView({ flow, texts }: KeysUiProps) {
  if (flow.variant.secret === 'none') return <Text>The key was created.</Text>;
  return (
    <Stack gap="4">
      <Heading as="h3" size="md">
        {texts.secretTitle}
      </Heading>
      <Alert.Root status="warning">
        <Alert.Indicator />
        <Alert.Title>{texts.secretNote}</Alert.Title>
      </Alert.Root>
      <HStack gap="2" align="center">
        <Code size="lg" px="2" py="1" flex="1" wordBreak="break-all">
          {flow.secret}
        </Code>
        <Clipboard.Root value={flow.secret ?? ''}>
          <Clipboard.Trigger asChild>
            <Button variant="surface" size="sm">
              <Clipboard.Indicator />
              <Clipboard.CopyText />
            </Button>
          </Clipboard.Trigger>
        </Clipboard.Root>
      </HStack>
    </Stack>
  );
}

// Chakra's default theme, without CSS cascade layers: the app shell's plain, unlayered CSS
// (`button { background: #fff … }`, `h2 { … }`) would otherwise win over every layered Chakra style
// and blank out solid buttons. Apps mixing Chakra with legacy global CSS do the same.
const system = createSystem(defaultConfig, { disableLayers: true });
const Provider = ({ children }: { children: ReactNode }) => <ChakraProvider value={system}>{children}</ChakraProvider>;

export default { KeysUi, Provider } satisfies LibraryModule;
