import { describe, expect, it, vi } from 'vitest';
import type { ActiveTab } from '../ui/extension';
import { askPageStateEarly, LAST_TAB_KEY } from './earlyPageState';

const CC = (id: number): ActiveTab => ({ id, url: `https://app.cloudcraft.co/blueprint/${id}` });
const REPLY = (id: number) => ({ ok: true, data: { kind: 'keys-list', listed: [], existingNames: [`from tab ${id}`] } });

/** A Storage stand-in that keeps strings, as localStorage does. */
function memory(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  return { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, String(v)), items };
}

/** A tab lookup that resolves only when told, so the test decides what happens first. */
function deferredTab() {
  let resolve!: (t: ActiveTab | null) => void;
  const promise = new Promise<ActiveTab | null>((r) => (resolve = r));
  return { promise, resolve };
}

describe('askPageStateEarly', () => {
  it('asks the remembered tab before the active tab is known, and uses that answer when it is the active one', async () => {
    const mem = memory({ [LAST_TAB_KEY]: '7' });
    const tab = deferredTab();
    const ask = vi.fn(async (id: number) => REPLY(id));
    const early = askPageStateEarly({ activeTab: tab.promise, ask, memory: mem });
    expect(ask.mock.calls).toEqual([[7]]); // at once, tabs.query still running
    tab.resolve(CC(7));
    expect(await early).toEqual({ tabId: 7, reply: REPLY(7) });
    expect(ask).toHaveBeenCalledTimes(1);
    expect(mem.items.get(LAST_TAB_KEY)).toBe('7');
  });

  it('asks the active tab after all when the user switched tabs, and remembers the new one', async () => {
    const mem = memory({ [LAST_TAB_KEY]: '7' });
    const ask = vi.fn(async (id: number) => REPLY(id));
    expect(await askPageStateEarly({ activeTab: Promise.resolve(CC(9)), ask, memory: mem })).toEqual({ tabId: 9, reply: REPLY(9) });
    expect(ask.mock.calls).toEqual([[7], [9]]);
    expect(mem.items.get(LAST_TAB_KEY)).toBe('9');
  });

  it('asks the active tab again when the guessed one did not answer (e.g. it was reloaded)', async () => {
    const ask = vi.fn(async (id: number) => (ask.mock.calls.length === 1 ? Promise.reject(new Error('Receiving end does not exist')) : REPLY(id)));
    expect(await askPageStateEarly({ activeTab: Promise.resolve(CC(7)), ask, memory: memory({ [LAST_TAB_KEY]: '7' }) })).toEqual({ tabId: 7, reply: REPLY(7) });
    expect(ask.mock.calls).toEqual([[7], [7]]);
  });

  it('does not guess on a first opening or from a value that is not a tab id', async () => {
    for (const stored of [undefined, 'abc', '-1', '1.5', '']) {
      const ask = vi.fn(async (id: number) => REPLY(id));
      const mem = memory(stored === undefined ? {} : { [LAST_TAB_KEY]: stored });
      expect(await askPageStateEarly({ activeTab: Promise.resolve(CC(3)), ask, memory: mem })).toEqual({ tabId: 3, reply: REPLY(3) });
      expect(ask.mock.calls).toEqual([[3]]);
    }
  });

  it('is null, remembering nothing, when the active tab is not Cloudcraft or there is none', async () => {
    for (const active of [{ id: 4, url: 'https://example.com/' }, { id: 5, url: 'https://app.cloudcraft.co.evil.example/' }, null]) {
      const mem = memory({ [LAST_TAB_KEY]: '7' });
      const ask = vi.fn(async (id: number) => REPLY(id));
      expect(await askPageStateEarly({ activeTab: Promise.resolve(active), ask, memory: mem })).toBeNull();
      expect(mem.items.get(LAST_TAB_KEY)).toBe('7');
    }
  });

  it('is null, never a rejection, when the content script does not answer or tabs.query fails', async () => {
    const silent = vi.fn(async () => Promise.reject(new Error('Could not establish connection. Receiving end does not exist.')));
    expect(await askPageStateEarly({ activeTab: Promise.resolve(CC(7)), ask: silent, memory: null })).toBeNull();
    expect(await askPageStateEarly({ activeTab: Promise.reject(new Error('tabs.query failed')), ask: silent, memory: memory({ [LAST_TAB_KEY]: '7' }) })).toBeNull();
  });

  it('works without storage, or with storage that throws', async () => {
    const ask = vi.fn(async (id: number) => REPLY(id));
    const broken = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(await askPageStateEarly({ activeTab: Promise.resolve(CC(2)), ask, memory: broken })).toEqual({ tabId: 2, reply: REPLY(2) });
    expect(await askPageStateEarly({ activeTab: Promise.resolve(CC(2)), ask, memory: null })).toEqual({ tabId: 2, reply: REPLY(2) });
  });
});
