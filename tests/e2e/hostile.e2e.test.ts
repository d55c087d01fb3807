/**
 * Content script against a hostile Cloudcraft page (replica `hostile=1`): hidden and off-screen decoy
 * dialogs with a fake secret, forged extension-shaped window.postMessage traffic every second, and
 * window.__replicaHostile.clickAll() (untrusted pointer/mouse/click events on every element, open
 * shadow roots included). Nothing may be stored or confirmed; a real flow afterwards on the same page
 * captures exactly the real secret. One browser for the file.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openCloudcraft, replicaState, screenshot, waitForReplica, type Launched } from '../../scripts/lib/harness.mjs';
import { DIST, OPTIONS_PATH, READ_ONLY, aria, closePopup, createVault, domStrings, dumpStorage, fillAndSave, recordIds, reopenPopup, sleep, until } from './lib/flow';
import { APPLY_OK_SAVED, CAPTURED_NOTICE, NO_TEAMS, STATUS_READY, applyResult, openKeysUi, popupWithStatus, revealSecret, today, vaultKeys } from './lib/content-flow';
import { axFacts, getByRole, msg, msgPrefix, queryByRole } from './lib/screen';

const QUERY = 'hostile=1&mode=modal&permission=listbox&teams=switch&secret=text';

describe('hostile page e2e', () => {
  let run: Launched;
  let ext: Page;
  let page: Page;
  let popup: Page | undefined;

  beforeAll(async () => {
    run = await launchBrowser({ distPath: DIST });
    ext = await run.browser.newPage();
    await ext.goto(`chrome-extension://${run.extensionId}/${OPTIONS_PATH}`, { waitUntil: 'load' });
    page = await openCloudcraft(run.browser, QUERY);
    popup = await reopenPopup(run.browser, page);
    await createVault(popup); // unlocked: a forged capture would be stored if it got through
    await closePopup(popup);
  });
  afterAll(async () => {
    await run?.close();
  });

  const hostile = () => page.evaluate(() => (window as unknown as { __replicaHostile: { posted: number; clickAll(): number } }).__replicaHostile.posted);
  const clickAll = () => page.evaluate(() => (window as unknown as { __replicaHostile: { clickAll(): number } }).__replicaHostile.clickAll());
  /** Back to the diagrams without reloading: closes whatever the synthetic clicks opened. */
  async function resetToDiagrams(): Promise<void> {
    await page.bringToFront();
    for (let i = 0; i < 3 && (await replicaState(page))!.view !== 'diagrams'; i++) {
      await page.keyboard.press('Escape');
      await sleep(200);
    }
    for (const name of ['Done', 'Cancel', 'Close']) {
      if ((await replicaState(page))!.view === 'diagrams') break;
      await (await page.$(aria(name, 'button')))?.click();
      await sleep(100);
    }
    await waitForReplica(page, (s) => s.view === 'diagrams');
  }

  const templateNames = [`automation-read-${today()}`, `automation-write-${today()}`];

  it('stores and confirms nothing under decoys, forged messages and synthetic clicks on everything', async () => {
    await openKeysUi(page);
    // Our in-page menu is there to be attacked, in a closed shadow root (its host shows the page none).
    const trigger = await getByRole(page, 'button', msg('menuTrigger'));
    expect(await trigger.evaluate((e) => ((e.getRootNode() as ShadowRoot).host as Element).shadowRoot)).toBeNull();
    // The decoys are in the DOM with the fake secret.
    expect((await domStrings(page)).some((s) => s.text.includes('HOSTILE-FAKE-SECRET'))).toBe(true);

    const counts: number[] = [];
    for (let i = 0; i < 4; i++) {
      counts.push(await clickAll());
      await sleep(700);
      // Whatever view the clicks left, the form never holds a template's name.
      const s = (await replicaState(page))!;
      expect(templateNames).not.toContain(s.form.name);
    }
    expect(Math.min(...counts)).toBeGreaterThan(20);
    await sleep(1500);
    expect(await hostile()).toBeGreaterThanOrEqual(3); // forged postMessage batches kept coming
    await screenshot(page, 'hostile-after-clickAll', { fullPage: true });

    const state = (await replicaState(page))!;
    expect(state.saves).toBe(0);
    expect(state.form.name).toBe('');
    expect(run.replica.keys()).toEqual([]);
    expect(await recordIds(run.browser)).toEqual([]);
    expect(Object.keys((await dumpStorage(run.browser)).local).filter((k) => k.startsWith('vault.rec.'))).toEqual([]);
    expect(await vaultKeys(ext)).toEqual([]);
    const strings = await domStrings(page);
    const notices = [CAPTURED_NOTICE, msgPrefix('noticeApplied'), msgPrefix('noticeApplyFailed')];
    expect(strings.filter((s) => notices.some((n) => s.text.startsWith(n)))).toEqual([]);
    // The in-page menu never opened: its button collapsed, no menu of templates shown.
    const button = await getByRole(page, 'button', msg('menuTrigger'));
    expect((await axFacts(page, button)).expanded).toBe(false);
    expect(await queryByRole(page, 'menu', msg('menuLabel'))).toBeNull();
    // Nor was it filled while hidden: its shadow root holds no menu item at all.
    expect(await button.evaluate((e) => (e.getRootNode() as ShadowRoot).querySelectorAll('[role="menuitem"]').length)).toBe(0);
  });

  it("a Save clicked by the page's own script (untrusted) arms no capture, even on a form the user filled", async () => {
    await resetToDiagrams();
    await openKeysUi(page);
    await page.locator(aria('Create API key', 'button')).click();
    await waitForReplica(page, (s) => s.view === 'create-form' && !s.loading);
    await page.locator(aria('Name', 'textbox')).fill('typed-by-user'); // trusted typing
    await waitForReplica(page, (s) => s.form.name === 'typed-by-user');
    // The page's script clicks Save: Cloudcraft (React) saves and shows a real secret.
    await page.evaluate(() => [...document.querySelectorAll('button')].find((b) => b.textContent === 'Save key')!.click());
    const state = await waitForReplica(page, (s) => s.view === 'secret' && s.saves === 1);
    expect(state.lastSecretShown).toMatch(/^[0-9A-Za-z]{40}$/);
    await clickAll();
    await sleep(2500);
    expect(await recordIds(run.browser)).toEqual([]);
    expect(await vaultKeys(ext)).toEqual([]);
    expect((await domStrings(page)).some((s) => s.text.startsWith(CAPTURED_NOTICE))).toBe(false);
  });

  it('a real Fill & save on the same page captures exactly the real secret', async () => {
    await resetToDiagrams();
    await openKeysUi(page);
    await page.locator(aria('Create API key', 'button')).click();
    await waitForReplica(page, (s) => s.view === 'create-form' && !s.loading);

    popup = await popupWithStatus(run.browser, page, STATUS_READY, popup);
    const key = await fillAndSave(run.browser, page, popup, { label: READ_ONLY, name: 'hostile-real-key' });
    expect((await applyResult(popup)).head).toBe(APPLY_OK_SAVED);
    expect(key.name).toBe('hostile-real-key');
    expect(key.secret).toMatch(/^[0-9A-Za-z]{40}$/);
    await screenshot(page, 'hostile-real-capture');

    // Forged captures keep arriving; wait past two more batches.
    await sleep(2200);
    const keys = await vaultKeys(ext);
    expect(keys.map((k) => [k.name, k.permission, k.teams])).toEqual([['hostile-real-key', 'read', []]]);
    const secret = await revealSecret(ext, keys[0]!.id);
    expect(secret).toBe(key.secret);
    expect(secret).not.toMatch(/HOSTILE/);
    const state = (await replicaState(page))!;
    expect(state.lastSecretShown).toBe(secret);
    expect(state.keys.at(-1)).toMatchObject({ name: 'hostile-real-key', permission: 'read', teams: NO_TEAMS });
    expect(run.replica.keys().map((k) => k.name)).toEqual(['typed-by-user', 'hostile-real-key']);
    expect(run.replica.keys().at(-1)!.secret).toBe(secret);
    expect(await recordIds(run.browser)).toHaveLength(1);
    // The confirmation shows, without the secret.
    const strings = await until('the captured notice', async () => {
      const all = await domStrings(page);
      return all.some((s) => s.text.startsWith(CAPTURED_NOTICE)) ? all : undefined;
    });
    expect(strings.filter((s) => s.where.includes('cckh-') && s.text.includes(secret))).toEqual([]);

    // Synthetic clicks after the capture do not capture it again.
    await clickAll();
    await sleep(1000);
    expect(await recordIds(run.browser)).toHaveLength(1);
    expect((await replicaState(page))!.saves).toBe(2);
  });
});
