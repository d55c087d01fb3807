// @vitest-environment happy-dom
/** @jsxImportSource react */
/**
 * The listbox-button driver (APG "Select-Only Combobox" / "Listbox") on real library markup:
 * Material UI's Select (opens on mousedown, a Menu in a modal Popover that hides the rest of the
 * page), Headless UI's Listbox (opens on pointerdown, focus on the list with aria-activedescendant),
 * React Aria's Select (press events, focus on the options), Chakra UI's Select (click, hidden native select).
 */
import MuiMenuItem from '@mui/material/MenuItem';
import MuiSelect from '@mui/material/Select';
import { Listbox, ListboxButton, ListboxOption, ListboxOptions } from '@headlessui/react';
import { Button as RacButton, Label as RacLabel, ListBox, ListBoxItem, Popover, Select as RacSelect, SelectValue } from 'react-aria-components';
import { ChakraProvider, Portal, Select as ChakraSelect, createListCollection, defaultSystem } from '@chakra-ui/react';
import { describe, expect, it } from 'vitest';
import { only, render, settled, state, useRecorded, useRealLibraries } from './test/real';

useRealLibraries();

const LEVELS = [
  { value: 'read', label: 'Viewer (read)' },
  { value: 'read-write', label: 'Editor (read & write)' },
];

function Mui() {
  const [v, setV] = useRecorded('perm', 'read');
  return (
    <>
      <label id="mui-l">Access level</label>
      <MuiSelect labelId="mui-l" value={v} onChange={(e) => setV(e.target.value as string)}>
        {LEVELS.map((l) => (
          <MuiMenuItem key={l.value} value={l.value}>
            {l.label}
          </MuiMenuItem>
        ))}
      </MuiSelect>
    </>
  );
}

function Headless() {
  const [v, setV] = useRecorded('perm', 'read');
  return (
    <Listbox value={v} onChange={setV}>
      <ListboxButton aria-label="Permissions">{LEVELS.find((l) => l.value === v)?.label}</ListboxButton>
      <ListboxOptions>
        {LEVELS.map((l) => (
          <ListboxOption key={l.value} value={l.value}>
            {l.label}
          </ListboxOption>
        ))}
      </ListboxOptions>
    </Listbox>
  );
}

function ReactAria() {
  const [v, setV] = useRecorded<string>('perm', 'read');
  return (
    <RacSelect selectedKey={v} onSelectionChange={(k) => setV(String(k))}>
      <RacLabel>Role</RacLabel>
      <RacButton>
        <SelectValue />
      </RacButton>
      <Popover>
        <ListBox>
          {LEVELS.map((l) => (
            <ListBoxItem key={l.value} id={l.value}>
              {l.label}
            </ListBoxItem>
          ))}
        </ListBox>
      </Popover>
    </RacSelect>
  );
}

const collection = createListCollection({ items: LEVELS });
function Chakra() {
  const [v, setV] = useRecorded('perm', 'read');
  return (
    <ChakraProvider value={defaultSystem}>
      <ChakraSelect.Root collection={collection} value={[v]} onValueChange={(e) => setV(e.value[0] ?? 'read')}>
        <ChakraSelect.HiddenSelect />
        <ChakraSelect.Label>Scope</ChakraSelect.Label>
        <ChakraSelect.Control>
          <ChakraSelect.Trigger>
            <ChakraSelect.ValueText />
          </ChakraSelect.Trigger>
        </ChakraSelect.Control>
        <Portal>
          <ChakraSelect.Positioner>
            <ChakraSelect.Content>
              {LEVELS.map((l) => (
                <ChakraSelect.Item key={l.value} item={l}>
                  {l.label}
                </ChakraSelect.Item>
              ))}
            </ChakraSelect.Content>
          </ChakraSelect.Positioner>
        </Portal>
      </ChakraSelect.Root>
    </ChakraProvider>
  );
}

describe.each([
  ['Material UI Select', Mui],
  ['Headless UI Listbox', Headless],
  ['React Aria Select', ReactAria],
  ['Chakra UI Select', Chakra],
])('%s', (_name, Fixture) => {
  it('is recognised, lists its options from the popup it opens, chooses one as React registers it, reads it back', async () => {
    const root = await render(<Fixture />);
    const c = only(root, 'listbox-button');
    expect(c.value()).toContain('Viewer (read)');
    const options = await c.options();
    expect(options.map((o) => o.text)).toEqual(['Viewer (read)', 'Editor (read & write)']);
    await c.choose(options[1]!);
    await settled();
    expect(state.perm).toBe('read-write');
    expect(c.value()).toContain('Editor (read & write)');
  });

  it('closes its popup without choosing (Escape)', async () => {
    const root = await render(<Fixture />);
    const c = only(root, 'listbox-button');
    await c.options();
    await c.close();
    await settled();
    expect(c.el.getAttribute('aria-expanded')).not.toBe('true');
    expect(state.perm).toBe('read');
  });
});
