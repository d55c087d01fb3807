// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { clipboardFingerprint } from '../shared/fingerprint';
import { clearUnlessChanged, createClearTimer } from './clear';

describe('createClearTimer', () => {
  it('clears once at the due time and reports the due time it served', async () => {
    vi.useFakeTimers({ now: 1_000 });
    const cleared: number[] = [];
    const clear = vi.fn(() => true);
    const t = createClearTimer({ now: Date.now, clear, onCleared: (at) => cleared.push(at) });
    t.schedule(31_000);
    await vi.advanceTimersByTimeAsync(29_999);
    expect(clear).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(clear).toHaveBeenCalledTimes(1);
    expect(clear).toHaveBeenCalledWith(null);
    expect(cleared).toEqual([31_000]);
    vi.useRealTimers();
  });

  it('lets a later copy replace the pending clear (and its fingerprint)', async () => {
    vi.useFakeTimers({ now: 0 });
    const cleared: number[] = [];
    const clear = vi.fn(() => true);
    const t = createClearTimer({ now: Date.now, clear, onCleared: (at) => cleared.push(at) });
    t.schedule(30_000, 'fp-one');
    await vi.advanceTimersByTimeAsync(10_000);
    t.schedule(40_000, 'fp-two');
    await vi.advanceTimersByTimeAsync(25_000);
    expect(cleared).toEqual([]);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(cleared).toEqual([40_000]);
    expect(clear.mock.calls).toEqual([['fp-two']]);
    vi.useRealTimers();
  });

  it('does not report a clear the browser refused (or that threw)', async () => {
    vi.useFakeTimers({ now: 0 });
    const cleared: number[] = [];
    const t = createClearTimer({ now: Date.now, clear: () => false, onCleared: (at) => cleared.push(at) });
    t.schedule(0);
    await vi.advanceTimersByTimeAsync(0);
    const t2 = createClearTimer({ now: Date.now, clear: () => Promise.reject(new Error('x')), onCleared: (at) => cleared.push(at) });
    t2.schedule(0);
    await vi.advanceTimersByTimeAsync(0);
    expect(cleared).toEqual([]);
    vi.useRealTimers();
  });
});

describe('clearUnlessChanged (offscreen document)', () => {
  const KEY = 'ccapi_SuperSecretValue_0123456789abcdef';

  it('fingerprint matches → clears', async () => {
    const clear = vi.fn(() => true);
    expect(await clearUnlessChanged(await clipboardFingerprint(KEY), { read: () => KEY, clear })).toBe(true);
    expect(clear).toHaveBeenCalledTimes(1);
  });

  it("fingerprint differs (the user copied something else) → leaves it, and the clear is done", async () => {
    const clear = vi.fn(() => true);
    expect(await clearUnlessChanged(await clipboardFingerprint(KEY), { read: () => 'my own text', clear })).toBe(true);
    expect(clear).not.toHaveBeenCalled();
  });

  it('no permission (paste refused) → clears unconditionally; no fingerprint → clears without reading', async () => {
    const clear = vi.fn(() => true);
    expect(await clearUnlessChanged(await clipboardFingerprint(KEY), { read: () => null, clear })).toBe(true);
    const read = vi.fn(() => 'x');
    expect(await clearUnlessChanged(null, { read, clear })).toBe(true);
    expect(read).not.toHaveBeenCalled();
    expect(clear).toHaveBeenCalledTimes(2);
  });
});
