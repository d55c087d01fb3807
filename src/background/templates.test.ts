import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from '@webext-core/fake-browser';
import { ProtocolError } from '../shared/protocol';
import { BUILTIN_TEMPLATES, type Template } from '../shared/templates';

vi.mock('../shared/browser', () => ({ browser: fakeBrowser }));

const { templateHandlers } = await import('./templates');
const { ORDER_KEY } = await import('../shared/templateStore');
const ctx = { sender: {}, kind: 'extension' as const };

const user = (id: string, extra: Partial<Template> = {}) => ({
  id,
  label: `Label ${id}`,
  namePattern: '{purpose}-{date}',
  permission: 'read' as const,
  teams: [],
  description: 'ci',
  ...extra,
});

describe('templateHandlers', () => {
  beforeEach(() => fakeBrowser.reset());

  it('lists built-ins first with no managed or user templates, read-only the first', async () => {
    const { templates } = await templateHandlers['templates.list']({}, ctx);
    expect(templates.map((t) => t.id)).toEqual(['builtin-read-only', 'builtin-read-write']);
  });

  it('survives storage.managed throwing', async () => {
    vi.spyOn(fakeBrowser.storage.managed, 'get').mockRejectedValue(new Error('Managed storage is not available'));
    const { templates } = await templateHandlers['templates.list']({}, ctx);
    expect(templates).toHaveLength(2);
  });

  it('merges valid managed templates (read-only source) and user templates, least privilege first', async () => {
    await fakeBrowser.storage.managed.set({
      templates: [
        { id: 'org-eng', label: 'Eng read', namePattern: 'eng-{date}', permission: 'read', teams: [{ team: 'Engineering', access: 'read' }], description: '' },
        { id: 'bad', label: '', namePattern: '{nope}', permission: 'admin', teams: [] },
        { ...user('builtin-read-only'), label: 'Hijack' },
      ],
    });
    await templateHandlers['templates.saveUser']({ templates: [user('mine-rw', { permission: 'read-write' }), user('mine-r')] }, ctx);
    const { templates } = await templateHandlers['templates.list']({}, ctx);
    expect(templates.map((t) => [t.id, t.source])).toEqual([
      ['builtin-read-only', 'builtin'],
      ['mine-r', 'user'],
      ['org-eng', 'managed'],
      ['builtin-read-write', 'builtin'],
      ['mine-rw', 'user'],
    ]);
    expect(templates.find((t) => t.id === 'builtin-read-only')).toEqual(BUILTIN_TEMPLATES[0]);
  });

  it('reads the rotation period and copy format of a managed template, and none when the policy sets none', async () => {
    const org = { id: 'org-ci', label: 'CI', namePattern: 'ci-{date}', permission: 'read', teams: [], description: 'ci' };
    await fakeBrowser.storage.managed.set({ templates: [{ ...org, rotationDays: 30, copyFormat: 'terraform' }, { ...org, id: 'org-plain' }, { ...org, id: 'org-bad', rotationDays: 3651 }] });
    const managed = (await templateHandlers['templates.list']({}, ctx)).templates.filter((t) => t.source === 'managed');
    expect(managed).toEqual([
      { ...org, rotationDays: 30, copyFormat: 'terraform', source: 'managed' },
      { ...org, id: 'org-plain', source: 'managed' },
    ]);
  });

  it('hides a user template whose id the organisation took later (saved before the policy came)', async () => {
    await fakeBrowser.storage.sync.set({ 'tpl.org-eng': user('org-eng', { label: 'Mine, older' }), 'tpl.mine': user('mine'), [ORDER_KEY]: ['org-eng', 'mine'] });
    await fakeBrowser.storage.managed.set({ templates: [user('org-eng', { label: 'Organisation' })] });
    const { templates } = await templateHandlers['templates.list']({}, ctx);
    expect(templates.filter((t) => t.id === 'org-eng')).toEqual([{ ...user('org-eng', { label: 'Organisation' }), source: 'managed' }]);
    expect(templates.map((t) => t.id)).toContain('mine');
    // The options page's list of the user's own templates hides it as well.
    expect((await templateHandlers['templates.listUser']({}, ctx)).templates.map((t) => t.id)).toEqual(['mine']);
  });

  it('stores one sync item per template plus the order, exactly', async () => {
    await templateHandlers['templates.saveUser']({ templates: [user('a'), user('b', { teams: [{ team: 'Ops', access: 'read' }] })] }, ctx);
    expect(await fakeBrowser.storage.sync.get(null)).toEqual({
      [ORDER_KEY]: ['a', 'b'],
      'tpl.a': user('a'),
      'tpl.b': user('b', { teams: [{ team: 'Ops', access: 'read' }] }),
    });
    const { templates } = await templateHandlers['templates.listUser']({}, ctx);
    expect(templates.map((t) => t.id)).toEqual(['a', 'b']);
  });

  it('keeps a rotation period and a copy format through storage, and none when unset', async () => {
    await templateHandlers['templates.saveUser']({ templates: [user('a', { rotationDays: 30, copyFormat: 'dotenv' }), user('b')] }, ctx);
    expect((await fakeBrowser.storage.sync.get('tpl.a'))['tpl.a']).toEqual(user('a', { rotationDays: 30, copyFormat: 'dotenv' }));
    const { templates } = await templateHandlers['templates.list']({}, ctx);
    expect(templates.find((t) => t.id === 'a')).toMatchObject({ rotationDays: 30, copyFormat: 'dotenv' });
    expect(Object.keys(templates.find((t) => t.id === 'b')!)).not.toContain('rotationDays');
  });

  it('reorders and removes deleted templates', async () => {
    await templateHandlers['templates.saveUser']({ templates: [user('a'), user('b'), user('c')] }, ctx);
    await templateHandlers['templates.saveUser']({ templates: [user('c'), user('a')] }, ctx);
    expect(await fakeBrowser.storage.sync.get(null)).toEqual({ [ORDER_KEY]: ['c', 'a'], 'tpl.c': user('c'), 'tpl.a': user('a') });
    expect((await templateHandlers['templates.listUser']({}, ctx)).templates.map((t) => t.id)).toEqual(['c', 'a']);
  });

  it('rejects ids of built-in or managed templates and duplicates, writing nothing', async () => {
    await fakeBrowser.storage.managed.set({ templates: [user('org-1')] });
    await expect(templateHandlers['templates.saveUser']({ templates: [user('builtin-read-only')] }, ctx)).rejects.toThrow(ProtocolError);
    await expect(templateHandlers['templates.saveUser']({ templates: [user('org-1')] }, ctx)).rejects.toThrow(/taken/);
    await expect(templateHandlers['templates.saveUser']({ templates: [user('x'), user('x')] }, ctx)).rejects.toThrow(/twice/);
    expect(await fakeBrowser.storage.sync.get(null)).toEqual({});
  });

  it('rejects with QUOTA and writes nothing when the total would exceed 102,400 bytes', async () => {
    await templateHandlers['templates.saveUser']({ templates: [user('keep')] }, ctx);
    const before = await fakeBrowser.storage.sync.get(null);
    // 100 templates of ~1.3 KB each: every item fits, the sum does not.
    const many = Array.from({ length: 100 }, (_, i) =>
      user(`t${i}`, { teams: Array.from({ length: 5 }, (_, j) => ({ team: `team-${j}-${'x'.repeat(200 - 10)}`, access: 'read' as const })) }),
    );
    const err = await templateHandlers['templates.saveUser']({ templates: many }, ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProtocolError);
    expect((err as ProtocolError).code).toBe('QUOTA');
    expect((err as ProtocolError).message).toMatch(/^Template storage is full: /);
    expect(await fakeBrowser.storage.sync.get(null)).toEqual(before);
  });

  it('rejects with QUOTA when one item exceeds 8,192 bytes', async () => {
    const big = user('big', { teams: Array.from({ length: 50 }, (_, j) => ({ team: `team-${j}-${'y'.repeat(180)}`, access: 'read' as const })) });
    await expect(templateHandlers['templates.saveUser']({ templates: [big] }, ctx)).rejects.toMatchObject({ code: 'QUOTA' });
    expect(await fakeBrowser.storage.sync.get(null)).toEqual({});
  });

  it('ignores invalid user items in sync instead of failing the list', async () => {
    await fakeBrowser.storage.sync.set({ 'tpl.bad': { id: 'bad', label: '' }, 'tpl.ok': user('ok') });
    const { templates } = await templateHandlers['templates.list']({}, ctx);
    expect(templates.map((t) => t.id)).toContain('ok');
    expect(templates.map((t) => t.id)).not.toContain('bad');
  });

  it('gets default settings and sets them', async () => {
    expect((await templateHandlers['settings.get']({}, ctx)).settings).toEqual({
      autoLockMinutes: 15,
      clipboardClearSeconds: 30,
      autoCapture: true,
      clipboardClearOnlyIfUnchanged: false,
      verifyOnCapture: true,
      lockOnScreenLock: true,
    });
    const next = { autoLockMinutes: 5, clipboardClearSeconds: 0, autoCapture: false };
    expect((await templateHandlers['settings.set']({ settings: next }, ctx)).settings).toEqual(next);
    expect(await fakeBrowser.storage.local.get('settings')).toEqual({ settings: next });
    // The opt-in "clear only if unchanged" round-trips; settings saved without it still parse.
    const optIn = { ...next, clipboardClearOnlyIfUnchanged: true };
    expect((await templateHandlers['settings.set']({ settings: optIn }, ctx)).settings).toEqual(optIn);
  });
});
