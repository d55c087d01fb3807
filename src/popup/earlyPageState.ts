/**
 * The Cloudcraft tab's page state, asked as early as the popup can: its status line and the
 * Apply buttons wait for it (npm run bench, figure 4).
 */
import { CLOUDCRAFT_ORIGIN } from '../shared/protocol';
import type { ActiveTab } from '../ui/extension';

/** localStorage key of the last Cloudcraft tab the popup asked: a tab id (a number), nothing else. */
export const LAST_TAB_KEY = 'cckh.lastCloudcraftTab';

export interface EarlyPageState {
  tabId: number;
  /** The content script's reply to page.getState, as received (the caller unwraps it). */
  reply: unknown;
}

/**
 * Asks the active tab's content script for its page state, and guesses to save a step: the popup
 * remembers (in its localStorage) the id of the Cloudcraft tab it asked last time, and asks that
 * tab at once, while `tabs.query` is still finding the active tab (3–5 ms while a popup opens, on
 * a 2-core machine). The guessed answer is used only when `activeTab` then turns out to be that
 * very tab; otherwise the active tab is asked after all. Asking a tab that is no longer Cloudcraft
 * costs nothing: the message has no receiver there (only our content script answers, and only on
 * app.cloudcraft.co) and `ask` rejects.
 * @param deps.activeTab the active tab, being looked up (resolves null: none, or no URL).
 * @param deps.ask sends page.getState to a tab (`tabs.sendMessage`); rejects when nothing answers.
 * @param deps.memory where the tab id is kept (localStorage), or null to not guess.
 * @returns the active Cloudcraft tab's id and reply; null when the active tab is not Cloudcraft or
 *   its content script does not answer (the popup then asks again and reports why). Never rejects.
 */
export function askPageStateEarly(deps: {
  activeTab: Promise<ActiveTab | null>;
  ask: (tabId: number) => Promise<unknown>;
  memory: Pick<Storage, 'getItem' | 'setItem'> | null;
}): Promise<EarlyPageState | null> {
  const guessed = rememberedTabId(deps.memory);
  const guess = guessed === null ? null : deps.ask(guessed).then((reply) => ({ tabId: guessed, reply }));
  guess?.catch(() => undefined); // an unused or failed guess must not be an unhandled rejection
  return deps.activeTab
    .then(async (tab) => {
      if (!tab || !tab.url.startsWith(`${CLOUDCRAFT_ORIGIN}/`)) return null;
      remember(deps.memory, tab.id);
      if (guess && guessed === tab.id) {
        const answered = await guess.catch(() => null);
        if (answered) return answered;
      }
      return { tabId: tab.id, reply: await deps.ask(tab.id) };
    })
    .catch(() => null);
}

function rememberedTabId(memory: Pick<Storage, 'getItem'> | null): number | null {
  try {
    const stored = memory?.getItem(LAST_TAB_KEY) ?? '';
    const id = /^\d{1,15}$/.test(stored) ? Number(stored) : NaN; // not Number(''), which is 0
    return Number.isSafeInteger(id) ? id : null;
  } catch {
    return null; // storage disabled: no guess
  }
}

function remember(memory: Pick<Storage, 'setItem'> | null, tabId: number): void {
  try {
    memory?.setItem(LAST_TAB_KEY, String(tabId));
  } catch {
    // storage full or disabled: the next opening just does not guess
  }
}
