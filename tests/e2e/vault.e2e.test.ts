/**
 * Vault in the real browser: a captured secret is stored nowhere in plaintext, survives
 * service worker restarts, and captures while locked land. Through the real toolbar popup and the
 * replica; one browser for the file, tests run in order and build on each other.
 */
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ORIGIN, launchBrowser, openCloudcraft, screenshot, serviceWorker, stopServiceWorker, type Launched } from '../../scripts/lib/harness.mjs';
import {
  DIST,
  PASSPHRASE,
  aria,
  clickInRow,
  closePopup,
  collectLogs,
  createVault,
  domStrings,
  dumpStorage,
  fillAndSave,
  keyRow,
  openCreateForm,
  openOptions,
  popupView,
  readClipboard,
  recordIds,
  reopenPopup,
  rowStatus,
  saveKeyByHand,
  sendFrom,
  sleep,
  storedKeyNames,
  until,
  waitForCapture,
  waitForStoredKeys,
  waitForView,
} from './lib/flow';
import { axFacts, getByRole, msg, msgPattern, textOf } from './lib/screen';

/** storage.session keys, sorted (the rate limits' counters live in the vault's storage.local now). */
const sessionKeys = (session: Record<string, unknown>) => Object.keys(session).sort();

/** `clipboardFingerprint` (src/shared/fingerprint.ts): base64 SHA-256 of the UTF-8 text. */
const fingerprint = (text: string) => createHash('sha256').update(text, 'utf8').digest('base64');

/** Writes the system clipboard from the Cloudcraft tab, as a user copying there would (cf. readClipboard). */
async function writeClipboard(browser: Browser, page: Page, text: string): Promise<void> {
  await browser.defaultBrowserContext().overridePermissions(APP_ORIGIN, ['clipboard-read', 'clipboard-sanitized-write']);
  await page.bringToFront();
  const cdp = await page.createCDPSession();
  try {
    await cdp.send('Emulation.setFocusEmulationEnabled', { enabled: true });
    const failed = await page.evaluate((t) => navigator.clipboard.writeText(t).then(() => '', (e: unknown) => String(e)), text);
    if (failed) throw new Error(`clipboard write failed: ${failed}`);
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/**
 * What the popup does on Copy once it sends the fingerprint: the clipboard holds `copied`, a clear
 * is scheduled in 2 s with its fingerprint; then `userCopies` (if any) lands on the clipboard as
 * the user's own copy. Resolves with the clipboard's text once the clear was done (cleared or left).
 */
async function copyThenClear(browser: Browser, page: Page, ext: Page, copied: string, userCopies?: string): Promise<string> {
  await writeClipboard(browser, page, copied);
  const scheduled = await sendFrom(ext, 'clipboard.scheduleClear', { delaySeconds: 2, fingerprint: fingerprint(copied) });
  expect(scheduled.ok, JSON.stringify(scheduled.error)).toBe(true);
  if (userCopies !== undefined) await writeClipboard(browser, page, userCopies);
  await until('the clear to be done', async () => !('clipboard.clearAt' in (await dumpStorage(browser)).local), 15_000);
  return readClipboard(browser, page);
}

const workerRunning = (run: Launched) =>
  run.browser.targets().some((t) => t.type() === 'service_worker' && t.url().startsWith(`chrome-extension://${run.extensionId}/`));

describe('vault e2e', () => {
  let run: Launched;
  let logs: { lines: string[] };
  let page: Page;
  let popup: Page;
  /** name → secret of every key captured so far, in order. */
  const captured: Array<{ name: string; secret: string }> = [];

  beforeAll(async () => {
    run = await launchBrowser({ distPath: DIST });
    logs = collectLogs(run.browser);
    // secret=code: Cloudcraft shows the secret as text in <code class="secret">, so it appears in
    // the page's HTML exactly once, where Cloudcraft put it.
    page = await openCloudcraft(run.browser, 'secret=code');
  });
  afterAll(async () => {
    await run?.close();
  });

  /** Copy in the popup, then the clipboard's text. */
  async function copyFromPopup(name: string): Promise<string> {
    popup = await reopenPopup(run.browser, page, popup);
    await waitForView(popup, 'unlocked');
    await clickInRow(await keyRow(popup, name), msg('copy'));
    await rowStatus(popup, name, msgPattern('copiedClears', [msg('copiedWhatKey'), /\d+/]));
    return readClipboard(run.browser, page);
  }

  it('after create vault + Fill & save "Read-only", the secret is nowhere but where Cloudcraft shows it', async () => {
    await openCreateForm(page);
    popup = await reopenPopup(run.browser, page);
    await waitForView(popup, 'first-run');
    await createVault(popup);
    const key = await fillAndSave(run.browser, page, popup, { name: 'vault-e2e-one' });
    captured.push(key);
    expect(key.secret).toMatch(/^[0-9A-Za-z]{40}$/);
    expect(run.replica.keys().map((k) => [k.name, k.permission, k.secret])).toEqual([['vault-e2e-one', 'read', key.secret]]);
    popup = await reopenPopup(run.browser, page, popup);
    expect(await waitForStoredKeys(popup, ['vault-e2e-one'])).toEqual(['vault-e2e-one']);
    expect(await copyFromPopup('vault-e2e-one')).toBe(key.secret);
    await screenshot(page, 'vault-secret-shown');

    // Storage: no area holds the secret as text (nor base64 / hex of it).
    const dump = await dumpStorage(run.browser);
    const all = JSON.stringify(dump);
    expect(Object.keys(dump.local).filter((k) => k.startsWith('vault.rec.'))).toHaveLength(1);
    expect(sessionKeys(dump.session)).toEqual(['vault.activity', 'vault.session']); // unlocked
    expect(dump.local['limits.capture']).toEqual([expect.any(Number)]); // one capture, with its time, kept across restarts
    for (const form of [key.secret, Buffer.from(key.secret).toString('base64'), Buffer.from(key.secret).toString('hex')]) {
      expect(all.includes(form), `storage holds ${form === key.secret ? 'the secret' : 'an encoding of it'}`).toBe(false);
    }

    // Page DOM, closed shadow roots and form values included: only Cloudcraft's own <code class="secret">.
    const hits = (await domStrings(page)).filter((s) => s.text.includes(key.secret));
    expect(hits.map((h) => h.where)).toEqual([expect.stringMatching(/>code\.secret$/)]);
    const html = await page.evaluate(() => document.documentElement.outerHTML);
    expect(html.split(key.secret).length - 1).toBe(1);
    // The popup shows names, never the secret.
    popup = await reopenPopup(run.browser, page, popup);
    await waitForStoredKeys(popup, ['vault-e2e-one']);
    expect((await domStrings(popup)).filter((s) => s.text.includes(key.secret))).toEqual([]);
    // The extension pages' localStorage holds one thing: the id of the Cloudcraft tab the popup
    // last asked (src/popup/earlyPageState.ts).
    const pageStorage = await popup.evaluate(() => Object.fromEntries(Object.entries(localStorage)));
    expect(pageStorage).toEqual({ 'cckh.lastCloudcraftTab': expect.stringMatching(/^\d+$/) });

    // Console of every page, the offscreen document and the worker (the collector does hear them).
    await page.evaluate(() => console.log('e2e-probe-page'));
    await (await serviceWorker(run.browser)).evaluate(() => console.log('e2e-probe-worker'));
    await until('probe lines', async () => logs.lines.some((l) => l.includes('e2e-probe-page')) && logs.lines.some((l) => l.includes('e2e-probe-worker')));
    expect(logs.lines.filter((l) => l.includes(key.secret))).toEqual([]);
  });

  it('a stopped service worker loses nothing: still unlocked, key listed, Copy yields the same secret', async () => {
    await closePopup(popup);
    await stopServiceWorker(run.browser);
    expect(workerRunning(run)).toBe(false);
    popup = await reopenPopup(run.browser, page); // opening the popup starts the worker again
    await waitForView(popup, 'unlocked');
    expect(await popupView(popup)).toBe('unlocked');
    expect(await waitForStoredKeys(popup, ['vault-e2e-one'])).toEqual(['vault-e2e-one']);
    expect(await copyFromPopup('vault-e2e-one')).toBe(captured[0]!.secret);
  });

  it('stopping the worker between capture and listing loses nothing', async () => {
    await openCreateForm(page);
    popup = await reopenPopup(run.browser, page, popup);
    const key = await fillAndSave(run.browser, page, popup, { name: 'vault-e2e-two' }); // waits for the acknowledged capture
    captured.push(key);
    await closePopup(popup);
    await stopServiceWorker(run.browser);
    popup = await reopenPopup(run.browser, page);
    await waitForView(popup, 'unlocked');
    expect(await waitForStoredKeys(popup, ['vault-e2e-one', 'vault-e2e-two'])).toHaveLength(2);
    expect(await copyFromPopup('vault-e2e-two')).toBe(key.secret);
  });

  it('stopping the worker between two captures loses nothing (the second capture wakes it)', async () => {
    await openCreateForm(page);
    popup = await reopenPopup(run.browser, page, popup);
    captured.push(await fillAndSave(run.browser, page, popup, { name: 'vault-e2e-three' }));
    await closePopup(popup);
    await stopServiceWorker(run.browser);
    const count = (await recordIds(run.browser)).length; // (wakes the worker through CDP: stop it again)
    expect(count).toBe(3);
    await stopServiceWorker(run.browser);
    expect(workerRunning(run)).toBe(false);
    // A hand-made key, popup closed: only the content script's keys.capture message can start the worker.
    const secret = await saveKeyByHand(page, 'vault-e2e-four');
    await waitForCapture(run.browser, page, 4);
    captured.push({ name: 'vault-e2e-four', secret });
    await stopServiceWorker(run.browser);
    popup = await reopenPopup(run.browser, page);
    await waitForView(popup, 'unlocked');
    expect(await waitForStoredKeys(popup, captured.map((k) => k.name))).toHaveLength(4);
    expect(await copyFromPopup('vault-e2e-three')).toBe(captured[2]!.secret);
    expect(await copyFromPopup('vault-e2e-four')).toBe(secret);
  });

  it('a capture while locked lands; a wrong passphrase says so and stays locked; Unlock lists every key', async () => {
    popup = await reopenPopup(run.browser, page, popup);
    await popup.locator(aria(msg('lock'), 'button')).click();
    await waitForView(popup, 'locked');
    expect(sessionKeys((await dumpStorage(run.browser)).session)).toEqual([]);
    await closePopup(popup);

    const secret = await saveKeyByHand(page, 'vault-e2e-locked');
    await waitForCapture(run.browser, page, 5);
    captured.push({ name: 'vault-e2e-locked', secret });
    expect(JSON.stringify(await dumpStorage(run.browser)).includes(secret)).toBe(false);

    popup = await reopenPopup(run.browser, page);
    await waitForView(popup, 'locked');
    await screenshot(popup, 'vault-popup-locked', { fullPage: true });
    await popup.locator(aria(msg('passphrase'), 'textbox')).fill(`${PASSPHRASE}x`);
    await popup.locator(aria(msg('unlock'), 'button')).click();
    expect(await textOf(await getByRole(popup, 'alert'))).toBe(msg('wrongPassphrase'));
    expect(await axFacts(popup, await getByRole(popup, 'textbox', msg('passphrase')))).toMatchObject({ description: msg('wrongPassphrase'), invalid: true });
    await screenshot(popup, 'vault-popup-wrong-passphrase', { fullPage: true });
    expect(await popupView(popup)).toBe('locked');
    expect((await sendFrom(popup, 'keys.list')).error?.code).toBe('LOCKED');
    expect((await sendFrom(popup, 'vault.status')).data).toEqual({ state: 'locked', keyCount: 5 });

    await popup.locator(aria(msg('passphrase'), 'textbox')).fill(PASSPHRASE);
    await popup.locator(aria(msg('unlock'), 'button')).click();
    await waitForView(popup, 'unlocked');
    const names = await waitForStoredKeys(popup, captured.map((k) => k.name));
    expect(names).toHaveLength(5);
    expect(names).toContain('vault-e2e-locked');
    expect(await storedKeyNames(popup)).toEqual(names);
    expect(await copyFromPopup('vault-e2e-locked')).toBe(secret);

    // Every secret the replica made is one we hold, and none is stored as text.
    expect(run.replica.keys().map((k) => k.secret).sort()).toEqual(captured.map((k) => k.secret).sort());
    const all = JSON.stringify(await dumpStorage(run.browser));
    expect(captured.filter((k) => all.includes(k.secret))).toEqual([]);
    expect(logs.lines.filter((l) => captured.some((k) => l.includes(k.secret)))).toEqual([]);
  });

  it("another vault's session left in storage.session (stopped worker): the popup settles on the locked view, the worker removes it, the passphrase unlocks again", async () => {
    // The popup reads its first view from storage and sees only that a session exists
    // (src/shared/firstView.ts); the worker's vault.touch answer must win, and clean up.
    popup = await reopenPopup(run.browser, page, popup);
    await waitForView(popup, 'unlocked');
    await popup.evaluate(async () => {
      type Area = { get(k: string): Promise<Record<string, unknown>>; set(items: Record<string, unknown>): Promise<void> };
      const session = (globalThis as unknown as { chrome: { storage: { session: Area } } }).chrome.storage.session;
      const stored = (await session.get('vault.session'))['vault.session'] as Record<string, unknown>;
      await session.set({ 'vault.session': { ...stored, vaultId: 'another-vault-0000' } });
    });
    await closePopup(popup);
    await stopServiceWorker(run.browser);
    popup = await reopenPopup(run.browser, page);
    await waitForView(popup, 'locked');
    await until('the worker removed the unusable session', async () => !sessionKeys((await dumpStorage(run.browser)).session).includes('vault.session'));
    await screenshot(popup, 'vault-popup-foreign-session', { fullPage: true });
    await popup.locator(aria(msg('passphrase'), 'textbox')).fill(PASSPHRASE);
    await popup.locator(aria(msg('unlock'), 'button')).click();
    await waitForView(popup, 'unlocked');
    expect(await waitForStoredKeys(popup, captured.map((k) => k.name))).toHaveLength(5);
  });

  it('wrong passphrases: refused with RATE_LIMITED after 5 in a row, also across a worker restart; the right one unlocks after the wait', async () => {
    popup = await reopenPopup(run.browser, page, popup);
    await waitForView(popup, 'unlocked');
    await popup.locator(aria(msg('lock'), 'button')).click();
    await waitForView(popup, 'locked');
    // 8 failures: 5 free, then waits of 1, 2 and 4 s; refused attempts do not count.
    const refusals: string[] = [];
    for (let failures = 0; failures < 8; ) {
      const r = await sendFrom(popup, 'vault.unlock', { passphrase: `${PASSPHRASE}x` });
      if (r.error?.code === 'WRONG_PASSPHRASE') failures++;
      else {
        expect(r.error?.code).toBe('RATE_LIMITED');
        refusals.push(r.error!.message);
        await sleep(250);
      }
    }
    expect(refusals.length).toBeGreaterThan(0);
    for (const m of refusals) expect(m).toMatch(msgPattern('errPassphraseRateLimited', [/[1-4]/]));

    // Now an 8 s wait: a stopped and restarted worker still refuses, even the right passphrase.
    await closePopup(popup);
    await stopServiceWorker(run.browser);
    popup = await reopenPopup(run.browser, page);
    await waitForView(popup, 'locked');
    await popup.locator(aria(msg('passphrase'), 'textbox')).fill(PASSPHRASE);
    await popup.locator(aria(msg('unlock'), 'button')).click();
    expect(await textOf(await getByRole(popup, 'alert'))).toMatch(msgPattern('errPassphraseRateLimited', [/[1-8]/]));
    await screenshot(popup, 'vault-popup-rate-limited', { fullPage: true });
    expect(await popupView(popup)).toBe('locked');

    await until('the wait to end', async () => (await sendFrom(popup, 'vault.unlock', { passphrase: PASSPHRASE })).ok, 12_000);
    expect((await sendFrom(popup, 'vault.status')).data).toMatchObject({ state: 'unlocked' });
    expect(Object.keys((await dumpStorage(run.browser)).local)).not.toContain('limits.unlock'); // success forgets the failures
  });

  it('clipboard, option "clear only if unchanged" on but clipboardRead not granted: cleared unconditionally (as before)', async () => {
    await closePopup(popup);
    const ext = await openOptions(run.browser, run.extensionId); // an extension page that stays open while the tab has focus
    const set = await sendFrom(ext, 'settings.set', { settings: { autoLockMinutes: 15, clipboardClearSeconds: 30, autoCapture: true, clipboardClearOnlyIfUnchanged: true } });
    expect(set.ok).toBe(true);
    expect(await ext.evaluate(() => (globalThis as unknown as { chrome: { permissions: { contains(p: object): Promise<boolean> } } }).chrome.permissions.contains({ permissions: ['clipboardRead'] }))).toBe(false);
    expect(await copyThenClear(run.browser, page, ext, captured[0]!.secret, 'the user copied this afterwards')).toBe('');
  });
});

/**
 * "Clear only if unchanged" with clipboardRead held. chrome.permissions.request shows a native
 * prompt that headless Chromium never answers (tried: a puppeteer click on an options-page button
 * gives the user gesture, the promise stays pending), so this build lists clipboardRead as a
 * required permission (granted at load) in a copy of dist/; everything else is the shipped code.
 */
describe('clipboard e2e: clear only if unchanged (clipboardRead granted)', () => {
  let dir: string;
  let run: Launched;
  let page: Page;
  let ext: Page;
  const KEY = 'ccapi_e2e_0123456789abcdefghijklmnopqrstuvwxyz';

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'cckh-clipread-'));
    await cp(DIST, dir, { recursive: true });
    const manifestPath = path.join(dir, 'manifest.json');
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { permissions: string[]; optional_permissions?: string[] };
    expect(manifest.optional_permissions).toEqual(['clipboardRead']); // what we ship
    manifest.permissions.push('clipboardRead');
    delete manifest.optional_permissions;
    await writeFile(manifestPath, JSON.stringify(manifest, null, 2));
    run = await launchBrowser({ distPath: dir });
    page = await openCloudcraft(run.browser);
    ext = await openOptions(run.browser, run.extensionId);
    expect(await ext.evaluate(() => (globalThis as unknown as { chrome: { permissions: { contains(p: object): Promise<boolean> } } }).chrome.permissions.contains({ permissions: ['clipboardRead'] }))).toBe(true);
  });
  afterAll(async () => {
    await run?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function optIn(on: boolean) {
    const set = await sendFrom(ext, 'settings.set', { settings: { autoLockMinutes: 15, clipboardClearSeconds: 30, autoCapture: true, clipboardClearOnlyIfUnchanged: on } });
    expect(set.ok).toBe(true);
  }

  it("option on: the user's own later copy is left alone", async () => {
    await optIn(true);
    expect(await copyThenClear(run.browser, page, ext, KEY, 'the user copied this afterwards')).toBe('the user copied this afterwards');
    // The fingerprint is gone from storage.session with the due time.
    expect(Object.keys((await dumpStorage(run.browser)).session)).not.toContain('clipboard.fingerprint');
  });

  it('option on: a clipboard still holding the key is cleared', async () => {
    await optIn(true);
    expect(await copyThenClear(run.browser, page, ext, KEY)).toBe('');
  });

  it("option off: cleared unconditionally, even over the user's own copy", async () => {
    await optIn(false);
    expect(await copyThenClear(run.browser, page, ext, KEY, 'the user copied this afterwards')).toBe('');
  });
});

