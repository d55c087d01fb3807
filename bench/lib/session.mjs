/**
 * Browsers for the benchmark: one with the built extension (vault created once), one without it
 * (the baseline for the overhead and memory figures), both on the replica.
 */
import { APP_ORIGIN, launchBrowser, serviceWorker } from '../../scripts/lib/harness.mjs';

/** Used only in the benchmark's throwaway profile. */
export const BENCH_PASSPHRASE = 'bench passphrase: correct horse battery staple 2026';

/** Buttons and menu items the replica renders, found by text in the page (main world). */
export const PAGE_HELPERS = `
  window.__bench = window.__bench || {};
  __bench.byText = (sel, text, root = document) => [...root.querySelectorAll(sel)].find((e) => e.textContent.trim() === text) || null;
  __bench.tick = () => new Promise((r) => setTimeout(r, 0));
  __bench.until = async (fn, ms = 5000) => { const end = performance.now() + ms; for (;;) { const v = fn(); if (v) return v; if (performance.now() > end) throw new Error('timeout: ' + fn); await new Promise((r) => setTimeout(r, 1)); } };
  __bench.openKeys = async () => {
    __bench.byText('button', 'User').click();
    const item = await __bench.until(() => __bench.byText('[role="menuitem"]', 'API keys'));
    item.click();
    await __bench.until(() => __bench.byText('button', 'Create API key'));
  };
  __bench.closeKeys = async () => {
    __bench.byText('button', 'Close').click();
    await __bench.until(() => !__bench.byText('h2', 'API keys'));
  };
`;

/** @param {import('puppeteer-core').Page} page */
export async function installHelpers(page) {
  await page.evaluate(PAGE_HELPERS);
}

/**
 * @param {{distPath: string, pinAction?: boolean}} options pinAction (default true): the toolbar
 *   button pinned, as a user who opens the popup from the toolbar keeps it (harness launchBrowser).
 * @returns the launched browser plus `send(type, data)` through an extension page (the options page,
 *   as the popup would: runtime.sendMessage), and the vault already created (so it is unlocked).
 */
export async function launchWithExtension({ distPath, pinAction = true }) {
  const launched = await launchBrowser({ distPath, pinAction });
  const { browser, extensionId } = launched;
  const extPage = await browser.newPage();
  await extPage.goto(`chrome-extension://${extensionId}/src/options/index.html`, { waitUntil: 'load' });
  /** @type {(type: string, data?: unknown) => Promise<any>} */
  const send = async (type, data = {}) => {
    const reply = await extPage.evaluate((m) => chrome.runtime.sendMessage(m), { type, data });
    if (!reply?.ok) throw new Error(`${type}: ${JSON.stringify(reply?.error ?? reply)}`);
    return reply.data;
  };
  await send('vault.create', { passphrase: BENCH_PASSPHRASE });
  const worker = await serviceWorker(browser);
  return { ...launched, extPage, send, worker, origin: APP_ORIGIN };
}

export async function launchWithout() {
  return launchBrowser({ extension: false });
}
