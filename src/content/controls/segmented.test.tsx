// @vitest-environment happy-dom
/** @jsxImportSource react */
/** The segmented driver on Material UI's exclusive ToggleButtonGroup (role=group of aria-pressed buttons). */
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import { expect, it } from 'vitest';
import { controlsIn } from '.';
import { only, render, settled, state, useRecorded, useRealLibraries } from './test/real';

useRealLibraries();

function Mui() {
  const [v, setV] = useRecorded('perm', 'read');
  return (
    <ToggleButtonGroup exclusive value={v} onChange={(_e, x: string | null) => x && setV(x)} aria-label="Permission">
      <ToggleButton value="read">Read</ToggleButton>
      <ToggleButton value="read-write">Read/Write</ToggleButton>
    </ToggleButtonGroup>
  );
}

it('Material UI ToggleButtonGroup: one control (its buttons are not switches), chosen as React registers it', async () => {
  const root = await render(<Mui />);
  expect(controlsIn(root).map((c) => c.kind)).toEqual(['segmented']);
  const c = only(root, 'segmented');
  expect(c.peek()?.map((o) => [o.text, o.selected])).toEqual([
    ['Read', true],
    ['Read/Write', false],
  ]);
  await c.choose(c.peek()![1]!);
  await settled();
  expect(state.perm).toBe('read-write');
  expect(c.value()).toBe('Read/Write');
});
