// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KEYS_PATH } from '../../../replica/app/mount';
import type { PageState } from '../../shared/protocol';
import { fakeWorker, startRun, type Run } from '../test/harness';
import { button, mount, openForm, openKeys, replica, tick, useReplicaPage } from '../test/replica';

useReplicaPage();
let run: Run | null = null;
afterEach(() => {
  run?.ctx.abort();
  run = null;
  vi.unstubAllGlobals();
});

/** Polls without a MutationObserver (so observer counts below only see the content script's). */
async function until(fn: () => boolean, what: string, ms = 4000): Promise<void> {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error(`Timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
const kind = () => run!.states.at(-1)?.kind;
const NAMES = ['Automation Key', 'terraform-export'];
const LISTED = [
  { name: 'Automation Key', created: '2026-03-02' },
  { name: 'terraform-export', created: '2026-06-18' },
];

describe('detect-ui', () => {
  it('modal: reports list, form, closing, and a remount after reopening', async () => {
    mount('');
    run = startRun(fakeWorker());
    expect(run.detect.getState()).toEqual({ kind: 'no-ui' });
    await openKeys();
    await until(() => kind() === 'keys-list', 'keys-list');
    expect(run.states.at(-1)).toEqual({ kind: 'keys-list', listed: LISTED, existingNames: NAMES });
    expect(performance.getEntriesByName('cckh:detected').length).toBeGreaterThan(0);
    button('Create API key')!.click();
    await until(() => kind() === 'create-form', 'create-form');
    // The form took the list's place: the names it showed last still warn of duplicates.
    expect(document.querySelector('table')).toBeNull();
    expect(run.detect.getState()).toEqual({ kind: 'create-form', existingNames: NAMES });
    button('Cancel')!.click();
    await until(() => kind() === 'keys-list', 'back to list');
    button('Close')!.click();
    await until(() => kind() === 'no-ui', 'closed');
    await openKeys();
    await until(() => kind() === 'keys-list', 'reopened');
    expect(run.detect.getState()).toEqual({ kind: 'keys-list', listed: LISTED, existingNames: NAMES });
  });

  it('route: pushState, back and forward (popstate)', async () => {
    mount('mode=route');
    run = startRun(fakeWorker());
    await openKeys();
    expect(location.pathname).toBe(KEYS_PATH);
    await until(() => kind() === 'keys-list', 'keys-list after pushState');
    history.back();
    await until(() => location.pathname === '/', 'back');
    window.dispatchEvent(new PopStateEvent('popstate')); // happy-dom may not fire it on back()
    await until(() => kind() === 'no-ui', 'no-ui after back');
    history.forward();
    await until(() => location.pathname === KEYS_PATH, 'forward');
    window.dispatchEvent(new PopStateEvent('popstate'));
    await until(() => kind() === 'keys-list', 'keys-list after forward');
  });

  it('late mounts (lazy=2000): "loading" while Cloudcraft shows "Loading…", the list and the form when they appear', async () => {
    mount('lazy=2000');
    run = startRun(fakeWorker());
    await until(() => button('User') !== null, 'User');
    button('User')!.click();
    await until(() => button('API keys') !== null, 'menu');
    button('API keys')!.click();
    // The "API keys" heading is there, the list and "Create API key" are not: loading, not ready.
    await until(() => kind() === 'loading', 'loading');
    expect(replica().loading).toBe(true);
    expect(run.detect.getState()).toEqual({ kind: 'loading' });
    await until(() => run!.states.some((s) => s.kind === 'keys-list' && s.existingNames.length === 2), 'names after 2 s', 5000);
    expect(run.states.map((s) => s.kind).filter((k, i, a) => k !== a[i - 1])).toEqual(['no-ui', 'loading', 'keys-list']);
    expect(run.detect.getState()).toEqual({ kind: 'keys-list', listed: LISTED, existingNames: NAMES });
    button('Create API key')!.click();
    // The create form mounts late too: "Loading…" again in place of the list.
    await until(() => kind() === 'loading', 'form loading');
    await until(() => kind() === 'create-form', 'form after 2 s', 5000);
  }, 10_000);

  it('works without requestAnimationFrame (a tab opened in the background)', async () => {
    vi.stubGlobal('requestAnimationFrame', () => 0);
    mount('');
    run = startRun(fakeWorker());
    await openForm();
    await until(() => kind() === 'create-form', 'create-form');
  });

  it('one observer for the whole run, narrowed to the UI while it is shown', async () => {
    let created = 0;
    const Real = MutationObserver;
    vi.stubGlobal(
      'MutationObserver',
      class extends Real {
        constructor(cb: MutationCallback) {
          super(cb);
          created++;
        }
      },
    );
    mount('');
    run = startRun(fakeWorker());
    await until(() => button('User') !== null, 'User');
    for (let i = 0; i < 4; i++) {
      button('User')!.click();
      await until(() => button('API keys') !== null, 'menu');
      button('API keys')!.click();
      await until(() => kind() === 'keys-list', 'open');
      button('Close')!.click();
      await until(() => kind() === 'no-ui', 'closed');
    }
    expect(created).toBe(1);
    // Idle (no UI): churn of plain elements wakes nothing up.
    const idleBatches = run.detect.watch.stats.batches;
    const diagram = document.querySelector('.diagram')!;
    for (let i = 0; i < 20; i++) diagram.append(Object.assign(document.createElement('div'), { textContent: String(i) }));
    await tick(20);
    expect(run.detect.watch.stats.batches).toBe(idleBatches);
    button('User')!.click();
    await until(() => button('API keys') !== null, 'menu');
    button('API keys')!.click();
    await until(() => kind() === 'keys-list', 'open');
    await tick(20);
    // Churn in the diagrams (outside the dialog and its ancestry) no longer reaches the observer.
    const before = run.detect.watch.stats.records;
    const canvas = document.querySelector('.diagram')!;
    for (let i = 0; i < 50; i++) canvas.appendChild(document.createElement('div'));
    await tick(20);
    expect(run.detect.watch.stats.records).toBe(before);
  });

  it.each(['', 'mode=route'])('%s: an aria-hidden churning canvas is left out of observation, the UI is still detected', async (q) => {
    mount(q);
    run = startRun(fakeWorker());
    await until(() => button('User') !== null, 'User');
    const canvas = Object.assign(document.createElement('div'), { id: 'canvas' });
    canvas.setAttribute('aria-hidden', 'true');
    document.querySelector('.diagram')!.append(canvas);
    const churn = () => canvas.replaceChildren(...Array.from({ length: 200 }, (_, i) => Object.assign(document.createElement('div'), { textContent: String(i) })));
    churn();
    await tick(10);
    expect(run.detect.watch.excluded.has(canvas)).toBe(true);
    const records = run.detect.watch.stats.records;
    for (let i = 0; i < 5; i++) {
      churn();
      await tick(1);
    }
    expect(run.detect.watch.stats.records).toBe(records); // the canvas's churn no longer reaches us
    await openKeys();
    await until(() => kind() === 'keys-list', 'keys-list');
    button(q ? 'Back to diagrams' : 'Close')?.click();
    if (q) [...document.querySelectorAll('a')].find((a) => a.textContent === 'Back to diagrams')?.click();
    await until(() => kind() === 'no-ui', 'closed');
    if (q) return;
    // Un-hidden, it is watched again.
    canvas.removeAttribute('aria-hidden');
    await tick(10);
    expect(run.detect.watch.excluded.has(canvas)).toBe(false);
    canvas.replaceChildren(Object.assign(document.createElement('h2'), { textContent: 'API keys' }), Object.assign(document.createElement('table')));
    await until(() => kind() === 'keys-list', 'heading in the un-hidden canvas');
  });

  it('stops everything when the run is aborted (extension context invalidated)', async () => {
    mount('');
    const states: PageState[] = [];
    let alive = true;
    const { createRunContext } = await import('../context');
    const { detectUi } = await import('./detect-ui');
    const ctx = createRunContext({ transport: fakeWorker().transport, alive: () => alive });
    ctx.on('state', (s) => states.push(s));
    detectUi.init(ctx);
    alive = false; // browser.runtime.id became undefined
    await openKeys();
    await tick(20);
    expect(ctx.signal.aborted).toBe(true);
    expect(states.filter((s) => s.kind !== 'no-ui')).toEqual([]);
  });
});
