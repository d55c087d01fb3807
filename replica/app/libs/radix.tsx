/** @jsxImportSource react */
// Types for the stylesheet import below (`*.css` modules); the replica's tsconfig has none of its own.
/// <reference types="vite/client" />
/**
 * `ui=radix`: the keys UI drawn with Radix Themes (@radix-ui/themes). Its Dialog is a modal in a
 * portal; the permission is Radix's Select (a `role="combobox"` button opening a listbox in a second
 * portal that hides the rest of the page from assistive tech and blocks outside pointer events while
 * open); team access is Checkboxes (`role="checkbox"` buttons) with Text labels; after a
 * "Generating…" step with a Spinner the secret is shown as text in a Code element, without a copy
 * button.
 */
import '@radix-ui/themes/styles.css';
import { Button, Callout, Checkbox, Code, Dialog, Flex, Heading, Select, Spinner, Table, Text, TextField, Theme } from '@radix-ui/themes';
import { useId, type ReactNode } from 'react';
import { TEAMS, type Permission } from '../variant';
import { shortDate, type KeysUiProps, type LibraryModule } from './LibraryApp';

function KeysUi({ flow, texts }: KeysUiProps) {
  const id = useId();
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
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {flow.keys.map((k, i) => (
              <Table.Row key={`${k.name}-${i}`}>
                <Table.RowHeaderCell>{k.name}</Table.RowHeaderCell>
                <Table.Cell>{texts.options[k.permission]}</Table.Cell>
                <Table.Cell>{shortDate(k.createdAt)}</Table.Cell>
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
