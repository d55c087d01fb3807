// @vitest-environment happy-dom
import { version as reactVersion } from 'react';
import { describe, expect, it } from 'vitest';
import { PERMISSION_LABELS, TEAMS, type ReplicaForm } from '../../../replica/app/mount';
import type { ApplyTemplate } from '../context';
import { click } from '../dom/events';
import { waitFor } from '../dom/wait';
import { findCreateForm, findPermissionControl } from '../page/finders';
import { fakeWorker, startRun } from '../test/harness';
import { button, mount, openForm, openKeys, replica, tick, useReplicaPage } from '../test/replica';
import { applyToPage } from './apply-template';


useReplicaPage();

const VARIANTS = [
  'mode=modal&permission=select&labels=a&teams=checkbox',
  'mode=route&permission=radio&labels=b&teams=switch',
  'mode=modal&permission=listbox&labels=c&teams=level',
  'mode=route&permission=select&labels=c&teams=level&defaultPermission=read-write',
  'mode=modal&permission=radio&labels=a&teams=level',
  'mode=route&permission=listbox&labels=b&teams=checkbox',
  'mode=modal&permission=listbox&labels=a&teams=switch&lazy=150',
  'mode=modal&permission=select&labels=b&teams=switch&hostile=1',
  'mode=modal&permission=combobox&labels=b&teams=checkbox',
  'mode=route&permission=menu&labels=c&teams=switch',
  'mode=modal&permission=segmented&labels=a&teams=level',
];

const T = (permission: 'read' | 'read-write', teams: ApplyTemplate['teams'] = []): ApplyTemplate => ({ id: 'tpl-1', label: 'Tpl', permission, teams });

/** React's state after the last commit (useEffect mirrors it to window.__replica). */
async function form(): Promise<ReplicaForm> {
  await tick(20);
  return replica().form;
}

describe.each(VARIANTS)('apply on %s', (q) => {
  const level = q.includes('teams=level');
  const other = q.includes('defaultPermission=read-write') ? 'read' : 'read-write';

  it('opens the form from the list, fills every field so React registers it, reports each field', async () => {
    mount(q);
    await openKeys();
    const teams = [
      { team: 'Engineering', access: 'read-write' as const },
      { team: 'security', access: 'read' as const }, // team names match case-insensitively
    ];
    const r = await applyToPage(document, { template: T(other, teams), name: 'ci-export', save: false });
    expect(r.fields.map((f) => [f.field, f.status])).toEqual([
      ['name', 'set'],
      ['permission', 'set'],
      // On/off only: read & write is as close as "on", which the report says (not a failure).
      ['team:Engineering', level ? 'set' : 'limited'],
      ['team:Data Platform', 'already-set'],
      ['team:Security', 'set'],
    ]);
    expect(r).toMatchObject({ ok: true, saved: false });
    expect(await form()).toEqual({
      name: 'ci-export',
      permission: other,
      teams: { Engineering: level ? 'read-write' : 'read', 'Data Platform': 'none', Security: 'read' },
    });
    if (!level) expect(r.fields[2]?.detail).toBe('Team "Engineering": this page only offers on/off: set to on');
    expect(replica().saves).toBe(0); // never saved without "Fill & save"
  });

  it('reports already-set on a second apply and removes access of teams not in the template', async () => {
    mount(q);
    await openForm();
    await applyToPage(document, { template: T(other, [{ team: 'Data Platform', access: 'read' }]), name: 'n1', save: false });
    const again = await applyToPage(document, { template: T(other, [{ team: 'Data Platform', access: 'read' }]), name: 'n1', save: false });
    expect(again.fields.every((f) => f.status === 'already-set')).toBe(true);
    const r = await applyToPage(document, { template: T(other), name: 'n1', save: false });
    expect(r.fields.find((f) => f.field === 'team:Data Platform')?.status).toBe('set');
    expect((await form()).teams).toEqual({ Engineering: 'none', 'Data Platform': 'none', Security: 'none' });
  });

  it('"Fill & save" saves only after every field verified', async () => {
    mount(q);
    await openKeys();
    const r = await applyToPage(document, { template: T('read'), name: 'saved-key', save: true }, { timeoutMs: 3000 });
    expect(r.ok, JSON.stringify(r.fields)).toBe(true);
    expect(r.saved).toBe(true);
    expect(r.fields.at(-1)).toEqual({ field: 'save', status: 'set', detail: 'Saved: Cloudcraft shows the new key' });
    await tick(20);
    expect(replica().saves).toBe(1);
    expect(replica().keys.at(-1)).toMatchObject({ name: 'saved-key', permission: 'read' });
  });
});

describe('failures are reported per field and nothing is saved', () => {
  it('a template team missing from the page', async () => {
    mount('');
    await openForm();
    const r = await applyToPage(document, { template: T('read', [{ team: 'Finance', access: 'read' }]), name: 'x', save: true });
    expect(r.ok).toBe(false);
    expect(r.saved).toBe(false);
    expect(r.fields).toContainEqual({ field: 'team:Finance', status: 'failed', detail: 'Team "Finance" is not on this page (saw: "Engineering", "Data Platform", "Security")' });
    expect(r.fields.at(-1)).toMatchObject({ field: 'save', status: 'failed' });
    await tick(20);
    expect(replica().saves).toBe(0);
  });

  it('no API keys UI open', async () => {
    mount('');
    await waitFor(() => button('User'));
    const r = await applyToPage(document, { template: T('read'), name: 'x', save: false });
    expect(r).toEqual({ ok: false, saved: false, fields: [{ field: 'form', status: 'failed', detail: 'The API keys UI is not open: open User > API keys first' }] });
  });

  it('a permission control without a matching option', async () => {
    document.body.innerHTML = `<div role="dialog"><h2>API keys</h2><form><h3>Create API key</h3>
      <label for="n">Name</label><input id="n" type="text">
      <label for="p">Role</label><select id="p"><option>Owner</option><option>Member</option></select>
      <button type="submit">Save key</button></form></div>`;
    const r = await applyToPage(document, { template: T('read-write'), name: 'x', save: true });
    expect(r.fields).toContainEqual({ field: 'permission', status: 'failed', detail: 'Permission: no option matching "Read & write" (saw: "Owner", "Member")' });
    expect(r.saved).toBe(false);
  });

  it('the form is replaced while filling', async () => {
    mount('');
    await openForm();
    const p = applyToPage(document, { template: T('read-write'), name: 'x', save: true });
    button('Cancel')!.click(); // the user cancels while we wait for React to re-render
    const r = await p;
    expect(r.ok).toBe(false);
    expect(r.fields.at(-1)).toEqual({ field: 'form', status: 'failed', detail: 'The create form closed or changed while it was being filled; nothing was saved' });
    await tick(20);
    expect(replica().saves).toBe(0);
  });
});

describe('while Cloudcraft is still loading the keys UI (lazy)', () => {
  /** User > API keys, stopping while the replica still shows "Loading…" under the heading. */
  async function openKeysLoading(): Promise<void> {
    (await waitFor(() => button('User'), { timeout: 3000 }))!.click();
    (await waitFor(() => button('API keys'), { timeout: 3000 }))!.click();
    await waitFor(() => [...document.querySelectorAll('h2')].some((h) => h.textContent === 'API keys'), { timeout: 3000 });
    expect(replica().loading).toBe(true);
    expect(button('Create API key')).toBeNull();
  }

  it.each(['mode=modal&lazy=1200', 'mode=route&permission=radio&lazy=1200'])('%s: Apply waits for the list, then opens the form and fills it', async (q) => {
    mount(q);
    await openKeysLoading();
    const r = await applyToPage(document, { template: T('read-write'), name: 'while-loading', save: false });
    expect(r.fields.map((f) => [f.field, f.status])).toEqual([
      ['name', 'set'],
      ['permission', 'set'],
      ['team:Engineering', 'already-set'],
      ['team:Data Platform', 'already-set'],
      ['team:Security', 'already-set'],
    ]);
    expect(r.ok).toBe(true);
    expect((await form()).name).toBe('while-loading');
  }, 8000);

  it('Apply also waits while the create form itself is loading', async () => {
    mount('lazy=800');
    await openKeys();
    button('Create API key')!.click();
    await waitFor(() => replica().loading || null, { timeout: 1000 });
    expect(document.querySelector('form')).toBeNull();
    const r = await applyToPage(document, { template: T('read'), name: 'form-loading', save: false });
    expect(r.ok).toBe(true);
    expect((await form()).name).toBe('form-loading');
  }, 8000);

  it('gives up after the loading timeout with a precise report, nothing clicked', async () => {
    mount('lazy=3000');
    await openKeysLoading();
    const r = await applyToPage(document, { template: T('read'), name: 'x', save: true }, { loadingTimeoutMs: 300 });
    expect(r).toEqual({
      ok: false,
      saved: false,
      fields: [{ field: 'form', status: 'failed', detail: 'Cloudcraft was still loading the API keys after 0.3 s: try again once the list shows' }],
    });
    expect(replica().saves).toBe(0);
  });

  it('stops waiting on abort', async () => {
    mount('lazy=3000');
    await openKeysLoading();
    const ac = new AbortController();
    const p = applyToPage(document, { template: T('read'), name: 'x', save: false }, { signal: ac.signal });
    setTimeout(() => ac.abort(new Error('run aborted')), 50);
    await expect(p).rejects.toThrow('run aborted');
  });

  it('a list without "Create API key" (not an Owner or Administrator) says so after the wait', async () => {
    document.body.innerHTML = `<div role="dialog"><h2>API keys</h2><table><tr><th>Name</th></tr><tr><td>Automation Key</td></tr></table></div>`;
    const r = await applyToPage(document, { template: T('read'), name: 'x', save: false }, { loadingTimeoutMs: 100 });
    expect(r.fields).toEqual([{ field: 'form', status: 'failed', detail: 'The API keys list shows no "Create API key" button' }]);
  });
});

describe('React-controlled inputs', () => {
  it('a bare .value write does not register; the proper fill does', async () => {
    // The `core` vitest project runs the replica on real React 19 (not preact/compat): its value
    // tracker is what makes a bare write invisible, so this test is only meaningful there.
    expect(reactVersion).toMatch(/^19\./);
    mount('');
    await openForm();
    const name = findCreateForm(document)!.name as HTMLInputElement;
    name.value = 'bare-write';
    // Real React: its value tracker saw the bare write, so even the input event changes nothing.
    name.dispatchEvent(new Event('input', { bubbles: true }));
    expect((await form()).name).toBe('');
    expect(button('Save key')).toHaveProperty('disabled', true);
    const r = await applyToPage(document, { template: T('read'), name: 'proper-fill', save: false });
    expect(r.fields[0]).toEqual({ field: 'name', status: 'set', detail: '' });
    expect((await form()).name).toBe('proper-fill');
    expect(button('Save key')).toHaveProperty('disabled', false);
  });

  it('the custom listbox opens on the pointer sequence, not on click()', async () => {
    mount('permission=listbox&labels=b');
    await openForm();
    const pc = findPermissionControl(findCreateForm(document)!.root);
    if (pc?.kind !== 'listbox-button') throw new Error('expected a listbox button');
    (pc.el as HTMLElement).click();
    await tick();
    expect(document.querySelector('[role=listbox]')).toBeNull();
    click(pc.el);
    const box = await waitFor(() => document.querySelector('[role=listbox]'), { timeout: 1000 });
    expect(box?.parentElement).toBe(document.body); // a portal
    expect([...box!.querySelectorAll('[role=option]')].map((o) => o.textContent)).toEqual([PERMISSION_LABELS.b.read, PERMISSION_LABELS.b['read-write']]);
  });

  it('an already open listbox is used as is (another pointer sequence would close it)', async () => {
    mount('permission=listbox&labels=c');
    await openForm();
    const pc = findPermissionControl(findCreateForm(document)!.root);
    if (pc?.kind !== 'listbox-button') throw new Error('expected a listbox button');
    click(pc.el);
    await waitFor(() => document.querySelector('[role=listbox]'), { timeout: 1000 });
    const r = await applyToPage(document, { template: T('read-write'), name: 'open-list', save: false });
    expect(r.fields.find((f) => f.field === 'permission')).toEqual({ field: 'permission', status: 'set', detail: '' });
    expect((await form()).permission).toBe('read-write');
  });

  it('every team of the replica is listed', () => {
    expect([...TEAMS]).toEqual(['Engineering', 'Data Platform', 'Security']);
  });
});

describe('while Cloudcraft shows a new key', () => {
  it.each(['mode=modal&permission=select&labels=a', 'mode=route&permission=radio&labels=b'])(
    'reports secret-shown with the names, and page.apply fails clearly without touching the page (%s)',
    async (q) => {
      mount(q);
      const run = startRun(fakeWorker());
      try {
        await openKeys();
        const saved = await run.apply.apply({ template: T('read'), name: 'first-key', save: true });
        expect(saved.saved).toBe(true);
        await tick(20);
        expect(replica().view).toBe('secret');
        const state = run.detect.getState();
        expect(state.kind).toBe('secret-shown');
        expect('existingNames' in state && Array.isArray(state.existingNames)).toBe(true);
        const before = document.body.innerHTML;
        const r = await run.apply.apply({ template: T('read-write'), name: 'second-key', save: true });
        expect(r).toEqual({ ok: false, saved: false, fields: [{ field: 'form', status: 'failed', detail: 'Cloudcraft is showing a new key: click Done first.' }] });
        await tick(20);
        expect(replica().view).toBe('secret');
        expect(replica().saves).toBe(1);
        expect(document.body.innerHTML).toBe(before);
      } finally {
        run.ctx.abort();
      }
    },
  );
});
