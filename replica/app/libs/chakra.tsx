/** @jsxImportSource react */
/**
 * `ui=chakra`: the keys UI drawn with Chakra UI v3 (@chakra-ui/react, Ark UI / Zag underneath).
 * The dialog is a Chakra Dialog portalled to body; the permission is a Chakra Select (a trigger
 * button labelled by Select.Label, a hidden native <select> beside it, its listbox portalled into
 * the dialog's content as Chakra's docs do for a Select within a Dialog); team access is one
 * Switch per team; after a Spinner "Generating…" step the secret is shown in a Code element with a
 * Clipboard "Copy" button. The system is Chakra's default config with CSS layers off (see Provider).
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
  Input,
  Portal,
  Select,
  Spinner,
  Stack,
  Switch,
  Table,
  Text,
} from '@chakra-ui/react';
import { useId, useMemo, useRef, type ReactNode, type RefObject } from 'react';
import { TEAMS, type Permission } from '../variant';
import { shortDate, type KeysUiProps, type LibraryModule } from './LibraryApp';

function KeysUi({ flow, texts }: KeysUiProps) {
  const id = useId();
  const contentRef = useRef<HTMLDivElement>(null);
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
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {flow.keys.map((k, i) => (
            <Table.Row key={`${k.name}-${i}`}>
              <Table.Cell>{k.name}</Table.Cell>
              <Table.Cell>{texts.options[k.permission]}</Table.Cell>
              <Table.Cell>{shortDate(k.createdAt)}</Table.Cell>
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
