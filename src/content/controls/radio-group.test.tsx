// @vitest-environment happy-dom
/** @jsxImportSource react */
/**
 * The radio-group driver on real library markup: Material UI's RadioGroup (native radios at opacity
 * 0 over their drawing, in a role=radiogroup), Headless UI's RadioGroup (role=radio elements, no
 * native input), and native radios that share only a name.
 */
import FormControlLabel from '@mui/material/FormControlLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import { Radio as HRadio, RadioGroup as HRadioGroup, Label as HLabel, Field as HField } from '@headlessui/react';
import { describe, expect, it } from 'vitest';
import { only, render, settled, state, useRecorded, useRealLibraries } from './test/real';

useRealLibraries();

function Mui() {
  const [v, setV] = useRecorded('perm', 'read');
  return (
    <RadioGroup aria-label="Permission" value={v} onChange={(e) => setV(e.target.value)}>
      <FormControlLabel value="read" control={<Radio />} label="Read only" />
      <FormControlLabel value="read-write" control={<Radio />} label="Read and write" />
    </RadioGroup>
  );
}

function Headless() {
  const [v, setV] = useRecorded('perm', 'read');
  return (
    <HRadioGroup value={v} onChange={setV} aria-label="Permission">
      {[
        ['read', 'Read only'],
        ['read-write', 'Read and write'],
      ].map(([value, label]) => (
        <HField key={value}>
          <HRadio value={value} />
          <HLabel>{label}</HLabel>
        </HField>
      ))}
    </HRadioGroup>
  );
}

function NamedOnly() {
  const [v, setV] = useRecorded('perm', 'read');
  return (
    <div>
      {[
        ['read', 'Read only'],
        ['read-write', 'Read and write'],
      ].map(([value, label]) => (
        <label key={value}>
          <input type="radio" name="perm" value={value} checked={v === value} onChange={() => setV(value!)} /> {label}
        </label>
      ))}
    </div>
  );
}

describe.each([
  ['Material UI RadioGroup', Mui],
  ['Headless UI RadioGroup (role=radio)', Headless],
  ['native radios sharing a name', NamedOnly],
])('%s', (_name, Fixture) => {
  it('lists its radios by their labels, checks one as React registers it, reads it back', async () => {
    const root = await render(<Fixture />);
    const c = only(root, 'radio-group');
    expect(c.peek()?.map((o) => [o.text, o.selected])).toEqual([
      ['Read only', true],
      ['Read and write', false],
    ]);
    await c.choose(c.peek()![1]!);
    await settled();
    expect(state.perm).toBe('read-write');
    expect(c.value()).toBe('Read and write');
  });
});
