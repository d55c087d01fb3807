// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { createClearTimer } from './clear';

describe('createClearTimer', () => {
  it('clears once at the due time and reports the due time it served', () => {
    vi.useFakeTimers({ now: 1_000 });
    const cleared: number[] = [];
    const clear = vi.fn(() => true);
    const t = createClearTimer({ now: Date.now, clear, onCleared: (at) => cleared.push(at) });
    t.schedule(31_000);
    vi.advanceTimersByTime(29_999);
    expect(clear).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(clear).toHaveBeenCalledTimes(1);
    expect(cleared).toEqual([31_000]);
    vi.useRealTimers();
  });

  it('lets a later copy replace the pending clear', () => {
    vi.useFakeTimers({ now: 0 });
    const cleared: number[] = [];
    const t = createClearTimer({ now: Date.now, clear: () => true, onCleared: (at) => cleared.push(at) });
    t.schedule(30_000);
    vi.advanceTimersByTime(10_000);
    t.schedule(40_000);
    vi.advanceTimersByTime(25_000);
    expect(cleared).toEqual([]);
    vi.advanceTimersByTime(5_000);
    expect(cleared).toEqual([40_000]);
    vi.useRealTimers();
  });

  it('does not report a clear the browser refused', () => {
    vi.useFakeTimers({ now: 0 });
    const cleared: number[] = [];
    const t = createClearTimer({ now: Date.now, clear: () => false, onCleared: (at) => cleared.push(at) });
    t.schedule(0);
    vi.advanceTimersByTime(0);
    expect(cleared).toEqual([]);
    vi.useRealTimers();
  });
});
