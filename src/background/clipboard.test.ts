import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from '@webext-core/fake-browser';

vi.mock('../shared/browser', () => ({ browser: fakeBrowser }));

const { clipboardHandlers, onClipboardAlarm, CLIPBOARD_ALARM } = await import('./clipboard');
const ctx = { sender: {}, kind: 'extension' as const };

describe('clipboard scheduling', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    vi.useFakeTimers({ now: 1_700_000_000_000, toFake: ['Date'] });
  });

  it('persists the due time and sets a backup alarm at it', async () => {
    const res = await clipboardHandlers['clipboard.scheduleClear']({ delaySeconds: 30 }, ctx);
    expect(res).toEqual({ clearsAt: 1_700_000_030_000 });
    expect(await fakeBrowser.storage.local.get('clipboard.clearAt')).toEqual({ 'clipboard.clearAt': 1_700_000_030_000 });
    const alarm = await fakeBrowser.alarms.get(CLIPBOARD_ALARM);
    expect(alarm?.scheduledTime).toBe(1_700_000_030_000);
  });

  it('schedules nothing for 0 (never clear)', async () => {
    expect(await clipboardHandlers['clipboard.scheduleClear']({ delaySeconds: 0 }, ctx)).toEqual({ clearsAt: null });
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
    expect(await fakeBrowser.alarms.getAll()).toEqual([]);
  });

  it('forgets the due time once the matching clear is reported, but not an older one', async () => {
    const { clearsAt } = await clipboardHandlers['clipboard.scheduleClear']({ delaySeconds: 30 }, ctx);
    await clipboardHandlers['clipboard.cleared']({ clearAt: 1 }, ctx);
    expect(await fakeBrowser.storage.local.get('clipboard.clearAt')).toEqual({ 'clipboard.clearAt': clearsAt });
    await clipboardHandlers['clipboard.cleared']({ clearAt: clearsAt! }, ctx);
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
    expect(await fakeBrowser.alarms.get(CLIPBOARD_ALARM)).toBeUndefined();
  });

  it('ignores other alarms and does nothing when no clear is due', async () => {
    await expect(onClipboardAlarm('vault.autolock')).resolves.toBeUndefined();
    await expect(onClipboardAlarm(CLIPBOARD_ALARM)).resolves.toBeUndefined();
  });

  it('Firefox (no offscreen API): the background page clears at the due time and forgets it', async () => {
    vi.useFakeTimers({ now: 1_700_000_000_000, toFake: ['Date', 'setTimeout'] });
    const written: string[] = [];
    vi.stubGlobal('navigator', { clipboard: { writeText: async (t: string) => void written.push(t) } });
    await clipboardHandlers['clipboard.scheduleClear']({ delaySeconds: 3 }, ctx);
    await vi.advanceTimersByTimeAsync(2_999);
    expect(written).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(written).toEqual(['']);
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
    expect(await fakeBrowser.alarms.getAll()).toEqual([]);
    vi.unstubAllGlobals();
  });
});
