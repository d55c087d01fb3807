/**
 * Popup in the real browser, through the real toolbar popup on the Cloudcraft tab:
 * first run, templates order and write warning, Copy with clipboard clearing by the offscreen
 * timer, Test against the replica's /user/me, locked state; axe and layout in every state.
 * One browser for the file; tests run in order and build on each other.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openCloudcraft, popupSettled, screenshot, serviceWorker, toolbarPinned, type Launched } from '../../scripts/lib/harness.mjs';
import {
  DIST,
  PASSPHRASE,
  READ_ONLY,
  READ_WRITE,
  aria,
  axeViolations,
  clickInRow,
  closePopup,
  createVault,
  dumpStorage,
  fillAndSave,
  keyRow,
  layoutProblems,
  msg,
  openCreateForm,
  popupView,
  readClipboard,
  reopenPopup,
  rowStatus,
  sendFrom,
  templateLabels,
  templateRow,
  until,
  waitForStoredKeys,
  waitForView,
} from './lib/flow';
import { STATUS_READY, applyFromPopup, tabStatus } from './lib/content-flow';
import { allByRole, axFacts, escapeRegExp, getByRole, msgPattern, namesByRole, textsByRole } from './lib/screen';

const WRITE_WARNING = msg('warnWrite');

describe('popup e2e', () => {
  let run: Launched;
  let page: Page;
  let popup: Page;
  let key: { name: string; secret: string };

  beforeAll(async () => {
    // Pinned, as a user who opens it from the toolbar keeps it (launchBrowser checks it is).
    run = await launchBrowser({ distPath: DIST, pinAction: true });
    page = await openCloudcraft(run.browser);
    await openCreateForm(page);
  });
  afterAll(async () => {
    await run?.close();
  });

  /**
   * In the window Chromium sized to the popup's content: at most 380 px wide, nothing cut off on
   * the right or scrolled sideways, no clipped text, zero axe violations; then a screenshot of it.
   */
  async function checkState(name: string) {
    const window = await popupSettled(popup);
    expect(window.width).toBeLessThanOrEqual(380);
    const layout = await layoutProblems(popup);
    expect(layout.scrollWidth).toBeLessThanOrEqual(layout.clientWidth);
    expect(layout.bodyScrollWidth).toBeLessThanOrEqual(layout.bodyClientWidth);
    expect(layout.clipped).toEqual([]);
    expect(await axeViolations(popup)).toEqual([]);
    expect(await screenshot(popup, name)).toMatch(/\.png$/);
  }

  async function open() {
    popup = await reopenPopup(run.browser, page, popup);
    return popup;
  }

  it('runs with the toolbar button pinned (the benchmark measures the popup that way)', async () => {
    expect(await toolbarPinned(run.browser)).toBe(true);
  });

  it('first run: Passphrase, Confirm passphrase, Create vault → unlocked', async () => {
    await open();
    await waitForView(popup, 'first-run');
    expect(await namesByRole(popup, popup, 'heading')).toEqual([msg('firstRunTitle')]);
    const create = await getByRole(popup, 'button', msg('createVault'));
    expect((await axFacts(popup, create)).disabled).toBe(true);
    await checkState('popup-first-run');
    await popup.locator(aria(msg('passphrase'), 'textbox')).fill(PASSPHRASE);
    await popup.locator(aria(msg('confirmPassphrase'), 'textbox')).fill(`${PASSPHRASE}!`);
    // The mismatch is the confirmation field's description, and the field is marked invalid.
    const confirm = await getByRole(popup, 'textbox', msg('confirmPassphrase'));
    expect(await axFacts(popup, confirm)).toMatchObject({ description: msg('passphraseMismatch'), invalid: true });
    expect((await axFacts(popup, create)).disabled).toBe(true);
    await checkState('popup-first-run-mismatch');
    expect((await sendFrom(popup, 'vault.status')).data).toEqual({ state: 'uninitialized', keyCount: 0 });
    await createVault(popup);
    expect(await popupView(popup)).toBe('unlocked');
    expect((await sendFrom(popup, 'vault.status')).data).toEqual({ state: 'unlocked', keyCount: 0 });
    expect(Object.keys((await dumpStorage(run.browser)).local)).toContain('vault.meta');
    expect(STATUS_READY).toContain(await tabStatus(popup));
  });

  it('templates: "Read-only" first and selected; choosing "Read & write" shows the write warning', async () => {
    expect(await templateLabels(popup)).toEqual([READ_ONLY, READ_WRITE]);
    /** The labels of the checked template radios. */
    const checked = async () => {
      const names: string[] = [];
      for (const radio of await allByRole(popup, 'radio')) {
        const facts = await axFacts(popup, radio);
        if (facts.checked === true) names.push(facts.name);
      }
      return names;
    };
    /** Every paragraph of the templates region outside its "Result" status (which is empty here): its warnings. */
    const warnings = async () => {
      const region = await getByRole(popup, 'region', msg('templatesHeading'));
      const inResult = await textsByRole(await getByRole(region, 'status', msg('applyResult')), 'paragraph');
      return (await textsByRole(region, 'paragraph')).filter((p) => !inResult.includes(p));
    };
    const keyName = async () => (await getByRole(popup, 'textbox', msg('keyName'))).evaluate((i) => (i as HTMLInputElement).value);
    expect(await checked()).toEqual([READ_ONLY]);
    expect(await warnings()).toEqual([]);
    expect(await keyName()).toMatch(/^automation-read-\d{4}-\d\d-\d\d$/);
    await checkState('popup-unlocked');

    await (await getByRole(await templateRow(popup, READ_WRITE), 'radio', READ_WRITE)).click();
    await until('write warning', async () => (await warnings()).includes(WRITE_WARNING));
    expect(await checked()).toEqual([READ_WRITE]);
    expect(await warnings()).toEqual([WRITE_WARNING]);
    expect(await keyName()).not.toMatch(/-read-/);
    await checkState('popup-read-write-warning');

    await (await getByRole(await templateRow(popup, READ_ONLY), 'radio', READ_ONLY)).click();
    await until('no warning', async () => (await warnings()).length === 0);
  });

  it('a 200-character team name without break points wraps: the popup stays within 380 px in the templates list and in the per-field report', async () => {
    const team = 'X'.repeat(200); // the longest a template allows (shared/templates.ts)
    const template = { id: 'long-team', label: 'Long team', namePattern: 'long-{date}', permission: 'read', teams: [{ team, access: 'read' }], description: '' };
    expect((await sendFrom(popup, 'templates.saveUser', { templates: [template] })).ok).toBe(true);
    await open();
    await waitForView(popup, 'unlocked');
    expect(await templateLabels(popup)).toEqual([READ_ONLY, 'Long team', READ_WRITE]);
    await checkState('popup-long-team-name');
    const applied = await applyFromPopup(popup, 'Long team');
    expect(applied.fields.some((f) => msgPattern('reportTeamMissing', [team, /.*/]).test(f))).toBe(true);
    await checkState('popup-long-team-report');
    expect((await sendFrom(popup, 'templates.saveUser', { templates: [] })).ok).toBe(true);
  });

  it('Copy: "Copied the key — clears in 3 s", the clipboard holds the secret, then "" after 3 s (offscreen timer) with the popup closed', async () => {
    const set = await sendFrom(popup, 'settings.set', { settings: { autoLockMinutes: 15, clipboardClearSeconds: 3, autoCapture: true } });
    expect(set).toEqual({ ok: true, data: { settings: { autoLockMinutes: 15, clipboardClearSeconds: 3, autoCapture: true } } });
    key = await fillAndSave(run.browser, page, popup, { name: 'popup-e2e-key' });
    expect(run.replica.keys().at(-1)).toMatchObject({ name: 'popup-e2e-key', permission: 'read', secret: key.secret });
    // The per-field report makes the popup taller than its window can be: it scrolls, and Chrome
    // widens the window by the scrollbar, still within 380 px (checkState), nothing cut off.
    await checkState('popup-after-fill-and-save');
    expect(await popup.evaluate(() => document.documentElement.scrollHeight > innerHeight)).toBe(true);

    await open();
    await waitForStoredKeys(popup, ['popup-e2e-key']);
    await clickInRow(await keyRow(popup, 'popup-e2e-key'), msg('copy'));
    const copiedAt = Date.now();
    const copiedClears = msg('copiedClears', [msg('copiedWhatKey'), 3]);
    expect(await rowStatus(popup, 'popup-e2e-key', /\S/)).toBe(copiedClears);
    await checkState('popup-copied');
    // A vertical scrollbar must not widen the popup past 380 px (Chrome grows a popup for its scrollbar).
    expect(await popup.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }))).toEqual({
      scrollWidth: expect.toSatisfy((w: number) => w <= 380),
      innerWidth: expect.toSatisfy((w: number) => w <= 380),
    });
    await closePopup(popup);
    expect(await readClipboard(run.browser, page)).toBe(key.secret);
    expect(Date.now() - copiedAt).toBeLessThan(3000); // (read before the clear was due)
    const due = (await dumpStorage(run.browser)).local['clipboard.clearAt'] as number;
    expect(due).toBeGreaterThan(copiedAt);
    expect(due - copiedAt).toBeLessThan(3500);

    // Alarms fire no sooner than 30 s: an empty clipboard within a few seconds is the offscreen timer's work.
    const clearedAfter = await until(
      'an empty clipboard',
      async () => ((await readClipboard(run.browser, page)) === '' ? Date.now() - copiedAt : undefined),
      12_000,
    );
    expect(clearedAfter).toBeGreaterThanOrEqual(2500);
    expect(clearedAfter).toBeLessThan(10_000);
    // The offscreen document reported it: the due time and the backup alarm are gone.
    await until('clearAt forgotten', async () => !('clipboard.clearAt' in (await dumpStorage(run.browser)).local));
    const worker = await serviceWorker(run.browser);
    expect(await worker.evaluate(() => (globalThis as unknown as { chrome: { alarms: { get(n: string): Promise<unknown> } } }).chrome.alarms.get('clipboard.clear'))).toBeFalsy();
  });

  it('Test: "OK: Ada Replica <ada@replica.test>" for a live key, "Cloudcraft rejects this key (401): marked revoked." once Cloudcraft revoked it', async () => {
    await open();
    const row = () => keyRow(popup, 'popup-e2e-key');
    /** Any answer of Test: not empty and not "Testing…". */
    const answered = new RegExp(`^(?!${escapeRegExp(msg('testing'))}$)\\S`);
    await clickInRow(await row(), msg('test'));
    expect(await rowStatus(popup, 'popup-e2e-key', answered)).toBe(msg('testOk', ['Ada Replica', 'ada@replica.test']));
    await checkState('popup-test-ok');

    const id = run.replica.keys().find((k) => k.secret === key.secret)!.id;
    const status = await page.evaluate(async (id) => (await fetch(`/__replica/keys/${id}`, { method: 'DELETE' })).status, id);
    expect(status).toBe(204);
    expect(run.replica.keys().some((k) => k.secret === key.secret)).toBe(false);
    await open();
    await clickInRow(await row(), msg('test'));
    expect(await rowStatus(popup, 'popup-e2e-key', answered)).toBe(msg('testRejectedRevoked', 401));
    await checkState('popup-test-rejected');
  });

  it('locked: Lock shows the Passphrase + Unlock form; empty submit asks for it', async () => {
    await popup.locator(aria(msg('lock'), 'button')).click();
    await waitForView(popup, 'locked');
    expect((await sendFrom(popup, 'vault.status')).data).toEqual({ state: 'locked', keyCount: 1 });
    await checkState('popup-locked');
    await popup.locator(aria(msg('unlock'), 'button')).click();
    expect(await (await getByRole(popup, 'alert')).evaluate((e) => e.textContent)).toBe(msg('passphraseRequired'));
    expect(await axFacts(popup, await getByRole(popup, 'textbox', msg('passphrase')))).toMatchObject({ description: msg('passphraseRequired'), invalid: true });
    await checkState('popup-locked-empty');
    await popup.locator(aria(msg('passphrase'), 'textbox')).fill(PASSPHRASE);
    await popup.locator(aria(msg('unlock'), 'button')).click();
    await waitForView(popup, 'unlocked');
    expect(await waitForStoredKeys(popup, ['popup-e2e-key'])).toEqual(['popup-e2e-key']);
  });
});
