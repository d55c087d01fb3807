/**
 * Firefox smoke test of the built dist-firefox/ (`npm run build:firefox` first) in Debian's Firefox
 * ESR (/usr/bin/firefox-esr, or $FIREFOX_PATH), over WebDriver BiDi. See firefox-harness.ts for how.
 * Run: npx vitest run --config tests/firefox/vitest.config.ts
 *
 * Firefox gives no way here to open the real toolbar popup, so the popup page is loaded as a tab
 * (first run, vault creation). A popup in a tab cannot drive Cloudcraft: the content script answers
 * only the real popup (sender.tab undefined), which the test checks; Fill & save therefore stays
 * covered by the Chromium e2e tests, and here the page's own "Templates" menu applies a template and
 * the user's save is captured (content script → background → vault, all in Firefox).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { screenshot } from '../../scripts/lib/harness.mjs';
import {
  EXT_ORIGIN,
  FIREFOX_DIST,
  GECKO_ID,
  bodyText,
  clickButton,
  fillByLabel,
  launchFirefox,
  openExtensionPage,
  sendFrom,
  sleep,
  until,
  type FirefoxRun,
} from './firefox-harness';

const PASSPHRASE = 'correct horse battery staple firefox 2026';
const POPUP = 'src/popup/index.html';
const OPTIONS = 'src/options/index.html';

interface ReplicaLike {
  view: string;
  loading: boolean;
  saves: number;
  lastSecretShown: string | null;
  keys: Array<{ name: string; permission: string }>;
  form?: { name: string; permission: string };
}
const replica = (page: Page) => page.evaluate(() => (window as unknown as { __replica?: ReplicaLike }).__replica ?? null);
const h1 = (page: Page) => page.evaluate(() => document.querySelector('h1')?.textContent ?? '');
const today = () => new Date().toISOString().slice(0, 10);

describe('Firefox (dist-firefox in Firefox ESR)', () => {
  let run: FirefoxRun;
  let ext: Page; // an extension page (options) to send protocol messages from

  beforeAll(async () => {
    run = await launchFirefox();
  });
  afterAll(async () => {
    await run?.close();
  });

  it('ships a Firefox manifest: background scripts, gecko id and data consent, no offscreen', async () => {
    const m = JSON.parse(await readFile(path.join(FIREFOX_DIST, 'manifest.json'), 'utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(m.manifest_version).toBe(3);
    expect(m.background).toEqual({ scripts: ['service-worker-loader.js'], type: 'module' });
    expect(m.permissions).toEqual(['storage', 'alarms', 'idle', 'clipboardWrite']);
    expect(m.browser_specific_settings.gecko).toMatchObject({ id: GECKO_ID, data_collection_permissions: { required: ['none'] } });
    expect(Number.parseFloat(m.browser_specific_settings.gecko.strict_min_version)).toBeGreaterThanOrEqual(115); // storage.session
    expect(m.minimum_chrome_version).toBeUndefined();
    expect(m.content_scripts).toEqual([{ matches: ['https://app.cloudcraft.co/*'], js: ['content.js'], run_at: 'document_idle', all_frames: false }]);
  });

  it('installs as a temporary add-on, and its background script answers messages', async () => {
    expect(run.addonId).toBe(GECKO_ID);
    ext = await openExtensionPage(run.browser, OPTIONS);
    // The background page is an event page in Firefox: a reply proves it started and routes messages.
    const status = await until('vault.status from the background script', async () => {
      const r = await sendFrom(ext, 'vault.status').catch(() => null);
      return r?.ok ? r : null;
    });
    expect(status.data).toEqual({ state: 'uninitialized', keyCount: 0 });
    const templates = await sendFrom(ext, 'templates.list');
    expect(templates.ok).toBe(true);
    expect(templates.data.templates.map((t: { label: string }) => t.label).slice(0, 2)).toEqual(['Read-only', 'Read & write']);
  });

  it('renders the options page with its sections', async () => {
    const headings = await until('the options headings', async () => {
      const hs = await ext.evaluate(() => [...document.querySelectorAll('h1, h2')].map((h) => h.textContent?.trim() ?? ''));
      return hs.length >= 4 ? hs : null;
    });
    expect(headings[0]).toBe('Cloudcraft Key Helper options');
    expect(headings).toEqual(expect.arrayContaining(['Templates', 'Settings']));
    const text = await bodyText(ext);
    expect(text).toContain('Read-only');
    expect(text).toContain('Auto-lock after (minutes)');
    expect(await ext.evaluate(() => location.href)).toBe(`${EXT_ORIGIN}/${OPTIONS}`);
    await screenshot(ext, 'firefox-options', { fullPage: true });
  });

  it('shows the first-run view in the popup page, and creates the vault (storage, WebCrypto, messaging)', async () => {
    const popup = await openExtensionPage(run.browser, POPUP);
    await until('the first-run view', async () => (await h1(popup)) === 'Create your vault');
    await screenshot(popup, 'firefox-popup-first-run');
    await fillByLabel(popup, 'Passphrase', PASSPHRASE);
    await fillByLabel(popup, 'Confirm passphrase', PASSPHRASE);
    await clickButton(popup, 'Create vault');
    // PBKDF2 600,000 iterations + key generation in Firefox's WebCrypto.
    await until('the unlocked view (a Lock button)', () => popup.evaluate(() => [...document.querySelectorAll('button')].some((b) => b.textContent === 'Lock')), 20_000);
    await screenshot(popup, 'firefox-popup-unlocked');
    const status = await sendFrom(ext, 'vault.status');
    expect(status).toMatchObject({ ok: true, data: { state: 'unlocked', keyCount: 0 } });
    // Firefox cannot close storage.local to content scripts: the vault is in the extension's IndexedDB
    // (sealed, with its pin), none of it in storage.local; the unlocked key material in storage.session.
    const areas = await ext.evaluate(async () => {
      const b = (globalThis as unknown as { browser: { storage: Record<'local' | 'session', { get(k: null): Promise<Record<string, unknown>> }> } }).browser;
      const idb = await new Promise<string[]>((resolve, reject) => {
        const req = indexedDB.open('cckh-vault');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const keys = req.result.transaction('kv', 'readonly').objectStore('kv').getAllKeys();
          keys.onsuccess = () => resolve(keys.result.map(String));
          keys.onerror = () => reject(keys.error);
        };
      });
      return { local: Object.keys(await b.storage.local.get(null)), idb, session: Object.keys(await b.storage.session.get(null)).length };
    });
    expect(areas.local.filter((k) => k.startsWith('vault.'))).toEqual([]);
    expect(areas.idb.sort()).toEqual(['vault.meta', 'vault.pin']);
    expect(areas.session).toBeGreaterThan(0);
    await popup.close();
  });

  it('detects the API keys UI on app.cloudcraft.co (the replica), applies a template from its in-page menu, and captures the key saved', async () => {
    const page = await run.browser.newPage();
    await page.goto('https://app.cloudcraft.co/?mode=route', { waitUntil: 'load' });
    await until('the replica app', async () => (await h1(page)) === 'Cloudcraft');
    // User > API keys, with real clicks.
    await clickButton(page, 'User');
    await clickButton(page, 'API keys', '[role="menu"]');
    await until('the keys list', async () => {
      const s = await replica(page);
      return s?.view === 'keys-list' && !s.loading;
    });
    // The content script's in-page "Templates" menu next to "Create API key" means it found the UI.
    await page.waitForSelector('cckh-templates', { timeout: 10_000 });
    await screenshot(page, 'firefox-cloudcraft-keys');

    // The popup page cannot drive the page here: loaded in a tab, its messages carry sender.tab, and
    // the content script answers only the real toolbar popup (src/content/messaging.ts). Checked:
    const popup = await openExtensionPage(run.browser, POPUP);
    const refused = await popup.evaluate(async () => {
      const b = (globalThis as unknown as { browser: { tabs: { query(q: object): Promise<Array<{ id: number; url: string }>>; sendMessage(id: number, m: unknown): Promise<unknown> } } }).browser;
      const [tab] = (await b.tabs.query({ url: 'https://app.cloudcraft.co/*' })) as Array<{ id: number }>;
      return b.tabs.sendMessage(tab!.id, { type: 'page.getState', data: {} });
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await popup.close();

    // So the page's own "Templates" menu (the content script's, next to "Create API key"): a real
    // click opens it with the first template focused, Enter applies "Read-only" (opens and fills the
    // form through the background's templates), and the user saves with Enter in Name.
    await page.bringToFront();
    const host = await page.waitForSelector('cckh-templates');
    const box = await until('the Templates menu laid out', async () => (await host!.boundingBox()) ?? null);
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await sleep(300);
    await page.keyboard.press('Enter');
    const filled = await until('the form filled from "Read-only"', async () => {
      const s = await replica(page);
      return s?.view === 'create-form' && s.form?.name ? s : null;
    });
    expect(filled.form).toMatchObject({ name: `automation-read-${today()}`, permission: 'read' });
    expect(filled.saves).toBe(0);
    await screenshot(page, 'firefox-cloudcraft-applied');
    await (await page.waitForSelector('form input[type="text"], form input:not([type])'))!.click();
    await page.keyboard.press('Enter');
    const shown = await until(
      'the secret shown by Cloudcraft',
      async () => {
        const s = await replica(page);
        return s?.view === 'secret' && s.saves === 1 ? s : null;
      },
      15_000,
    );
    const secret = shown.lastSecretShown ?? '';
    expect(secret.length).toBeGreaterThan(10);
    expect(shown.keys.at(-1)).toMatchObject({ name: `automation-read-${today()}`, permission: 'read' });
    expect(run.replica.keys().map((k) => k.secret)).toEqual([secret]);

    // Captured: one sealed record in the vault, and it decrypts to the secret Cloudcraft showed.
    const keys = await until(
      'the captured key in the vault',
      async () => {
        const r = await sendFrom(ext, 'keys.list');
        return r.ok && r.data.keys.length === 1 ? (r.data.keys as Array<{ id: string; name: string; permission: string }>) : null;
      },
      15_000,
    );
    expect(keys[0]).toMatchObject({ name: shown.keys.at(-1)!.name, permission: 'read' });
    const revealed = await sendFrom(ext, 'keys.reveal', { id: keys[0]!.id });
    expect(revealed).toEqual({ ok: true, data: { secret } });
    await sleep(500); // a duplicate capture would land by now
    expect((await sendFrom(ext, 'keys.list')).data.keys).toHaveLength(1);
    await screenshot(page, 'firefox-cloudcraft-captured');

    // Test: the background page calls https://api.cloudcraft.co/user/me with the key.
    const tested = await sendFrom(ext, 'keys.test', { id: keys[0]!.id });
    expect(tested.ok).toBe(true);
    expect(JSON.stringify(tested.data)).toContain('Ada Replica');
    await page.close();
    expect(run.tunnelled()).toEqual(expect.arrayContaining(['app.cloudcraft.co:443', 'api.cloudcraft.co:443']));
  });

  it('logged no JavaScript error from any extension context (background, pages, content script)', () => {
    expect(run.extensionErrors()).toEqual([]);
  });
});
