// @vitest-environment happy-dom
/** @jsxImportSource react */
/**
 * The menu-button driver (APG "Menu Button") on Material UI's Button + Menu (aria-haspopup,
 * role=menu of role=menuitem in a modal Popover) and Headless UI's Menu (focus on the menu,
 * aria-activedescendant), each used as a picker that shows the current choice.
 */
import Button from '@mui/material/Button';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import { Menu as HMenu, MenuButton, MenuItem as HMenuItem, MenuItems } from '@headlessui/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { only, render, settled, state, useRecorded, useRealLibraries } from './test/real';

useRealLibraries();

const TEXT: Record<string, string> = { read: 'Read only', 'read-write': 'Read and write' };

function Mui() {
  const [v, setV] = useRecorded('perm', 'read');
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  return (
    <>
      <Button id="perm-btn" aria-haspopup="true" aria-expanded={anchor ? 'true' : 'false'} aria-controls={anchor ? 'perm-menu' : undefined} onClick={(e) => setAnchor(e.currentTarget)}>
        {TEXT[v]}
      </Button>
      <Menu id="perm-menu" anchorEl={anchor} open={anchor !== null} onClose={() => setAnchor(null)}>
        {Object.entries(TEXT).map(([value, label]) => (
          <MenuItem
            key={value}
            selected={value === v}
            onClick={() => {
              setV(value);
              setAnchor(null);
            }}
          >
            {label}
          </MenuItem>
        ))}
      </Menu>
    </>
  );
}

function Headless() {
  const [v, setV] = useRecorded('perm', 'read');
  return (
    <HMenu>
      <MenuButton>{TEXT[v]}</MenuButton>
      <MenuItems>
        {Object.entries(TEXT).map(([value, label]) => (
          <HMenuItem key={value}>
            <button type="button" onClick={() => setV(value)}>
              {label}
            </button>
          </HMenuItem>
        ))}
      </MenuItems>
    </HMenu>
  );
}

describe.each([
  ['Material UI Button + Menu', Mui],
  ['Headless UI Menu', Headless],
])('%s', (_name, Fixture) => {
  it('opens its menu, lists the items, chooses one as React registers it, reads the choice off the button', async () => {
    const root = await render(<Fixture />);
    const c = only(root, 'menu-button');
    expect(c.value()).toBe('Read only');
    const items = await c.options();
    expect(items.map((o) => o.text)).toEqual(['Read only', 'Read and write']);
    await c.choose(items[1]!);
    await settled();
    expect(state.perm).toBe('read-write');
    expect(c.value()).toBe('Read and write');
  });
});
