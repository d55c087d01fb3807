/**
 * The control drivers and page finders, unit by unit, on every library variant's real markup in
 * Chromium (real layout, real focus, real animations: what happy-dom cannot give): which control the
 * finders take for the permission and for each team, and that each driver sets it by pointer and,
 * when the page ignores synthetic pointer events, by keyboard alone. React's state is read from
 * window.__replica. The drivers are bundled from src/ and injected into the page (no extension).
 */
import path from 'node:path';
import * as esbuild from 'esbuild';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIBRARY_TEXTS } from '../../replica/app/libs/texts';
import type { Ui } from '../../replica/app/variant';
import { REPO_ROOT, launchBrowser, openCloudcraft, replicaState, type Launched } from '../../scripts/lib/harness.mjs';
import { clickCreateApiKey, openKeysUi } from './lib/content-flow';

type Lib = Exclude<Ui, 'own'>;

/** The driver each library's permission control and team controls must be recognised by. */
const EXPECTED: Record<Lib, { permission: string; teams: string }> = {
  mui: { permission: 'listbox-button', teams: 'switch' },
  antd: { permission: 'combobox', teams: 'checkbox' },
  chakra: { permission: 'listbox-button', teams: 'checkbox' },
  mantine: { permission: 'radio-group', teams: 'combobox' },
  radix: { permission: 'listbox-button', teams: 'checkbox' },
  'react-aria': { permission: 'listbox-button', teams: 'switch' },
  headless: { permission: 'listbox-button', teams: 'switch' },
  'react-select': { permission: 'combobox', teams: 'checkbox' },
};
const POPUP_KINDS = ['listbox-button', 'combobox', 'menu-button'];

let bundle = '';
let run: Launched;

beforeAll(async () => {
  const out = await esbuild.build({
    entryPoints: [path.join(REPO_ROOT, 'tests/e2e/lib/drivers-entry.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'chrome120',
    logLevel: 'silent',
  });
  bundle = out.outputFiles[0]!.text;
  run = await launchBrowser({ extension: false });
});
afterAll(async () => {
  await run?.close();
});

type Survey = { kinds: string[]; permission: { kind: string; label: string; level: string | null } | null; teams: { team: string; kind: string; level: string | null }[] };
const drivers = <T>(page: Page, fn: string) => page.evaluate(`window.__cckhDrivers.${fn}`) as Promise<T>;

async function createForm(ui: Lib): Promise<Page> {
  const page = await openCloudcraft(run.browser, `ui=${ui}`);
  await openKeysUi(page);
  await clickCreateApiKey(page);
  await page.evaluate(bundle);
  return page;
}

describe.each(Object.keys(EXPECTED) as Lib[])('%s', (ui) => {
  const want = EXPECTED[ui];
  const texts = LIBRARY_TEXTS[ui];

  it('the finders take the right control for the permission and for each team, named as the page names them', async () => {
    const page = await createForm(ui);
    const s = await drivers<Survey>(page, 'survey()');
    expect(s.permission).toEqual({ kind: want.permission, label: texts.permissionLabel, level: 'read' });
    expect(s.teams).toEqual(['Engineering', 'Data Platform', 'Security'].map((team) => ({ team, kind: want.teams, level: 'none' })));
    await page.close();
  });

  it('by pointer: permission to read & write and back, a team on and off, as React holds it', async () => {
    const page = await createForm(ui);
    expect(await drivers(page, `setPermission('read-write')`)).toBe('read-write');
    expect((await replicaState(page))!.form.permission).toBe('read-write');
    expect(await drivers(page, `setTeam('Engineering', 'read')`)).toBe('read');
    expect((await replicaState(page))!.form.teams.Engineering).toBe('read');
    expect(await drivers(page, `setPermission('read')`)).toBe('read');
    expect(await drivers(page, `setTeam('Engineering', 'none')`)).toBe('none');
    expect((await replicaState(page))!.form).toMatchObject({ permission: 'read', teams: { Engineering: 'none' } });
    await page.close();
  });

  it('by keyboard alone when the page ignores synthetic pointer events (open with ArrowDown/Enter/Space, arrows to the option, Enter)', async () => {
    const page = await createForm(ui);
    await drivers(page, 'ignoreSyntheticPointer()');
    // The popup control of this variant: the permission, or (Mantine) a team's level select.
    if (POPUP_KINDS.includes(want.permission)) {
      expect(await drivers(page, `setPermission('read-write')`)).toBe('read-write');
      expect((await replicaState(page))!.form.permission).toBe('read-write');
    } else {
      expect(await drivers(page, `setTeam('Data Platform', 'read-write')`)).toBe('read-write');
      expect((await replicaState(page))!.form.teams['Data Platform']).toBe('read-write');
    }
    // Nothing was submitted on the way (some libraries submit the form on Enter).
    expect((await replicaState(page))!.saves).toBe(0);
    await page.close();
  });
});
