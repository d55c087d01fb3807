/** Opening the real toolbar popup with a timestamp taken in the service worker right before openPopup(). */
import { POPUP_PATH, serviceWorker } from '../../scripts/lib/harness.mjs';

/**
 * Like harness openPopup(), but returns `t0`: performance.timeOrigin + performance.now() in the
 * service worker immediately before chrome.action.openPopup() (an absolute ms time, comparable with
 * the popup's own timeOrigin-based times).
 * @param {{attachAfterMs?: number}} [options] attachAfterMs: create the puppeteer Page for the popup
 *   only this long after the popup appeared. Creating it enables puppeteer's CDP domains and builds
 *   an isolated world in the popup, 3–5 ms of work on the popup's main thread (seen in Chromium
 *   traces) that a user's popup never does; done while the popup loads, it lands inside the figure
 *   it measures. The popup's performance marks stay in its timeline, so they are read afterwards.
 * @returns {Promise<{popup: import('puppeteer-core').Page, t0: number}>}
 */
export async function openPopupTimed(browser, page, { attachAfterMs = 0 } = {}) {
  await page.bringToFront();
  const worker = await serviceWorker(browser);
  const opened = browser.waitForTarget((t) => t.url().endsWith(POPUP_PATH), { timeout: 10_000 });
  const t0 = await worker.evaluate(() => {
    const t = performance.timeOrigin + performance.now();
    void (/** @type {any} */ (globalThis).chrome.action.openPopup());
    return t;
  });
  const target = await opened;
  if (attachAfterMs > 0) await new Promise((r) => setTimeout(r, attachAfterMs));
  const popup = await target.asPage();
  return { popup, t0 };
}

/** Waits for the popup's `cckh:popup-interactive` mark; returns its absolute time (timeOrigin + startTime). */
export async function interactiveAt(popup, timeoutMs = 10_000) {
  const handle = await popup.waitForFunction(
    () => {
      const m = performance.getEntriesByName('cckh:popup-interactive')[0];
      return m ? performance.timeOrigin + m.startTime : null;
    },
    { timeout: timeoutMs, polling: 'mutation' },
  );
  return handle.jsonValue();
}

export async function closePopup(popup) {
  if (popup && !popup.isClosed()) await popup.close().catch(() => {});
}
