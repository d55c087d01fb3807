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
    // The listener answers through sendResponse (the native form, see main.ts), here before it
    // returns: the state is known at once, so it keeps no channel open (returns undefined).
    const ask = async (sender: object) => {
      let answered: unknown = 'not answered before returning';
      const [kept] = await fakeBrowser.runtime.onMessage.trigger({ type: 'page.getState', data: {} }, sender as never, (r: unknown) => (answered = r));
      expect(kept).toBeUndefined();
      return answered;
    };
    expect(await ask(POPUP)).toEqual({ ok: true, data: { kind: 'no-ui' } });
    expect(await ask({ ...POPUP, tab: { id: 1 } })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // Not ours to answer: the listener leaves the channel alone.
    const [ignored] = await fakeBrowser.runtime.onMessage.trigger({ type: 'vault.status' }, POPUP as never, () => {});
    expect(ignored).toBeUndefined();
  });

  it('keeps the channel open for page.apply (returns true) and answers when applying ends', async () => {
    start();
    let answer!: (r: unknown) => void;
    const answered = new Promise((resolve) => (answer = resolve));
    const message = { type: 'page.apply', data: { template: (await import('../shared/templates')).BUILTIN_TEMPLATES[0], name: 'k', save: false } };
    const [kept] = await fakeBrowser.runtime.onMessage.trigger(message, POPUP as never, (r: unknown) => answer(r));
    expect(kept).toBe(true);
    // No API keys UI on this empty page: an answer in the protocol's shape, not silence.
    expect(await answered).toMatchObject({ ok: expect.any(Boolean) });
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
