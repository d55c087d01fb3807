// @vitest-environment happy-dom
/**
 * The template editor's "Team names from Cloudcraft": the stored keys offered, the one request,
 * the states a user can meet (loading, no key, locked, rejected, offline), and the exact team names
 * that end up in the saved template.
 */
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { ProtocolError, type KeyMeta, type Settings, type TeamsResult } from '../shared/protocol';
import { BUILTIN_TEMPLATES, type Template } from '../shared/templates';
import { axeViolations, fakeExtension, renderWith, type Routes } from '../ui/testing';
import { keysForTeams, toggleTeam } from './CloudcraftTeams';
import { Options } from './Options';

afterEach(cleanup);

const DAY = 86_400_000;
const T0 = new Date(2026, 10, 29, 12, 0).getTime();

function key(id: string, name: string, extra: Partial<KeyMeta> = {}): KeyMeta {
  return {
    id,
    name,
    permission: 'read',
    teams: [],
    templateId: null,
    templateLabel: null,
    createdAt: T0 - DAY,
    lastCopiedAt: null,
    verification: 'verified',
    note: '',
    revokedAt: null,
    rotatedFrom: null,
    ...extra,
  };
}

const KEYS: KeyMeta[] = [
  key('k-old', 'ci-read-2026-10-01', { createdAt: T0 - 60 * DAY }),
  key('k-unverified', 'laptop-2026-11-28', { verification: 'unverified', createdAt: T0 }),
  key('k-new', 'deploy-2026-11-20', { createdAt: T0 - 9 * DAY }),
  key('k-revoked', 'gone-2026-01-01', { revokedAt: T0 - DAY }),
  key('k-rejected', 'typo-2026-11-01', { verification: 'rejected' }),
];

const MINE: Template = { id: 'user-a', label: 'CI export', namePattern: '{purpose}-{date}', permission: 'read', teams: [], description: 'ci export', source: 'user' };

function routes(extra: Routes = {}, mine: Template[] = [MINE]): Routes {
  let user = mine;
  const settings: Settings = { autoLockMinutes: 15, clipboardClearSeconds: 30, autoCapture: true };
  return {
    'templates.list': () => ({ templates: [...BUILTIN_TEMPLATES, ...user] }),
    'templates.listUser': () => ({ templates: user }),
    'templates.saveUser': (d) => ((user = d.templates.map((t) => ({ ...t, source: 'user' as const }))), { templates: user }),
    'settings.get': () => ({ settings }),
    'keys.list': () => ({ keys: KEYS, broken: [] }),
    'teams.fromCloudcraft': () => ({ status: 'ok', teams: ['Engineering', 'Data Platform', 'Sales Ops'] }),
    ...extra,
  };
}

function setup(r: Routes = routes()) {
  const fake = fakeExtension({ routes: r, now: new Date(T0) });
  renderWith(fake.services, <Options />);
  return fake;
}

async function editCiExport() {
  const list = await screen.findByRole('list', { name: 'Templates' });
  await within(list).findByText('CI export');
  const row = within(list)
    .getAllByRole('listitem')
    .find((li) => within(li).queryByText('CI export'))!;
  fireEvent.click(within(row).getByRole('button', { name: 'Edit' }));
  return screen.getByRole('form', { name: 'Edit template' });
}

const savedTemplates = (fake: ReturnType<typeof setup>) => fake.requests.filter((r) => r.type === 'templates.saveUser').map((r) => (r.data as { templates: Template[] }).templates);
const status = (form: HTMLElement) => within(form).getAllByRole('status').map((s) => s.textContent);

describe('keysForTeams and toggleTeam', () => {
  it('offers live keys Cloudcraft did not refuse, verified first, newest first', () => {
    expect(keysForTeams(KEYS).map((k) => k.id)).toEqual(['k-new', 'k-old', 'k-unverified']);
  });

  it('checking adds a read row or respells a row naming the team loosely; unchecking removes the exact row', () => {
    const rows = [{ team: ' engineering ', access: 'read-write' as const }, { team: 'Ops', access: 'read' as const }];
    expect(toggleTeam(rows, 'Engineering', true)).toEqual([{ team: 'Engineering', access: 'read-write' }, { team: 'Ops', access: 'read' }]);
    expect(toggleTeam(rows, 'Sales Ops', true)).toEqual([...rows, { team: 'Sales Ops', access: 'read' }]);
    expect(toggleTeam(rows, 'Ops', false)).toEqual([{ team: ' engineering ', access: 'read-write' }]);
  });
});

describe('options: team names from Cloudcraft', () => {
  it('asks nothing until requested, then saves the exact names Cloudcraft listed', async () => {
    let answer: (r: TeamsResult) => void = () => undefined;
    const fake = setup(routes({ 'teams.fromCloudcraft': () => new Promise<TeamsResult>((resolve) => (answer = resolve)) }));
    const form = await editCiExport();
    expect(fake.typesSent()).not.toContain('keys.list');

    fireEvent.click(within(form).getByRole('button', { name: 'Use team names from Cloudcraft' }));
    const select = (await within(form).findByLabelText('Key to read team names with')) as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toEqual(['deploy-2026-11-20 (verified)', 'ci-read-2026-10-01 (verified)', 'laptop-2026-11-28 (not verified)']);
    expect(select.value).toBe('k-new');
    expect(document.getElementById(select.getAttribute('aria-describedby')!)!.textContent).toBe(
      "One request to api.cloudcraft.co with this key; it reads your account's team names, nothing else.",
    );
    expect(fake.typesSent()).not.toContain('teams.fromCloudcraft');

    fireEvent.change(select, { target: { value: 'k-old' } });
    const get = within(form).getByRole('button', { name: 'Get team names' }) as HTMLButtonElement;
    fireEvent.click(get);
    await waitFor(() => expect(status(form)).toContain('Asking Cloudcraft…'));
    expect(get.disabled).toBe(true);
    expect(fake.requests.filter((r) => r.type === 'teams.fromCloudcraft')).toEqual([{ type: 'teams.fromCloudcraft', data: { id: 'k-old' } }]);

    answer({ status: 'ok', teams: ['Engineering', 'Data Platform', 'Sales Ops'] });
    const group = await within(form).findByRole('group', { name: 'Teams in Cloudcraft' });
    expect(within(group).getAllByRole('checkbox').map((c) => c.parentElement!.textContent!.trim())).toEqual(['Engineering', 'Data Platform', 'Sales Ops']);
    expect(status(form)).not.toContain('Asking Cloudcraft…');
    fireEvent.click(within(group).getByRole('checkbox', { name: 'Data Platform' }));
    fireEvent.click(within(group).getByRole('checkbox', { name: 'Engineering' }));
    expect((within(form).getByLabelText('Team name 1') as HTMLInputElement).value).toBe('Data Platform');
    expect((within(form).getByLabelText('Team name 2') as HTMLInputElement).value).toBe('Engineering');
    fireEvent.change(within(form).getByLabelText('Access of team 2'), { target: { value: 'read-write' } });

    fireEvent.click(within(form).getByRole('button', { name: 'Save template' }));
    expect(await screen.findByText('Saved “CI export”.')).toBeTruthy();
    expect(savedTemplates(fake)[0]![0]!.teams).toEqual([
      { team: 'Data Platform', access: 'read' },
      { team: 'Engineering', access: 'read-write' },
    ]);
    expect(fake.requests.filter((r) => r.type === 'teams.fromCloudcraft')).toHaveLength(1);
  });

  it("gives a loosely typed row Cloudcraft's spelling, flags a name Cloudcraft lacks, and unchecking removes the row", async () => {
    const typed: Template = { ...MINE, teams: [{ team: ' engineering', access: 'read-write' }, { team: 'Ops', access: 'read' }] };
    const fake = setup(routes({}, [typed]));
    const form = await editCiExport();
    fireEvent.click(within(form).getByRole('button', { name: 'Use team names from Cloudcraft' }));
    fireEvent.click(await within(form).findByRole('button', { name: 'Get team names' }));
    const group = await within(form).findByRole('group', { name: 'Teams in Cloudcraft' });
    expect((within(group).getByRole('checkbox', { name: 'Engineering' }) as HTMLInputElement).checked).toBe(false);

    const ops = within(form).getByLabelText('Team name 2');
    expect(document.getElementById(ops.getAttribute('aria-describedby')!)!.textContent).toBe('Cloudcraft has no team with exactly this name.');
    fireEvent.click(within(group).getByRole('checkbox', { name: 'Engineering' }));
    expect((within(form).getByLabelText('Team name 1') as HTMLInputElement).value).toBe('Engineering');
    expect(within(form).getByLabelText('Team name 1').getAttribute('aria-describedby')).toBeNull();
    expect((within(group).getByRole('checkbox', { name: 'Engineering' }) as HTMLInputElement).checked).toBe(true);
    fireEvent.click(within(group).getByRole('checkbox', { name: 'Sales Ops' }));
    fireEvent.click(within(form).getByRole('button', { name: 'Remove team 2' }));
    fireEvent.click(within(group).getByRole('checkbox', { name: 'Sales Ops' }));
    fireEvent.click(within(group).getByRole('checkbox', { name: 'Sales Ops' }));

    fireEvent.click(within(form).getByRole('button', { name: 'Save template' }));
    await screen.findByText('Saved “CI export”.');
    expect(savedTemplates(fake)[0]![0]!.teams).toEqual([
      { team: 'Engineering', access: 'read-write' },
      { team: 'Sales Ops', access: 'read' },
    ]);
  });

  it.each<[string, Routes, string]>([
    ['no stored key', { 'keys.list': () => ({ keys: [KEYS[3]!, KEYS[4]!], broken: [] }) }, 'Capture a key first: team names are read with one of your keys.'],
    [
      'no vault yet',
      {
        'keys.list': () => {
          throw new ProtocolError('NOT_INITIALIZED', 'No vault yet.');
        },
      },
      'Capture a key first: team names are read with one of your keys.',
    ],
    [
      'the vault locked',
      {
        'keys.list': () => {
          throw new ProtocolError('LOCKED', 'The vault is locked.');
        },
      },
      'Unlock the vault in the popup first: team names are read with one of your keys.',
    ],
  ])('listing keys with %s says so in words and asks Cloudcraft nothing', async (_, extra, text) => {
    const fake = setup(routes(extra));
    const form = await editCiExport();
    fireEvent.click(within(form).getByRole('button', { name: 'Use team names from Cloudcraft' }));
    await waitFor(() => expect(status(form)).toContain(text));
    expect(within(form).queryByRole('button', { name: 'Get team names' })).toBeNull();
    expect(fake.typesSent()).not.toContain('teams.fromCloudcraft');
  });

  it.each<[string, () => TeamsResult, string]>([
    ['401', () => ({ status: 'rejected', httpStatus: 401 }), 'Cloudcraft rejected this key (HTTP 401): it may have been revoked. Choose another key.'],
    ['a 503', () => ({ status: 'http-error', httpStatus: 503 }), 'Cloudcraft could not answer (HTTP 503). Try again later.'],
    ['the network down', () => ({ status: 'network-error', message: 'Could not reach api.cloudcraft.co.' }), 'Could not reach api.cloudcraft.co.'],
    ['a timeout', () => ({ status: 'network-error', message: 'Cloudcraft did not answer in time.' }), 'Cloudcraft did not answer in time.'],
    [
      'the vault locked meanwhile',
      () => {
        throw new ProtocolError('LOCKED', 'The vault is locked.');
      },
      'Unlock the vault in the popup first: team names are read with one of your keys.',
    ],
  ])('Cloudcraft answering %s is said in words, and the template keeps its teams', async (_, answer, text) => {
    const typed: Template = { ...MINE, teams: [{ team: 'Ops', access: 'read' }] };
    const fake = setup(routes({ 'teams.fromCloudcraft': answer }, [typed]));
    const form = await editCiExport();
    fireEvent.click(within(form).getByRole('button', { name: 'Use team names from Cloudcraft' }));
    fireEvent.click(await within(form).findByRole('button', { name: 'Get team names' }));
    await waitFor(() => expect(status(form)).toContain(text));
    expect(within(form).queryByRole('group', { name: 'Teams in Cloudcraft' })).toBeNull();
    expect((within(form).getByRole('button', { name: 'Get team names' }) as HTMLButtonElement).disabled).toBe(false);
    fireEvent.click(within(form).getByRole('button', { name: 'Save template' }));
    await screen.findByText('Saved “CI export”.');
    expect(savedTemplates(fake)[0]![0]!.teams).toEqual([{ team: 'Ops', access: 'read' }]);
  });

  it('an account without teams is said so', async () => {
    setup(routes({ 'teams.fromCloudcraft': () => ({ status: 'ok', teams: [] }) }));
    const form = await editCiExport();
    fireEvent.click(within(form).getByRole('button', { name: 'Use team names from Cloudcraft' }));
    fireEvent.click(await within(form).findByRole('button', { name: 'Get team names' }));
    expect(await within(form).findByText('Cloudcraft lists no teams for this account.')).toBeTruthy();
  });

  it('every control is a native, focusable one; axe finds no violations with the names shown', async () => {
    setup(routes({}, [{ ...MINE, teams: [{ team: 'Ops', access: 'read' }] }]));
    const form = await editCiExport();
    const use = within(form).getByRole('button', { name: 'Use team names from Cloudcraft' });
    expect([use.tagName, use.getAttribute('type')]).toEqual(['BUTTON', 'button']);
    fireEvent.click(use);
    fireEvent.click(await within(form).findByRole('button', { name: 'Get team names' }));
    const group = await within(form).findByRole('group', { name: 'Teams in Cloudcraft' });
    const box = within(group).getByRole('checkbox', { name: 'Sales Ops' });
    box.focus();
    expect(document.activeElement).toBe(box);
    expect(box.tabIndex).toBe(0);
    expect(await axeViolations()).toEqual([]);
  });
});
