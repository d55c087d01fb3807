/**
 * The main flow, walked once as a user would (npm start without a display). Each step is a small
 * function that finds things by accessible name (puppeteer `::-p-aria(...)`), so a changed text
 * means changing one line here. Vocabulary: the popup's English texts
 * (public/_locales/en/messages.json: "Passphrase", "Confirm passphrase", "Create vault"; template
 * items with "Apply" and a ⋯ menu holding "Fill & save", "Read-only" first; stored keys with "Copy") and the
 * replica's (replica/README.md).
 */
import { openCloudcraft, openPopup, popupSettled, readClipboard, replicaState, screenshot, waitForReplica } from './harness.mjs';

/** Used only in this throwaway profile; never printed. */
const DEMO_PASSPHRASE = 'walk-demo passphrase, long enough 2026';
const STEP_TIMEOUT = 15_000;

const aria = (name, role) => `::-p-aria([name="${name}"][role="${role}"])`;

/**
 * @typedef {{
 *   browser: import('puppeteer-core').Browser,
 *   query: string,
 *   page?: import('puppeteer-core').Page,
 *   popup?: import('puppeteer-core').Page,
 *   keyName?: string,
 *   shots: string[],
 *   log(msg: string): void,
 * }} WalkContext
 */

/**
 * Screenshots `page` as its window shows it. For the popup too: a popup taller than its window
 * (here at most 510 px) scrolls, and puppeteer's full-page capture of a popup cuts or repeats parts.
 * Chromium resizes the popup's window to new content a moment later; the shot waits for that.
 * @param {WalkContext} ctx @param {import('puppeteer-core').Page | undefined} page @param {string} name
 */
async function shot(ctx, page, name) {
  if (!page || page.isClosed()) return;
  if (page === ctx.popup) await popupSettled(page);
  ctx.shots.push(await screenshot(page, name));
}

/** Closes the popup if it is still open (it also closes itself on focus loss). */
async function closePopup(ctx) {
  if (ctx.popup && !ctx.popup.isClosed()) await ctx.popup.close().catch(() => {});
  ctx.popup = undefined;
}

/** @type {Array<{name: string, run(ctx: WalkContext): Promise<void>}>} */
export const STEPS = [
  {
    name: 'open-cloudcraft',
    async run(ctx) {
      ctx.page = await openCloudcraft(ctx.browser, ctx.query);
      await shot(ctx, ctx.page, 'cloudcraft');
    },
  },
  {
    name: 'open-api-keys',
    async run(ctx) {
      const page = /** @type {import('puppeteer-core').Page} */ (ctx.page);
      await page.locator(aria('User', 'button')).setTimeout(STEP_TIMEOUT).click();
      await page.locator(aria('API keys', 'menuitem')).setTimeout(STEP_TIMEOUT).click();
      await page.locator(aria('Create API key', 'button')).setTimeout(STEP_TIMEOUT).wait();
      await shot(ctx, page, 'api-keys');
    },
  },
  {
    name: 'open-create-form',
    async run(ctx) {
      const page = /** @type {import('puppeteer-core').Page} */ (ctx.page);
      await page.locator(aria('Create API key', 'button')).setTimeout(STEP_TIMEOUT).click();
      await waitForReplica(page, (s) => s.view === 'create-form' && !s.loading, STEP_TIMEOUT);
      await shot(ctx, page, 'create-form');
    },
  },
  {
    name: 'popup-create-vault',
    async run(ctx) {
      const page = /** @type {import('puppeteer-core').Page} */ (ctx.page);
      const popup = (ctx.popup = await openPopup(ctx.browser, page));
      await shot(ctx, popup, 'popup-first-run');
      await popup.locator(aria('Passphrase', 'textbox')).setTimeout(STEP_TIMEOUT).fill(DEMO_PASSPHRASE);
      await popup.locator(aria('Confirm passphrase', 'textbox')).setTimeout(STEP_TIMEOUT).fill(DEMO_PASSPHRASE);
      await popup.locator(aria('Create vault', 'button')).setTimeout(STEP_TIMEOUT).click();
      await popup.locator(aria('Apply', 'button')).setTimeout(STEP_TIMEOUT).wait();
      await shot(ctx, popup, 'popup-unlocked');
    },
  },
  {
    name: 'fill-and-save-read-only',
    async run(ctx) {
      const page = /** @type {import('puppeteer-core').Page} */ (ctx.page);
      const popup = /** @type {import('puppeteer-core').Page} */ (ctx.popup);
      // The first template item must be the least-privileged "Read-only" (templates are listed least
      // privilege first); "Fill & save" is an item of its ⋯ menu ("More for Read-only").
      const first = await popup.waitForSelector('ul.templates > li', { timeout: STEP_TIMEOUT });
      const text = (await first?.evaluate((li) => li.textContent ?? '')) ?? '';
      if (!first || !text.includes('Read-only')) throw new Error(`first template is not "Read-only" (it reads: ${text.trim().slice(0, 80)})`);
      await popup.locator(aria('More for Read-only', 'button')).setTimeout(STEP_TIMEOUT).click();
      await popup.locator(aria('Fill & save', 'menuitem')).setTimeout(STEP_TIMEOUT).click();
      const state = await waitForReplica(page, (s) => s.view === 'secret' && s.saves === 1, STEP_TIMEOUT);
      const key = state.keys.at(-1);
      if (!key) throw new Error('the replica lists no new key');
      if (key.permission !== 'read') throw new Error(`saved key has permission "${key.permission}", expected "read"`);
      ctx.keyName = key.name;
      ctx.log(`saved "${key.name}" (permission ${key.permission}); secret shown, ${state.lastSecretShown?.length ?? 0} characters`);
      await shot(ctx, popup, 'popup-after-fill');
      await shot(ctx, page, 'secret-shown');
    },
  },
  {
    name: 'key-captured',
    async run(ctx) {
      const page = /** @type {import('puppeteer-core').Page} */ (ctx.page);
      await page.locator(aria('Done', 'button')).setTimeout(STEP_TIMEOUT).click();
      await closePopup(ctx);
      const popup = (ctx.popup = await openPopup(ctx.browser, page));
      const name = /** @type {string} */ (ctx.keyName);
      const deadline = Date.now() + STEP_TIMEOUT;
      for (;;) {
        const found = await popup.evaluate(
          (keyName) =>
            [...document.querySelectorAll('li')].some(
              (li) => (li.textContent ?? '').includes(keyName) && [...li.querySelectorAll('button')].some((b) => b.textContent?.trim() === 'Copy'),
            ),
          name,
        );
        if (found) break;
        if (Date.now() > deadline) throw new Error(`no stored key "${name}" with a "Copy" button in the popup`);
        await new Promise((r) => setTimeout(r, 100));
      }
      await shot(ctx, popup, 'popup-stored-key');
      const state = await replicaState(page);
      ctx.log(`replica: ${state?.saves} save(s); popup lists "${name}" with Copy`);
    },
  },
  {
    name: 'copy-key',
    async run(ctx) {
      const page = /** @type {import('puppeteer-core').Page} */ (ctx.page);
      const popup = /** @type {import('puppeteer-core').Page} */ (ctx.popup);
      const name = /** @type {string} */ (ctx.keyName);
      const row = await popup.waitForSelector(`::-p-xpath(//li[.//*[normalize-space()=${JSON.stringify(name)}]][.//button[normalize-space()='Copy']])`, {
        timeout: STEP_TIMEOUT,
      });
      const copy = await row?.$(aria('Copy', 'button'));
      if (!copy) throw new Error(`no "Copy" button for "${name}"`);
      await copy.click();
      await popup.locator('::-p-text(Copied the key — clears in)').setTimeout(STEP_TIMEOUT).wait();
      await shot(ctx, popup, 'popup-copied');
      const secret = (await replicaState(page))?.lastSecretShown ?? null;
      await closePopup(ctx);
      const onClipboard = await readClipboard(ctx.browser, page);
      if (secret === null || onClipboard !== secret) throw new Error('the clipboard does not hold the key Cloudcraft showed');
      ctx.log(`copied: the clipboard holds the ${secret.length}-character key Cloudcraft showed (cleared after the configured delay)`);
    },
  },
];

/**
 * Walks STEPS in order. Never throws: on the first failing step, prints
 * `walk: step "<name>" failed: <reason>`, screenshots the page and popup as they are, and returns.
 * @param {{browser: import('puppeteer-core').Browser, query?: string, log?: (msg: string) => void}} options
 * @returns {Promise<{ok: boolean, failedStep: string | null, error: string | null, shots: string[]}>}
 */
export async function walk({ browser, query = '', log = (m) => console.log(m) }) {
  /** @type {WalkContext} */
  const ctx = { browser, query, shots: [], log };
  for (const step of STEPS) {
    log(`walk: ${step.name}`);
    try {
      await step.run(ctx);
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      log(`walk: step "${step.name}" failed: ${error}`);
      await shot(ctx, ctx.page, `failed-${step.name}-page`).catch(() => {});
      await shot(ctx, ctx.popup, `failed-${step.name}-popup`).catch(() => {});
      await closePopup(ctx);
      return { ok: false, failedStep: step.name, error, shots: ctx.shots };
    }
  }
  await closePopup(ctx);
  return { ok: true, failedStep: null, error: null, shots: ctx.shots };
}
