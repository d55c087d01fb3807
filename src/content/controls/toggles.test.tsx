// @vitest-environment happy-dom
/** @jsxImportSource react */
/**
 * The checkbox and switch drivers on real library markup: Material UI's Switch (an <input
 * role=switch> at opacity 0 over its drawing) and Checkbox, Headless UI's Switch (a button
 * role=switch), React Aria's Switch (a visually hidden <input role=switch>, state in `checked`
 * only), Ant Design's Checkbox, Radix Themes' Checkbox (a button role=checkbox with a hidden
 * native input beside it).
 */
import MuiCheckbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import MuiSwitch from '@mui/material/Switch';
import { Field, Label, Switch as HSwitch } from '@headlessui/react';
import { Switch as RacSwitch } from 'react-aria-components';
import { Checkbox as AntCheckbox } from 'antd';
import { Checkbox as RadixCheckbox, Text, Theme } from '@radix-ui/themes';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { accessibleName } from '../dom/aria';
import { only, render, settled, state, useRecorded, useRealLibraries } from './test/real';

useRealLibraries();

const Team = (props: { children: (on: boolean, set: (v: boolean) => void) => ReactNode }) => {
  const [on, set] = useRecorded('on', false);
  return <>{props.children(on, set)}</>;
};

const SWITCHES: [string, () => ReactNode][] = [
  ['Material UI Switch', () => <Team>{(on, set) => <FormControlLabel label="Engineering" control={<MuiSwitch checked={on} onChange={(e) => set(e.target.checked)} />} />}</Team>],
  [
    'Headless UI Switch',
    () => (
      <Team>
        {(on, set) => (
          <Field>
            <Label>Engineering</Label>
            <HSwitch checked={on} onChange={set} />
          </Field>
        )}
      </Team>
    ),
  ],
  [
    'React Aria Switch',
    () => (
      <Team>
        {(on, set) => (
          <RacSwitch isSelected={on} onChange={set}>
            Engineering
          </RacSwitch>
        )}
      </Team>
    ),
  ],
];

const CHECKBOXES: [string, () => ReactNode][] = [
  ['Material UI Checkbox', () => <Team>{(on, set) => <FormControlLabel label="Engineering" control={<MuiCheckbox checked={on} onChange={(e) => set(e.target.checked)} />} />}</Team>],
  ['Ant Design Checkbox', () => <Team>{(on, set) => <AntCheckbox checked={on} onChange={(e) => set(e.target.checked)}>Engineering</AntCheckbox>}</Team>],
  [
    'Radix Themes Checkbox',
    () => (
      <Theme>
        <Team>
          {(on, set) => (
            <Text as="label">
              <RadixCheckbox checked={on} onCheckedChange={(v) => set(v === true)} /> Engineering
            </Text>
          )}
        </Team>
      </Theme>
    ),
  ],
];

describe.each([
  ...SWITCHES.map(([n, f]) => ['switch', n, f] as const),
  ...CHECKBOXES.map(([n, f]) => ['checkbox', n, f] as const),
])('%s: %s', (kind, _name, Fixture) => {
  it('is recognised and named by its label, reads off, turns on and off as React registers it', async () => {
    const root = await render(<Fixture />);
    const c = only(root, kind);
    expect(accessibleName(c.el)).toBe('Engineering');
    expect(c.checked()).toBe(false);
    await c.toggle();
    await settled();
    expect([state.on, c.checked()]).toEqual([true, true]);
    await c.toggle();
    await settled();
    expect([state.on, c.checked()]).toEqual([false, false]);
  });
});
