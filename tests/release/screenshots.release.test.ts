/**
 * The store screenshots (1280×800, the size both stores show best), taken from the unzipped Chrome
 * store package ($E2E_DIST, tests/release/globalSetup.ts) on the Cloudcraft replica:
 *   1-popup-on-cloudcraft.png  the toolbar popup over Cloudcraft's "Create API key" form: templates,
 *                              the tab ready, a stored key. Chromium draws no browser UI into page
 *                              screenshots, so the popup's own screenshot is laid over the page's at
 *                              the top right, where the toolbar popup opens; both from this run.
 *   2-captured.png             Cloudcraft showing the new key, with the extension's confirmation
 *   3-options.png              the options page
 * Each run writes them to artifacts/<run>/store/; with STORE_SCREENSHOTS_UPDATE=1
 * (`npm run screenshots:store`) also to docs/store/screenshots/, the copies the listings use.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir, launchBrowser, popupSettled, type Launched } from '../../scripts/lib/harness.mjs';
import { tabStatus } from '../e2e/lib/content-flow';
import { DIST, aria, createVault, fillAndSave, msg, openCreateForm, openOptions, reopenPopup, waitForStoredKeys, waitForView } from '../e2e/lib/flow';
import { pngSize } from './lib/chromeCheck';
import { ROOT } from './packages';

const WIDTH = 1280;
const HEIGHT = 800;
const DOCS_DIR = path.join(ROOT, 'docs/store/screenshots');

/** Saves a 1280×800 PNG under artifacts/<run>/store/ (and docs/store/screenshots/ when updating); returns its bytes. */
async function saveShot(name: string, png: Uint8Array): Promise<Buffer> {
  const bytes = Buffer.from(png);
  const dirs = [path.join(await artifactsDir(), 'store'), ...(process.env.STORE_SCREENSHOTS_UPDATE === '1' ? [DOCS_DIR] : [])];
  for (const dir of dirs) {
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, name), bytes);
  }
  return bytes;
}

/**
 * The page's 1280×800 screenshot with the popup's laid over it at the top right (16 px from the
 * right edge, under where the toolbar ends), with the shadow Chrome draws around a popup.
 */
async function composite(run: Launched, pagePng: Uint8Array, popupPng: Uint8Array): Promise<Uint8Array> {
  const canvas = await run.browser.newPage();
  try {
    await canvas.setViewport({ width: WIDTH, height: HEIGHT, deviceScaleFactor: 1 });
    const url = (png: Uint8Array) => `data:image/png;base64,${Buffer.from(png).toString('base64')}`;
    await canvas.setContent(
      `<!doctype html><html><body style="margin:0;overflow:hidden">
        <img id="page" src="${url(pagePng)}" style="position:absolute;left:0;top:0;width:${WIDTH}px;height:${HEIGHT}px">
        <img id="popup" src="${url(popupPng)}" style="position:absolute;top:0;right:16px;max-height:${HEIGHT - 8}px;object-fit:cover;object-position:top;border-radius:0 0 8px 8px;box-shadow:0 2px 6px rgba(0,0,0,.3),0 8px 24px rgba(0,0,0,.25)">
      </body></html>`,
      { waitUntil: 'load' },
    );
    await canvas.waitForFunction(() => [...document.images].every((i) => i.complete && i.naturalWidth > 0));
    return await canvas.screenshot({ type: 'png' });
  } finally {
    await canvas.close();
  }
}

describe('store screenshots (1280×800) from the Chrome package', () => {
  let run: Launched;
  let page: Page;
  let popup: Page;

  beforeAll(async () => {
    run = await launchBrowser({ distPath: DIST, pinAction: true, defaultViewport: { width: WIDTH, height: HEIGHT } });
    page = (await run.browser.pages())[0] ?? (await run.browser.newPage());
    await page.setViewport({ width: WIDTH, height: HEIGHT, deviceScaleFactor: 1 });
    await page.goto('https://app.cloudcraft.co/', { waitUntil: 'load' });
    await page.waitForSelector(aria('Cloudcraft', 'heading')); // the replica's own heading
    await openCreateForm(page);
  });
  afterAll(async () => {
    await run?.close();
  });

  it('2-captured.png: Cloudcraft shows the new key, and the extension confirms it captured and encrypted it', async () => {
    popup = await reopenPopup(run.browser, page);
    await createVault(popup);
    const key = await fillAndSave(run.browser, page, popup, { name: 'terraform-read-only' });
    expect(key.name).toBe('terraform-read-only');
    await page.bringToFront();
    const png = await saveShot('2-captured.png', await page.screenshot({ type: 'png' }));
    expect(pngSize(png)).toEqual({ width: WIDTH, height: HEIGHT });
  });

  it('1-popup-on-cloudcraft.png: the popup over the "Create API key" form: templates, the tab ready, the stored key verified', async () => {
    await openCreateForm(page); // Done, then Create API key again
    popup = await reopenPopup(run.browser, page, popup);
    await waitForView(popup, 'unlocked');
    await waitForStoredKeys(popup, ['terraform-read-only']);
    expect(await tabStatus(popup)).toBe(msg('tabCreateForm'));
    await popupSettled(popup);
    const popupPng = await popup.screenshot({ type: 'png' });
    const popupSize = pngSize(Buffer.from(popupPng))!;
    expect(popupSize.width).toBeLessThanOrEqual(380);
    const pagePng = await page.screenshot({ type: 'png' });
    const png = await saveShot('1-popup-on-cloudcraft.png', await composite(run, pagePng, popupPng));
    expect(pngSize(png)).toEqual({ width: WIDTH, height: HEIGHT });
  });

  it('3-options.png: the options page', async () => {
    const options = await openOptions(run.browser, run.extensionId);
    await options.setViewport({ width: WIDTH, height: HEIGHT, deviceScaleFactor: 1 });
    expect(await options.$(aria(msg('optionsTitle'), 'heading'))).not.toBeNull();
    const png = await saveShot('3-options.png', await options.screenshot({ type: 'png' }));
    expect(pngSize(png)).toEqual({ width: WIDTH, height: HEIGHT });
  });

  it('docs/store/screenshots holds the three, each 1280×800', async () => {
    for (const name of ['1-popup-on-cloudcraft.png', '2-captured.png', '3-options.png']) {
      expect([name, pngSize(await readFile(path.join(DOCS_DIR, name)))]).toEqual([name, { width: WIDTH, height: HEIGHT }]);
    }
  });
});
