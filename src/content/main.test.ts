// @vitest-environment happy-dom
import { fakeBrowser } from '@webext-core/fake-browser';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('../shared/browser', async () => ({ browser: (await import('@webext-core/fake-browser')).fakeBrowser }));

const { start } = await import('./main');

afterEach(() => {
  start().abort();
  fakeBrowser.reset();
  document.body.innerHTML = '';
});

const POPUP = { id: 'test-extension-id', url: 'chrome-extension://test-extension-id/src/popup/index.html' };

describe('content script entry', () => {
  it('is idempotent: a second injection reuses the live run and adds no listener', () => {
    const a = start();
    const b = start();
    expect(b).toBe(a);
    expect(fakeBrowser.runtime.onMessage.hasListeners()).toBe(true);
  });

  it('answers page.getState from the popup through runtime.onMessage', async () => {
    start();
    // The listener answers through sendResponse and returns true (the native form, see main.ts).
    const ask = (sender: object) =>
      new Promise((resolve) => {
        void fakeBrowser.runtime.onMessage.trigger({ type: 'page.getState', data: {} }, sender as never, resolve).then(([kept]) => expect(kept).toBe(true));
      });
    expect(await ask(POPUP)).toEqual({ ok: true, data: { kind: 'no-ui' } });
    expect(await ask({ ...POPUP, tab: { id: 1 } })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // Not ours to answer: the listener leaves the channel alone.
    const [ignored] = await fakeBrowser.runtime.onMessage.trigger({ type: 'vault.status' }, POPUP as never, () => {});
    expect(ignored).toBeUndefined();
  });

  it('tears down when the extension context is invalidated, and a new injection starts fresh', () => {
    const a = start();
    (fakeBrowser.runtime as { id?: string }).id = undefined;
    expect(a.isValid()).toBe(false);
    expect(a.signal.aborted).toBe(true);
    expect(fakeBrowser.runtime.onMessage.hasListeners()).toBe(false);
    fakeBrowser.runtime.id = 'test-extension-id';
    const b = start();
    expect(b).not.toBe(a);
    expect(b.isValid()).toBe(true);
  });
});
