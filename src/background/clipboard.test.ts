import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from '@webext-core/fake-browser';

vi.mock('../shared/browser', () => ({ browser: fakeBrowser }));

const { clipboardHandlers, onClipboardAlarm, CLIPBOARD_ALARM, FINGERPRINT_KEY } = await import('./clipboard');
const { clipboardFingerprint } = await import('../shared/fingerprint');
const { settingsItem } = await import('../shared/storage');
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

  describe('clear only if unchanged (Firefox background page)', () => {
    const KEY = 'ccapi_SuperSecretValue_0123456789abcdef';
    let clipboardText: string;
    let written: string[];

    /** Copies KEY (as the popup does), schedules a 3 s clear with its fingerprint, lets `afterCopy` run, waits 3 s. */
    async function copyThenWait(opts: { optIn: boolean; permission: boolean; afterCopy?: () => void; sendFingerprint?: boolean }) {
      vi.useFakeTimers({ now: 1_700_000_000_000, toFake: ['Date', 'setTimeout'] });
      written = [];
      clipboardText = KEY;
      vi.stubGlobal('navigator', {
        clipboard: {
          readText: async () => clipboardText,
          writeText: async (t: string) => {
            written.push(t);
            clipboardText = t;
          },
        },
      });
      fakeBrowser.permissions.contains = vi.fn(async (p: { permissions?: string[] }) => opts.permission && p.permissions?.includes('clipboardRead') === true) as never;
      await settingsItem.set({ autoLockMinutes: 15, clipboardClearSeconds: 3, autoCapture: true, clipboardClearOnlyIfUnchanged: opts.optIn });
      const fingerprint = opts.sendFingerprint === false ? undefined : await clipboardFingerprint(KEY);
      await clipboardHandlers['clipboard.scheduleClear']({ delaySeconds: 3, fingerprint }, ctx);
      opts.afterCopy?.();
      await vi.advanceTimersByTimeAsync(3_000);
      // The clear hashes with real WebCrypto (off the fake clock): wait until it reported itself done.
      // (performance.now and setImmediate are not faked: up to 5 s of real time.)
      const start = performance.now();
      while ((await fakeBrowser.storage.local.get('clipboard.clearAt'))['clipboard.clearAt'] !== undefined && performance.now() - start < 4_000) {
        await new Promise((r) => setImmediate(r));
      }
      vi.unstubAllGlobals();
    }

    it('keeps the fingerprint in storage.session only, never storage.local, and only when the option is on', async () => {
      vi.stubGlobal('navigator', {});
      await clipboardHandlers['clipboard.scheduleClear']({ delaySeconds: 30, fingerprint: await clipboardFingerprint(KEY) }, ctx);
      expect(await fakeBrowser.storage.session.get(null)).toEqual({}); // option off (default): not even the hash
      await settingsItem.set({ autoLockMinutes: 15, clipboardClearSeconds: 30, autoCapture: true, clipboardClearOnlyIfUnchanged: true });
      await clipboardHandlers['clipboard.scheduleClear']({ delaySeconds: 30, fingerprint: await clipboardFingerprint(KEY) }, ctx);
      expect(await fakeBrowser.storage.session.get(null)).toEqual({ [FINGERPRINT_KEY]: await clipboardFingerprint(KEY) });
      expect(Object.keys(await fakeBrowser.storage.local.get(null)).sort()).toEqual(['clipboard.clearAt', 'settings']);
      vi.unstubAllGlobals();
    });

    it('fingerprint matches → clears', async () => {
      await copyThenWait({ optIn: true, permission: true });
      expect(written).toEqual(['']);
      expect(await fakeBrowser.storage.local.get(null)).toEqual({ settings: expect.anything() });
      expect(await fakeBrowser.storage.session.get(null)).toEqual({});
    });

    it("the user copied something else → leaves it, and forgets the due time", async () => {
      await copyThenWait({ optIn: true, permission: true, afterCopy: () => (clipboardText = 'my own notes') });
      expect(written).toEqual([]);
      expect(clipboardText).toBe('my own notes');
      expect(await fakeBrowser.storage.local.get('clipboard.clearAt')).toEqual({});
      expect(await fakeBrowser.storage.session.get(null)).toEqual({});
      expect(await fakeBrowser.alarms.getAll()).toEqual([]);
    });

    it('no clipboardRead permission → clears unconditionally, as before', async () => {
      await copyThenWait({ optIn: true, permission: false, afterCopy: () => (clipboardText = 'my own notes') });
      expect(written).toEqual(['']);
    });

    it('option off, or no fingerprint sent (older popup) → clears unconditionally', async () => {
      await copyThenWait({ optIn: false, permission: true, afterCopy: () => (clipboardText = 'my own notes') });
      expect(written).toEqual(['']);
      await copyThenWait({ optIn: true, permission: true, sendFingerprint: false, afterCopy: () => (clipboardText = 'my own notes') });
      expect(written).toEqual(['']);
    });
  });
});
