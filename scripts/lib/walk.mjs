/**
 * The main flow, walked once as a user would (npm start without a display). Each step is a small
 * function that finds things by role and accessible name (puppeteer `::-p-aria(...)`). The popup's
 * words are its own: asked of the popup (`chrome.i18n.getMessage`, public/_locales/en/messages.json),
 * never written here, so a changed text changes nothing here. The replica's words are Cloudcraft's
 * (replica/README.md).
 */
import { aria, openCloudcraft, openPopup, popupSettled, readClipboard, replicaState, screenshot, until, waitForReplica } from './harness.mjs';

/** Used only in this throwaway profile; never printed. */
const DEMO_PASSPHRASE = 'walk-demo passphrase, long enough 2026';
const STEP_TIMEOUT = 15_000;

/**
 * The extension's message `key` with `subs`, as the extension page `popup` shows it (its own i18n).
 * @param {import('puppeteer-core').Page} popup
 * @param {string} key a key of public/_locales/en/messages.json
 * @param {string[]} [subs]
 * @returns {Promise<string>}
 */
async function message(popup, key, subs = []) {
  const text = await popup.evaluate((k, s) => /** @type {any} */ (globalThis).chrome.i18n.getMessage(k, s), key, subs);
  if (!text) throw new Error(`no message "${key}" in the extension`);
  return text;
}

/**
 * The list item named `name` in the list named `list` in `page`, waited for up to STEP_TIMEOUT.
 * @param {import('puppeteer-core').Page} page
 * @returns {Promise<import('puppeteer-core').ElementHandle<Element>>}
 */
async function listItem(page, list, name) {
  const li = await until(
    `an item "${name}" in the popup's list "${list}"`,
    async () => {
      const ul = await page.$(aria(list, 'list'));
      return (ul && (await ul.$(aria(name, 'listitem')))) ?? undefined;
    },
    STEP_TIMEOUT,
  );
  return /** @type {import('puppeteer-core').ElementHandle<Element>} */ (li);
}

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
      await popup.locator(aria(await message(popup, 'passphrase'), 'textbox')).setTimeout(STEP_TIMEOUT).fill(DEMO_PASSPHRASE);
      await popup.locator(aria(await message(popup, 'confirmPassphrase'), 'textbox')).setTimeout(STEP_TIMEOUT).fill(DEMO_PASSPHRASE);
      await popup.locator(aria(await message(popup, 'createVault'), 'button')).setTimeout(STEP_TIMEOUT).click();
      await popup.locator(aria(await message(popup, 'apply'), 'button')).setTimeout(STEP_TIMEOUT).wait();
      await shot(ctx, popup, 'popup-unlocked');
    },
  },
  {
    name: 'fill-and-save-read-only',
    async run(ctx) {
      const page = /** @type {import('puppeteer-core').Page} */ (ctx.page);
      const popup = /** @type {import('puppeteer-core').Page} */ (ctx.popup);
      // The first template is the least privileged (templates are listed least privilege first: the
      // key saved must be read-only); "Fill & save" is an item of its ⋯ menu ("More for <label>").
      const list = await popup.waitForSelector(aria(await message(popup, 'templatesHeading'), 'list'), { timeout: STEP_TIMEOUT });
      const first = await list?.$(aria(undefined, 'listitem'));
      const label = first ? ((await popup.accessibility.snapshot({ root: first, interestingOnly: false }))?.name ?? '') : '';
      if (!label) throw new Error('the popup lists no template');
      await popup.locator(aria(await message(popup, 'moreForTemplate', [label]), 'button')).setTimeout(STEP_TIMEOUT).click();
      await popup.locator(aria(await message(popup, 'fillAndSave'), 'menuitem')).setTimeout(STEP_TIMEOUT).click();
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
      const row = await listItem(popup, await message(popup, 'keysHeading'), name);
      if (!(await row.$(aria(await message(popup, 'copy'), 'button')))) throw new Error(`the stored key "${name}" has no "Copy" button in the popup`);
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
      const row = await listItem(popup, await message(popup, 'keysHeading'), name);
      const copy = await row.$(aria(await message(popup, 'copy'), 'button'));
      if (!copy) throw new Error(`no "Copy" button for "${name}"`);
      await copy.click();
      // The row's status line says "Copied the key…" (its message with the key's words).
      const copied = await message(popup, 'copied', [await message(popup, 'copiedWhatKey')]);
      await until(
        `the popup to say "${copied}…" for "${name}"`,
        async () => {
          const status = await row.$(aria(undefined, 'status'));
          return ((await status?.evaluate((e) => e.textContent ?? '')) ?? '').startsWith(copied);
        },
        STEP_TIMEOUT,
      );
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
