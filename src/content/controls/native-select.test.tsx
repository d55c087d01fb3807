// @vitest-environment happy-dom
/** @jsxImportSource react */
/** The native-select driver on Material UI's NativeSelect (a real <select> React controls) and a bare React <select>. */
import NativeSelect from '@mui/material/NativeSelect';
import { describe, expect, it } from 'vitest';
import { only, render, settled, state, useRecorded, useRealLibraries } from './test/real';

useRealLibraries();

function Mui() {
  const [v, setV] = useRecorded('perm', 'read');
  return (
    <NativeSelect value={v} onChange={(e) => setV(e.target.value)} inputProps={{ 'aria-label': 'Permission' }}>
      <option value="read">Read</option>
      <option value="read-write">Read &amp; write</option>
      <option value="admin" disabled>
        Admin
      </option>
    </NativeSelect>
  );
}

function Bare() {
  const [v, setV] = useRecorded('perm', 'read');
  return (
    <label>
      Permission
      <select value={v} onChange={(e) => setV(e.currentTarget.value)}>
        <option value="read">Read</option>
        <option value="read-write">Read &amp; write</option>
      </select>
    </label>
  );
}

describe.each([
  ['Material UI NativeSelect', Mui],
  ['a React-controlled <select>', Bare],
])('%s', (_name, Fixture) => {
  it('lists its options without opening anything, chooses as React registers it, reads it back', async () => {
    const root = await render(<Fixture />);
    const c = only(root, 'native-select');
    expect(c.peek()?.map((o) => [o.text, o.selected])).toEqual(
      expect.arrayContaining([
        ['Read', true],
        ['Read & write', false],
      ]),
    );
    const rw = (await c.options()).find((o) => o.text === 'Read & write')!;
    await c.choose(rw);
    await settled();
    expect(state.perm).toBe('read-write');
    expect([c.value(), c.hiddenValue()]).toEqual(['Read & write', 'read-write']);
  });
});

it('a disabled option is reported disabled', async () => {
  const root = await render(<Mui />);
  expect(only(root, 'native-select').peek()?.find((o) => o.text === 'Admin')?.disabled).toBe(true);
});

it('an aria-hidden <select> (a library keeps one beside its own control) is not a control', async () => {
  const root = await render(
    <select aria-hidden="true" tabIndex={-1} defaultValue="read">
      <option value="read">Read</option>
    </select>,
  );
  expect(() => only(root, 'native-select')).toThrow('found: nothing');
});
