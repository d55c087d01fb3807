/**
 * Firefox e2e test of the Firefox build in Debian's Firefox ESR (/usr/bin/firefox-esr, or
 * $FIREFOX_PATH), over WebDriver BiDi; see firefox-harness.ts for how. The add-on is $FIREFOX_DIST:
 * the store package (`release/…-firefox.zip`, installed as it is: npm test) or a folder (default
 * dist-firefox/, `npm run build:firefox` first).
 * Run: npx vitest run --config tests/firefox/vitest.config.ts
 *
 * The popup's main flows run through the real toolbar popup on the Cloudcraft tab (opened with
 * action.openPopup(), driven from the options page through extension.getViews): create the vault
 * (zxcvbn's verdict included), lock and unlock, Apply a template to Cloudcraft's form, the user's
 * save captured, Copy with the clipboard cleared after the delay, Test against GET /user/me. Then
 * the content script's own in-page menu, and the guard that a popup page opened as a tab cannot
 * drive the page. Tests run in order and build on each other.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { readZip } from '../../scripts/release/zip.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { screenshot } from '../../scripts/lib/harness.mjs';
import {
  EXT_ORIGIN,
  FIREFOX_DIST,
  GECKO_ID,
  bodyText,
  clickButton,
  launchFirefox,
  openExtensionPage,
  openToolbarPopup,
  readClipboard,
  sendFrom,
  sleep,
  until,
  type FirefoxRun,
} from './firefox-harness';
import { BUILTIN_TEMPLATES } from '../../src/shared/templates';
import { today } from '../e2e/lib/content-flow';
import { msg } from '../e2e/lib/screen';

/** The built-in templates' labels, as shipped. */
const [READ_ONLY, READ_WRITE] = BUILTIN_TEMPLATES.map((x) => x.label) as [string, string];
/**
 * The popup's status line for the tab, its lists' items by their names (the labels their
 * aria-labelledby points to) and a list's item by name. Without CDP there is no accessibility tree
 * to ask here, so these read the ARIA attributes the tree is computed from.
 */
const tabStatusOf = (w: Window, name: string, checking: string) => {
  const text = w.document.querySelector(`[role="status"][aria-label="${name}"]`)?.textContent ?? '';
  return text === checking ? '' : text;
};
const itemNames = (w: Window, list: string) =>
  [...w.document.querySelectorAll(`ul[aria-label="${list}"] > li[aria-labelledby]`)].map((li) => w.document.getElementById(li.getAttribute('aria-labelledby')!)?.textContent ?? '');
const rowScope = (list: string) => `ul[aria-label="${list}"] > li[aria-labelledby]`;

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
/** YYYY-MM-DD in local time, as the templates' {date}. */

/** A file of the add-on under test, from its folder or from inside its zip. */
async function packagedFile(name: string): Promise<string> {
  if (!/\.(zip|xpi)$/i.test(FIREFOX_DIST)) return readFile(path.join(FIREFOX_DIST, name), 'utf8');
  const entry = (await readZip(FIREFOX_DIST)).find((e) => e.name === name);
  if (!entry) throw new Error(`${name} is not in ${FIREFOX_DIST}`);
  return entry.data.toString('utf8');
}

describe(`Firefox (${path.basename(FIREFOX_DIST)} in Firefox ESR)`, () => {
  let run: FirefoxRun;
  let ext: Page; // an extension page (options) to send protocol messages from, and to drive the popup from
  let cloudcraft: Page; // the Cloudcraft tab the toolbar popup is for
  let popupKey: { name: string; secret: string }; // the key saved after the popup's Apply

  beforeAll(async () => {
    run = await launchFirefox(FIREFOX_DIST);
  });
  afterAll(async () => {
    await run?.close();
  });

  it('ships a Firefox manifest: package.json\'s version, background scripts, gecko id and data consent, no offscreen', async () => {
    const m = JSON.parse(await packagedFile('manifest.json')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const pkg = JSON.parse(await readFile(path.join(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string };
    expect(m.manifest_version).toBe(3);
    expect(m.version).toBe(pkg.version);
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
    expect(templates.data.templates.map((t: { label: string }) => t.label).slice(0, 2)).toEqual([READ_ONLY, READ_WRITE]);
  });

  it('renders the options page with its sections', async () => {
    const headings = await until('the options headings', async () => {
      const hs = await ext.evaluate(() => [...document.querySelectorAll('h1, h2')].map((h) => h.textContent?.trim() ?? ''));
      return hs.length >= 4 ? hs : null;
    });
    expect(headings[0]).toBe(msg('optionsTitle'));
    expect(headings).toEqual(expect.arrayContaining([msg('templatesHeading'), msg('settingsHeading')]));
    const text = await bodyText(ext);
    expect(text).toContain(READ_ONLY);
    expect(text).toContain(msg('autoLockLabel'));
    expect(await ext.evaluate(() => location.href)).toBe(`${EXT_ORIGIN}/${OPTIONS}`);
    await screenshot(ext, 'firefox-options', { fullPage: true });
  });

  it('toolbar popup on the Cloudcraft tab, first run: a guessable passphrase is refused with zxcvbn\'s reason, a strong one creates the vault (storage, WebCrypto, messaging)', async () => {
    cloudcraft = await run.browser.newPage();
    await cloudcraft.goto('https://app.cloudcraft.co/?mode=route', { waitUntil: 'load' });
    await until('the replica app', async () => (await h1(cloudcraft)) === 'Cloudcraft');
    const popup = await openToolbarPopup(ext, cloudcraft);
    await popup.until('the first-run view', (w, title) => w.document.querySelector('h1')?.textContent === title, msg('firstRunTitle'));
    // zxcvbn's module (/assets/strength.js, imported by that literal path) and its dictionaries load in Firefox.
    await popup.fill(msg('passphrase'), 'password1234');
    // The field's description: the strength line (and, the button disabled, the reason it is).
    const refused = await popup.until(
      'zxcvbn\'s verdict',
      (w, weak) => {
        const field = w.document.querySelector('input[aria-describedby]');
        const line = w.document.getElementById(field?.getAttribute('aria-describedby') ?? '')?.textContent ?? '';
        const button = w.document.querySelector('button[type="submit"][aria-describedby]');
        return line === weak ? { line, reason: w.document.getElementById(button?.getAttribute('aria-describedby') ?? '')?.textContent ?? '' } : null;
      },
      msg('strength1'),
    );
    expect(refused).toEqual({ line: msg('strength1'), reason: msg('createReasonGuessable', `${msg('zxWarnSimilarToCommon')} ${msg('zxSuggestAnotherWord')}`) });
    await popup.fill(msg('passphrase'), PASSPHRASE);
    await popup.fill(msg('confirmPassphrase'), PASSPHRASE);
    await popup.click(msg('createVault'));
    // PBKDF2 600,000 iterations + key generation in Firefox's WebCrypto.
    await popup.until('the unlocked view (a Lock button)', (w, lock) => [...w.document.querySelectorAll('button')].some((b) => b.textContent === lock), msg('lock'));
    expect(await popup.until('the tab status', tabStatusOf, msg('tabStatusLabel'), msg('tabChecking'))).toBe(msg('tabNoUi'));
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

  it('toolbar popup: Lock shows "Vault locked"; the passphrase unlocks it again', async () => {
    let popup = await openToolbarPopup(ext, cloudcraft);
    await popup.click(msg('lock'));
    await popup.until('the locked view', (w, title) => w.document.querySelector('h1')?.textContent === title, msg('lockedTitle'));
    expect((await sendFrom(ext, 'vault.status')).data).toEqual({ state: 'locked', keyCount: 0 });
    await popup.close();
    popup = await openToolbarPopup(ext, cloudcraft);
    await popup.until('the locked view again', (w, title) => w.document.querySelector('h1')?.textContent === title, msg('lockedTitle'));
    await popup.fill(msg('passphrase'), `${PASSPHRASE}?`);
    await popup.click(msg('unlock'));
    const wrong = await popup.until('the wrong-passphrase message', (w) => w.document.querySelector('[role="alert"]')?.textContent ?? '');
    expect(wrong).toBe(msg('wrongPassphrase'));
    await popup.fill(msg('passphrase'), PASSPHRASE);
    await popup.click(msg('unlock'));
    await popup.until('the unlocked view', (w, lock) => [...w.document.querySelectorAll('button')].some((b) => b.textContent === lock), msg('lock'));
    expect((await sendFrom(ext, 'vault.status')).data).toEqual({ state: 'unlocked', keyCount: 0 });
    await popup.close();
  });

  it('toolbar popup: Apply "Read-only" fills Cloudcraft\'s form (content script in Firefox); the user\'s save is captured and listed', async () => {
    await cloudcraft.bringToFront();
    await clickButton(cloudcraft, 'User');
    await clickButton(cloudcraft, 'API keys', '[role="menu"]');
    await until('the keys list', async () => {
      const s = await replica(cloudcraft);
      return s?.view === 'keys-list' && !s.loading;
    });
    await clickButton(cloudcraft, 'Create API key');
    await until('the create form', async () => {
      const s = await replica(cloudcraft);
      return s?.view === 'create-form' && !s.loading;
    });
    const popup = await openToolbarPopup(ext, cloudcraft);
    expect(await popup.until('the tab status', tabStatusOf, msg('tabStatusLabel'), msg('tabChecking'))).toBe(msg('tabCreateForm'));
    expect(await popup.evaluate(itemNames, msg('templatesHeading'))).toEqual([READ_ONLY, READ_WRITE]);
    await popup.click(msg('apply'), { scope: rowScope(msg('templatesHeading')), within: READ_ONLY });
    // The "Result" status: its first line once applying is done.
    const result = await popup.until(
      'the apply result',
      (w, name, applying) => {
        const line = w.document.querySelector(`[role="status"][aria-label="${name}"] p`)?.textContent ?? '';
        return line === applying ? '' : line;
      },
      msg('applyResult'),
      msg('applying'),
    );
    expect(result).toBe(msg('applyOk'));
    const filled = await replica(cloudcraft);
    expect(filled).toMatchObject({ view: 'create-form', saves: 0, form: { name: `automation-read-${today()}`, permission: 'read', teams: { Engineering: 'none', 'Data Platform': 'none', Security: 'none' } } });
    await screenshot(cloudcraft, 'firefox-popup-applied');
    await popup.close();

    // The user reviews and saves (Enter in Name); the content script captures what Cloudcraft shows.
    await cloudcraft.bringToFront();
    await (await cloudcraft.waitForSelector('form input[type="text"], form input:not([type])'))!.click();
    await cloudcraft.keyboard.press('Enter');
    const shown = await until(
      'the secret shown by Cloudcraft',
      async () => {
        const s = await replica(cloudcraft);
        return s?.view === 'secret' && s.saves === 1 ? s : null;
      },
      15_000,
    );
    popupKey = { name: shown.keys.at(-1)!.name, secret: shown.lastSecretShown ?? '' };
    expect(popupKey.name).toBe(`automation-read-${today()}`);
    expect(popupKey.secret).toMatch(/^[A-Za-z0-9]{40}$/); // the replica's default key format
    await until('the capture in the vault', async () => (await sendFrom(ext, 'keys.list')).data?.keys?.length === 1, 15_000);
    const listed = await openToolbarPopup(ext, cloudcraft);
    // (A function of its own: it runs in the popup, where nothing of this file is defined.)
    const listedNames = (w: Window, list: string) =>
      [...w.document.querySelectorAll(`ul[aria-label="${list}"] > li[aria-labelledby]`)].map((li) => w.document.getElementById(li.getAttribute('aria-labelledby')!)?.textContent ?? '').join() || null;
    expect(await listed.until('the stored key', listedNames, msg('keysHeading'))).toBe(popupKey.name);
    await listed.close();
  });

  it('toolbar popup: Copy puts the key on the clipboard ("Copied the key — clears in 3 s") and the background page clears it 3 s later, the popup closed', async () => {
    const set = await sendFrom(ext, 'settings.set', { settings: { autoLockMinutes: 15, clipboardClearSeconds: 3, autoCapture: true } });
    expect(set).toEqual({ ok: true, data: { settings: { autoLockMinutes: 15, clipboardClearSeconds: 3, autoCapture: true } } });
    const popup = await openToolbarPopup(ext, cloudcraft);
    await popup.click(msg('copy'), { scope: rowScope(msg('keysHeading')), within: popupKey.name });
    const copiedAt = Date.now();
    const rowStatus = (w: Window, scope: string) => w.document.querySelector(`${scope} [role="status"]`)?.textContent || null;
    expect(await popup.until('the copy status', rowStatus, rowScope(msg('keysHeading')))).toBe(msg('copiedClears', [msg('copiedWhatKey'), 3]));
    expect(await readClipboard(run.browser)).toBe(popupKey.secret);
    expect(Date.now() - copiedAt).toBeLessThan(3000); // (read before the clear was due)
    await popup.close();
    const clearedAfter = await until('an empty clipboard', async () => ((await readClipboard(run.browser)) === '' ? Date.now() - copiedAt : null), 12_000);
    expect(clearedAfter).toBeGreaterThanOrEqual(2500);
    expect(clearedAfter).toBeLessThan(10_000);
  });

  it('toolbar popup: Test calls Cloudcraft\'s GET /user/me with the key: "OK: Ada Replica <ada@replica.test>"', async () => {
    const popup = await openToolbarPopup(ext, cloudcraft);
    await popup.click(msg('test'), { scope: rowScope(msg('keysHeading')), within: popupKey.name });
    const answer = (w: Window, scope: string, testing: string) => {
      const text = w.document.querySelector(`${scope} [role="status"]`)?.textContent ?? '';
      return text === testing ? null : text || null;
    };
    expect(await popup.until('the test result', answer, rowScope(msg('keysHeading')), msg('testing'))).toBe(msg('testOk', ['Ada Replica', 'ada@replica.test']));
    await popup.close();
    // Back to the list for the next test: Done on the secret view.
    await cloudcraft.bringToFront();
    await clickButton(cloudcraft, 'Done');
  });

  it('the in-page "Templates" menu (the content script\'s own) applies a template on another tab, and the key saved there is captured; a popup page opened as a tab cannot drive the page', async () => {
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
    expect(run.replica.keys().map((k) => k.secret)).toEqual([popupKey.secret, secret]);

    // Captured: a second sealed record in the vault; the two decrypt to the two secrets Cloudcraft showed.
    const keys = await until(
      'the captured key in the vault',
      async () => {
        const r = await sendFrom(ext, 'keys.list');
        return r.ok && r.data.keys.length === 2 ? (r.data.keys as Array<{ id: string; name: string; permission: string }>) : null;
      },
      15_000,
    );
    // Both are named from the template ("automation-read-<date>"); keys.list lists the newest first.
    expect(keys.map((k) => [k.name, k.permission])).toEqual([
      [shown.keys.at(-1)!.name, 'read'],
      [popupKey.name, 'read'],
    ]);
    const revealed = await Promise.all(keys.map((k) => sendFrom(ext, 'keys.reveal', { id: k.id })));
    expect(revealed).toEqual([
      { ok: true, data: { secret } },
      { ok: true, data: { secret: popupKey.secret } },
    ]);
    await sleep(500); // a duplicate capture would land by now
    expect((await sendFrom(ext, 'keys.list')).data.keys).toHaveLength(2);
    await screenshot(page, 'firefox-cloudcraft-captured');
    await page.close();
    expect(run.tunnelled()).toEqual(expect.arrayContaining(['app.cloudcraft.co:443', 'api.cloudcraft.co:443']));
  });

  it('logged no JavaScript error from any extension context (background, pages, content script)', () => {
    expect(run.extensionErrors()).toEqual([]);
  });
});
