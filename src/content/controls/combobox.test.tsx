// @vitest-environment happy-dom
/** @jsxImportSource react */
/**
 * The editable-combobox driver (APG "Combobox") on real library markup: react-select (an input in a
 * control box that opens on mousedown; the value is text beside the input; a live region of
 * announcements in the same box), Ant Design's Select (a readonly input whose options are a
 * zero-size accessible copy reached by aria-activedescendant). Mantine's Select (a readonly input
 * showing the value) needs a browser to open (its dropdown waits for a transition happy-dom never
 * runs): tests/e2e/drivers.e2e.test.ts drives it, with every library, in Chromium.
 */
import ReactSelect from 'react-select';
import { ConfigProvider, Select as AntSelect } from 'antd';
import { describe, expect, it } from 'vitest';
import { only, render, settled, state, useRecorded, useRealLibraries } from './test/real';

useRealLibraries();

const LEVELS = [
  { value: 'read', label: 'Read only' },
  { value: 'read-write', label: 'Read and write' },
];

function RSelect() {
  const [v, setV] = useRecorded('perm', 'read');
  return (
    <>
      <label htmlFor="rs">Permission</label>
      <ReactSelect inputId="rs" options={LEVELS} value={LEVELS.find((l) => l.value === v)} onChange={(o) => setV(o?.value ?? 'read')} />
    </>
  );
}

function Antd() {
  const [v, setV] = useRecorded('perm', 'read');
  return (
    <ConfigProvider>
      <label htmlFor="ant">Permission</label>
      <AntSelect id="ant" value={v} onChange={(x: string) => setV(x)} options={LEVELS} style={{ width: 200 }} />
    </ConfigProvider>
  );
}

describe.each([
  ['react-select', RSelect],
  ['Ant Design Select', Antd],
])('%s', (_name, Fixture) => {
  it('is recognised, opens, chooses as React registers it, and reads the value from its box (not the announcements)', async () => {
    const root = await render(<Fixture />);
    const c = only(root, 'combobox');
    expect(c.value()).toBe('Read only');
    const options = await c.options();
    expect(options.map((o) => o.text)).toEqual(['Read only', 'Read and write']);
    await c.choose(options[1]!);
    await settled();
    expect(state.perm).toBe('read-write');
    expect(c.value()).toBe('Read and write');
  });
});
