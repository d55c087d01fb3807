// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from '@webext-core/fake-browser';
import { IDBFactory } from 'fake-indexeddb';
import type { Envelope } from '../../shared/protocol';
import { diskStrength } from '../../test/strength';
import { waitFor } from '../dom/wait';
import { findKeysUi } from '../page/finders';
import { readKeyRows } from '../page/keyRows';
import { fakeWorker, startRun, type Run } from '../test/harness';
import { button, createKey, mount, openKeys, replica, tick, useReplicaPage } from '../test/replica';

vi.mock('../../shared/browser', () => ({ browser: fakeBrowser }));
const { createVaultService } = await import('../../background/vault/vault');

useReplicaPage();
let run: Run | null = null;
afterEach(() => {
  run?.ctx.abort();
  run = null;
});

/** A real vault (fake extension storage) holding keys captured at the given times; answers keys.match like the worker. */
async function vaultWith(keys: { name: string; at: number }[]) {
  fakeBrowser.reset();
  globalThis.indexedDB = new IDBFactory();
  let now = 0;
  const v = createVaultService({ iterations: 1_000, minIterations: 1_000, strength: diskStrength, now: () => now, fetch: async () => new Response('{}', { status: 200 }) });
  await v.create('correct horse battery staple');
  for (const k of keys) {
    now = k.at;
    await v.capture({ secret: `secret-${k.name}-${k.at}-0123456789`, name: k.name, permission: 'read', teams: [], templateId: null, templateLabel: null, capturedAt: k.at });
  }
  await v.lock(); // marks need no unlock
  return async (m: Envelope) => (m.type === 'keys.match' ? { ok: true, data: await v.match((m.data as { listed: never }).listed) } : { ok: false, error: { code: 'UNKNOWN_MESSAGE', message: m.type } });
}


describe('in-page marks on rows whose key is in the vault', () => {
  it('marks the stored key by name and date, says when two rows could be it, leaves the rest, and hides nothing from the page', async () => {
    mount('');
    await openKeys();
    await createKey('twin');
    await createKey('twin');
    const today = Date.parse(replica().keys.at(-1)!.createdAt);
    const other = await vaultWith([
      { name: 'terraform-export', at: Date.parse('2026-06-18T14:40:00.000Z') },
      { name: 'Automation Key', at: Date.parse('2025-01-01T10:00:00.000Z') }, // same name, another date: another key
      { name: 'twin', at: today },
    ]);
    run = startRun(fakeWorker({ other }));
    await waitFor(() => run!.marks.marks().length === 3, { timeout: 3000 });
    expect(run.marks.marks()).toEqual([
      { name: 'terraform-export', match: 'stored' },
      { name: 'twin', match: 'ambiguous' },
      { name: 'twin', match: 'ambiguous' },
    ]);
    const hosts = [...document.querySelectorAll('cckh-mark')];
    expect(hosts).toHaveLength(3);
    for (const h of hosts) {
      expect(h.shadowRoot).toBeNull(); // closed: the page cannot read or restyle it
      expect(h.closest('td')?.textContent).toMatch(/^(terraform-export|twin)$/); // the page's own text is unchanged
    }
    expect(readKeyRows(findKeysUi(document)!).map((r) => r.name)).toEqual(['Automation Key', 'terraform-export', 'twin', 'twin']);
  });

  it('follows the list: a list closed and reopened (new rows) gets its mark back, once', async () => {
    mount('deleteUi=button');
    await openKeys();
    run = startRun(fakeWorker({ other: await vaultWith([{ name: 'terraform-export', at: Date.parse('2026-06-18T14:40:00.000Z') }]) }));
    await waitFor(() => run!.marks.marks().length === 1, { timeout: 3000 });
    button('Close')!.click();
    await waitFor(() => findKeysUi(document) === null, { timeout: 2000 });
    await openKeys();
    await waitFor(() => document.querySelectorAll('cckh-mark').length === 1, { timeout: 3000 });
    await tick(100);
    expect(document.querySelectorAll('cckh-mark')).toHaveLength(1);
  });

  it('no vault, or no answer: no marks', async () => {
    mount('');
    await openKeys();
    const w = fakeWorker();
    run = startRun(w);
    await waitFor(() => w.sent.some((m) => m.type === 'keys.match'), { timeout: 2000 });
    await tick(50);
    expect(document.querySelectorAll('cckh-mark')).toHaveLength(0);
    expect(w.sent.find((m) => m.type === 'keys.match')?.data).toEqual({
      listed: [
        { name: 'Automation Key', created: '2026-03-02' },
        { name: 'terraform-export', created: '2026-06-18' },
      ],
    });
  });
});
