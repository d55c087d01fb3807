import { afterEach, describe, expect, it, vi } from 'vitest';
import { BUILTIN_TEMPLATES } from '../shared/templates';
import { DEFAULT_SETTINGS } from '../shared/protocol';
import type { FirstView } from '../shared/firstView';
import { startWithin } from './startWithin';

const VIEW: FirstView = { vault: 'unlocked', templates: [...BUILTIN_TEMPLATES], settings: DEFAULT_SETTINGS };

describe('startWithin', () => {
  afterEach(() => vi.useRealTimers());

  it('the first view, when it comes in time', async () => {
    expect(await startWithin(Promise.resolve(VIEW), 100)).toEqual(VIEW);
  });

  it('nothing when it cannot be read here (null) or reading failed', async () => {
    expect(await startWithin(Promise.resolve(null), 100)).toEqual({});
    expect(await startWithin(Promise.reject(new Error('storage unavailable')), 100)).toEqual({});
  });

  it('nothing when it is later than the wait, and nothing changes when it comes after', async () => {
    vi.useFakeTimers();
    let resolve!: (v: FirstView) => void;
    const view = new Promise<FirstView>((r) => (resolve = r));
    const start = startWithin(view, 100);
    await vi.advanceTimersByTimeAsync(99);
    let settled: unknown = 'pending';
    void start.then((s) => (settled = s));
    await Promise.resolve();
    expect(settled).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    expect(settled).toEqual({});
    resolve(VIEW);
    await Promise.resolve();
    expect(settled).toEqual({});
  });
});
