/**
 * Content script in the real browser: detection, both built-in templates (Apply, then the
 * user's Save; Fill & save), capture once per save, team access, remounts, background tabs,
 * duplicate names and the in-page "Templates" menu, on a covering set of replica variants. Through
 * the real toolbar popup; React's state read from window.__replica; the vault read through an
 * extension page ('keys.list' / 'keys.reveal'). One browser for the file; tests build on each other.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openCloudcraft, replicaState, screenshot, waitForReplica, type Launched } from '../../scripts/lib/harness.mjs';
import { DIST, OPTIONS_PATH, READ_ONLY, READ_WRITE, aria, closePopup, createVault, domStrings, fillAndSave, openCreateForm, popupView, recordIds, reopenPopup, sendFrom, sleep, until, waitForCapture } from './lib/flow';
import {
  APPLY_OK,
  APPLY_OK_SAVED,
  APPLY_PARTIAL,
  CAPTURED_NOTICE,
  NO_TEAMS,
  STATUS_NO_UI,
  STATUS_LOADING,
  STATUS_FORM,
  STATUS_LIST,
  STATUS_READY,
  STATUS_SECRET_CAPTURED,
  applyFromPopup,
  applyResult,
  chooseFirstFromTemplatesMenu,
  templatesMenuLayout,
  templatesMenuPoint,
  clickSaveInPage,
  openKeysUi,
  popupFor,
  popupWithStatus,
  selectTemplate,
  tabStatus,
  waitForReplicaPolling,
  revealSecret,
  today,
  vaultKeys,
} from './lib/content-flow';
import { allByRole, axFacts, getByRole, msg, msgPattern, namesByRole, queryByRole } from './lib/screen';

/** Every value of every dimension at least once (mode, permission, teams, secret, labels, lazy, defaultPermission). */
/**
 * The name the popup proposes for a template whose pattern gives `base`: `base`, or `base-2`,
 * `base-3`… when Cloudcraft's list or the vault already has it (case-insensitively).
 */
async function proposedFor(page: Page, base: string): Promise<string> {
  const taken = new Set([...(await vaultKeys(ext)).map((k) => k.name), ...((await replicaState(page))?.keys ?? []).map((k) => k.name)].map((n) => n.trim().toLowerCase()));
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base}-${i}`;
  return name;
}
/** The names of the in-page Templates menu's items (each: a template's label, then its access in words); [] while it is closed. */
async function menuItems(page: Page): Promise<string[]> {
  const menu = await queryByRole(page, 'menu', msg('menuLabel'));
  return menu ? namesByRole(page, menu, 'menuitem') : [];
}

/** The save line when a field could not be set. */
const SAVE_SKIPPED = msg('reportSaveFieldsFailed');
/** The per-field lines of a field that was set (or already was): anything else is a problem. */
const FIELD_SET = (['fillNameSet', 'fillNameAlready', 'fillPermissionSet', 'fillPermissionAlready', 'fillTeamSet', 'fillTeamAlready', 'fillTeamRemoved', 'fillTeamNoneAlready'] as const).map((key) =>
  msgPattern(key, [/.+/, /.+/]),
);
const notSet = (fields: string[]) => fields.filter((f) => !FIELD_SET.some((p) => p.test(f)));

let ext: Page;

const VARIANTS = [
  'mode=modal&permission=select&teams=checkbox&secret=input&labels=a',
  'mode=route&permission=radio&teams=switch&secret=code&labels=b&lazy=2000',
  'mode=modal&permission=listbox&teams=level&secret=text&labels=c&lazy=2500',
  'mode=route&permission=listbox&teams=checkbox&secret=text&labels=b&defaultPermission=read-write',
  'mode=modal&permission=radio&teams=level&secret=input&labels=c&defaultPermission=read-write',
];

const USER_TEMPLATES = [
  { id: 'eng-read', label: 'Engineering read', namePattern: 'eng-{date}', permission: 'read', teams: [{ team: 'Engineering', access: 'read' }], description: 'eng' },
  { id: 'fin-read', label: 'Finance read', namePattern: 'fin-{date}', permission: 'read', teams: [{ team: 'Finance', access: 'read' }], description: 'fin' },
];

describe('content script e2e', () => {
  let run: Launched;
  /** An extension page (options) to send protocol messages from. */
  let popup: Page | undefined;

  beforeAll(async () => {
    run = await launchBrowser({ distPath: DIST });
    ext = await run.browser.newPage();
    await ext.goto(`chrome-extension://${run.extensionId}/${OPTIONS_PATH}`, { waitUntil: 'load' });
    const page = await openCloudcraft(run.browser, '');
    popup = await reopenPopup(run.browser, page);
    expect(await popupView(popup)).toBe('first-run');
    await createVault(popup);
    await closePopup(popup);
    await page.close();
  });
  afterAll(async () => {
    await run?.close();
  });

  /** Vault records = keys the replica server made: each save captured exactly once. */
  async function expectCapturedOnce(): Promise<number> {
    const saved = run.replica.keys().length;
    await sleep(500); // a duplicate capture would land by now
    expect((await recordIds(run.browser)).length).toBe(saved);
    expect(await vaultKeys(ext)).toHaveLength(saved);
    return saved;
  }

  /** The one key stored since `beforeIds`: its metadata and secret, checked against the page and the server. */
  async function expectNewKey(page: Page, beforeIds: string[], want: { name: string; permission: 'read' | 'read-write'; teams?: Array<{ team: string; access: string }> }) {
    const keys = await vaultKeys(ext);
    const added = keys.filter((k) => !beforeIds.includes(k.id));
    expect(added.map((k) => [k.name, k.permission, k.teams])).toEqual([[want.name, want.permission, want.teams ?? []]]);
    const secret = await revealSecret(ext, added[0]!.id);
    const state = (await replicaState(page))!;
    expect(secret).toBe(state.lastSecretShown);
    const server = run.replica.keys().at(-1)!;
    expect([server.name, server.permission, server.secret]).toEqual([want.name, want.permission, secret]);
    expect(secret).toMatch(/^[0-9A-Za-z]{40}$/);
    return secret;
  }

  it.each(VARIANTS)('detects, applies Read-only (user saves) and Fill & saves Read & write on %s', async (query) => {
    const lazy = /lazy=/.test(query);
    const route = query.includes('mode=route');
    const page = await openCloudcraft(run.browser, query);
    const r = await popupFor(run.browser, page, popup);
    popup = r.popup;
    expect(r.status).toBe(STATUS_NO_UI);
    await closePopup(popup);

    if (lazy) {
      await page.locator(aria('User', 'button')).click();
      await page.locator(aria('API keys', 'menuitem')).click();
      expect((await replicaState(page))?.loading).toBe(true);
      // While Cloudcraft shows "Loading…" under the "API keys" heading the popup says so, with
      // Apply disabled. Read the popup first, the page second: if the page is still loading after
      // the popup's status was read, every reading the popup made so far saw it loading.
      const r = await popupFor(run.browser, page, popup);
      popup = r.popup;
      await popup.locator(aria(msg('apply'), 'button')).wait();
      let applyDisabled = true;
      for (const b of await allByRole(popup, 'button', msg('apply'))) applyDisabled &&= (await axFacts(popup, b)).disabled;
      if ((await replicaState(page))?.loading) {
        expect(r.status).toBe(STATUS_LOADING);
        expect(applyDisabled).toBe(true);
      } else expect([STATUS_LOADING, STATUS_LIST]).toContain(r.status);
      await waitForReplica(page, (s) => s.view === 'keys-list' && !s.loading, 15_000);
      // The open popup looks again by itself and turns Ready once the list shows.
      const open = popup;
      await until('the open popup says the list is open', async () => (await tabStatus(open)) === STATUS_LIST || undefined, 5_000);
    } else {
      await openKeysUi(page);
    }
    popup = await popupWithStatus(run.browser, page, STATUS_LIST, popup);
    await screenshot(popup, `popup-ready-${query}`, { fullPage: true });

    if (route) {
      // Back to diagrams and forward to the keys page (history, no reload).
      await closePopup(popup);
      await page.goBack();
      await waitForReplica(page, (s) => s.view === 'diagrams');
      popup = await popupWithStatus(run.browser, page, STATUS_NO_UI, popup);
      await closePopup(popup);
      await page.goForward();
      await waitForReplica(page, (s) => s.view === 'keys-list' && !s.loading, 15_000);
      popup = await popupWithStatus(run.browser, page, STATUS_READY, popup);
      expect(new URL(page.url()).pathname).toBe('/user/api-keys');
    }

    // 1. "Read-only" with Apply: the form is filled, React registered it, nothing saved.
    await closePopup(popup);
    await openCreateForm(page);
    const start = await replicaState(page);
    const savesBefore = start!.saves;
    expect(start!.form.permission).toBe(query.includes('defaultPermission=read-write') ? 'read-write' : 'read');
    popup = await popupWithStatus(run.browser, page, STATUS_FORM, popup);
    const wantRo = await proposedFor(page, `automation-read-${today()}`);
    const ro = await applyFromPopup(popup, READ_ONLY);
    expect(ro.name).toBe(wantRo);
    expect(ro.head).toBe(APPLY_OK);
    expect(notSet(ro.fields)).toEqual([]);
    let state = await waitForReplica(page, `(s) => s.form.name === ${JSON.stringify(ro.name)}`);
    expect(state.form).toEqual({ name: ro.name, permission: 'read', teams: NO_TEAMS });
    expect(state.view).toBe('create-form');
    expect(state.saves).toBe(savesBefore);
    await screenshot(popup, `popup-applied-${query}`, { fullPage: true });

    // The user clicks "Save key" in the page (trusted): captured once.
    await closePopup(popup);
    let ids = await recordIds(run.browser);
    const before = (await vaultKeys(ext)).map((k) => k.id);
    state = await clickSaveInPage(page);
    expect(state.saves).toBe(savesBefore + 1);
    await waitForCapture(run.browser, page, ids.length + 1);
    await screenshot(page, `page-captured-read-${query}`);
    await expectNewKey(page, before, { name: ro.name, permission: 'read' });
    await expectCapturedOnce();

    // 2. "Read & write" with Fill & save: saved by the extension, captured once.
    await openCreateForm(page);
    ids = await recordIds(run.browser);
    const before2 = (await vaultKeys(ext)).map((k) => k.id);
    popup = await popupWithStatus(run.browser, page, STATUS_FORM, popup);
    // Select the row first: a first press on an unselected, more privileged template only selects it (the popup asks to confirm).
    await selectTemplate(popup, READ_WRITE);
    const wantRw = await proposedFor(page, `automation-write-${today()}`);
    const rw = await fillAndSave(run.browser, page, popup, { label: READ_WRITE });
    expect(rw.name).toBe(wantRw);
    expect((await applyResult(popup)).head).toBe(APPLY_OK_SAVED); // fillAndSave does not read it
    state = (await replicaState(page))!;
    expect(state.saves).toBe(savesBefore + 2);
    expect(state.keys.at(-1)).toMatchObject({ name: rw.name, permission: 'read-write', teams: NO_TEAMS });
    expect(run.replica.keys().at(-1)?.teams).toEqual(NO_TEAMS);
    expect((await recordIds(run.browser)).length).toBe(ids.length + 1);
    await expectNewKey(page, before2, { name: rw.name, permission: 'read-write' });
    const stored = await expectCapturedOnce();

    // Reopening the popup while the secret is shown: it says so (Apply waits for Done). Closing/reopening
    // the dialog or navigating back/forward captures nothing again.
    popup = await popupWithStatus(run.browser, page, STATUS_SECRET_CAPTURED, popup);
    await closePopup(popup);
    if (route) {
      await page.goBack();
      await waitForReplica(page, (s) => s.view === 'diagrams');
      await page.goForward();
      await waitForReplica(page, (s) => s.view === 'keys-list' && !s.loading, 15_000);
    } else {
      await page.locator(aria('Close', 'button')).click();
      await waitForReplica(page, (s) => s.view === 'diagrams');
      await openKeysUi(page);
    }
    expect(await expectCapturedOnce()).toBe(stored);
    await page.close();
  });

  it('applies a user template with team access on checkbox, switch and level teams; an unknown team fails and saves nothing', async () => {
    expect((await sendFrom(ext, 'templates.saveUser', { templates: USER_TEMPLATES })).ok).toBe(true);
    for (const query of ['teams=checkbox&permission=radio', 'teams=switch&permission=listbox&labels=c', 'teams=level&labels=b&defaultPermission=read-write']) {
      const page = await openCloudcraft(run.browser, query);
      await openKeysUi(page);
      await openCreateForm(page);
      popup = await popupWithStatus(run.browser, page, STATUS_READY, popup);
      const wantEng = await proposedFor(page, `eng-${today()}`);
      const eng = await applyFromPopup(popup, 'Engineering read');
      expect(eng.name).toBe(wantEng);
      expect(eng.head, eng.fields.join('\n')).toBe(APPLY_OK);
      const state = await waitForReplica(page, `(s) => s.form.name === ${JSON.stringify(eng.name)}`);
      expect(state.form).toEqual({ name: eng.name, permission: 'read', teams: { Engineering: 'read', 'Data Platform': 'none', Security: 'none' } });

      // "Finance read" with Fill & save: the popup names the missing team and what it saw; nothing saved.
      const saves = state.saves;
      const records = (await recordIds(run.browser)).length;
      const fin = await applyFromPopup(popup, 'Finance read', { save: true });
      expect(fin.head).toBe(APPLY_PARTIAL);
      expect(fin.fields).toContain(msg('reportTeamMissing', ['Finance', '"Engineering", "Data Platform", "Security"']));
      expect(fin.fields).toContain(SAVE_SKIPPED);
      if (query.startsWith('teams=checkbox')) {
        await (await getByRole(popup, 'status', msg('applyResult'))).scrollIntoView();
        await screenshot(popup, 'popup-finance-failed');
      }
      await sleep(500);
      const after = (await replicaState(page))!;
      expect(after.saves).toBe(saves);
      expect(after.view).toBe('create-form');
      expect((await recordIds(run.browser)).length).toBe(records);
      await closePopup(popup);
      await page.close();
    }
  });

  it('detects a remounted dialog and a tab opened in the background once activated', async () => {
    // Modal closed and reopened: still detected, Apply still registers.
    const page = await openCloudcraft(run.browser, 'mode=modal&permission=listbox&teams=switch');
    await openKeysUi(page);
    await page.keyboard.press('Escape');
    await waitForReplica(page, (s) => s.view === 'diagrams');
    popup = await popupWithStatus(run.browser, page, STATUS_NO_UI, popup);
    await closePopup(popup);
    await openKeysUi(page);
    popup = await popupWithStatus(run.browser, page, STATUS_READY, popup);
    // From the list (no form open yet) Apply opens the form itself.
    const ro = await applyFromPopup(popup, READ_ONLY, { name: 'remount-key' });
    expect(ro.head).toBe(APPLY_OK);
    const s1 = await waitForReplica(page, (s) => s.view === 'create-form' && s.form.name === 'remount-key');
    expect(s1.form).toEqual({ name: 'remount-key', permission: 'read', teams: NO_TEAMS });
    await closePopup(popup);

    // A background tab (created inactive by the extension page), on the keys route, then activated.
    const url = 'https://app.cloudcraft.co/user/api-keys?mode=route&permission=select&teams=level&lazy=2000';
    const created = run.browser.waitForTarget((t) => t.url() === url, { timeout: 10_000 });
    await ext.evaluate((u) => (globalThis as unknown as { chrome: { tabs: { create(o: object): Promise<unknown> } } }).chrome.tabs.create({ url: u, active: false }), url);
    const bg = (await (await created).asPage())!;
    await bg.waitForFunction(() => document.readyState === 'complete', { polling: 100 });
    expect(await bg.evaluate(() => document.visibilityState)).toBe('hidden');
    await waitForReplicaPolling(bg, '(s) => s.view === "keys-list" && !s.loading');
    expect(await bg.evaluate(() => document.visibilityState)).toBe('hidden');
    popup = await popupWithStatus(run.browser, bg, STATUS_READY, popup); // brings it to front
    const bgApply = await applyFromPopup(popup, READ_ONLY, { name: 'background-key' });
    expect(bgApply.head).toBe(APPLY_OK);
    const s2 = await waitForReplica(bg, (s) => s.view === 'create-form' && s.form.name === 'background-key', 15_000);
    expect(s2.form).toEqual({ name: 'background-key', permission: 'read', teams: NO_TEAMS });
    expect(s2.saves).toBe(0);
    await closePopup(popup);
    await bg.close();
    await page.close();
  });

  it('warns about a key name that already exists in the page', async () => {
    const page = await openCloudcraft(run.browser, 'labels=b');
    await openKeysUi(page);
    popup = await popupWithStatus(run.browser, page, STATUS_READY, popup);
    // The warning is the "Key name" field's description (empty without it).
    const warning = async () => (await axFacts(popup!, await getByRole(popup!, 'textbox', msg('keyName')))).description || null;
    expect(await warning()).toBeNull();
    await popup.locator(aria(msg('keyName'), 'textbox')).fill('Automation Key');
    expect(await until('the duplicate warning', warning)).toBe(msg('duplicateNameConfirm', 'Automation Key'));
    await screenshot(popup, 'popup-duplicate-name', { fullPage: true });
    await popup.locator(aria(msg('keyName'), 'textbox')).fill('terraform-export2');
    await until('no duplicate warning', async () => (await warning()) === null);
    await popup.locator(aria(msg('keyName'), 'textbox')).fill('  TERRAFORM-export ');
    expect(await until('the duplicate warning', warning)).toBe(msg('duplicateNameConfirm', 'TERRAFORM-export'));
    await closePopup(popup);
    await page.close();
  });

  it('applies "Read-only" from the in-page Templates menu with a real click and Enter', async () => {
    const page = await openCloudcraft(run.browser, 'mode=route&permission=listbox&teams=level&labels=c&defaultPermission=read-write');
    await openKeysUi(page);
    // The menu sits next to "Create API key" (the list view); choosing a template opens the form and fills it.
    await chooseFirstFromTemplatesMenu(page, async () => {
      await screenshot(page, 'page-templates-menu-open');
    });
    const name = `automation-read-${today()}`;
    // The notice comes once every field is set (the name first: it is no sign the others are done).
    await until('the "applied" notice', async () => (await domStrings(page)).some((s) => s.text === msg('noticeApplied', READ_ONLY)));
    const state = await waitForReplica(page, `(s) => s.view === 'create-form' && s.form.name === ${JSON.stringify(name)}`);
    expect(state.form).toEqual({ name, permission: 'read', teams: NO_TEAMS });
    expect(state.saves).toBe(0);
    await screenshot(page, 'page-templates-menu-applied');
    // Then the user saves with Enter in the Name field (a trusted submit): captured once, with the template's name.
    const ids = (await vaultKeys(ext)).map((k) => k.id);
    await page.locator(aria('Name', 'textbox')).click();
    await page.keyboard.press('Enter');
    await waitForReplica(page, (s) => s.view === 'secret' && s.saves === 1);
    await waitForCapture(run.browser, page, ids.length + 1);
    expect(await until('the captured notice', async () => (await domStrings(page)).some((s) => s.text.startsWith(CAPTURED_NOTICE)))).toBe(true);
    await expectNewKey(page, ids, { name, permission: 'read' });
    await expectCapturedOnce();
    await page.close();
  });

  it('Escape in the in-page Templates menu closes the menu only (the API keys dialog stays); arrow keys, Home and Enter choose', async () => {
    const page = await openCloudcraft(run.browser, 'mode=modal&permission=select&teams=checkbox&labels=a');
    await openKeysUi(page);
    await page.bringToFront();
    const { x, y } = await templatesMenuPoint(page);
    await page.mouse.click(x, y);
    /** Whether the "Templates ▾" button says its menu is open (the accessibility tree reaches its closed shadow root). */
    const expanded = async () => String((await axFacts(page, await getByRole(page, 'button', msg('menuTrigger')))).expanded);
    await until(`the Templates menu lists "${READ_WRITE}"`, async () => (await menuItems(page)).some((n) => n.startsWith(READ_WRITE)));
    expect(await expanded()).toBe('true');
    await page.keyboard.press('Escape');
    await sleep(300);
    expect(await expanded()).toBe('false');
    expect((await replicaState(page))?.view).toBe('keys-list'); // the modal did not see the Escape
    // Focus went back to the trigger: ArrowDown opens on the first item, Home stays, ArrowUp wraps to the last (Read & write).
    await page.keyboard.press('ArrowDown');
    await until('the menu open again', async () => ((await expanded()) === 'true') || undefined);
    await sleep(200);
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    const name = `automation-write-${today()}`;
    const state = await waitForReplica(page, `(s) => s.view === 'create-form' && s.form.name === ${JSON.stringify(name)}`);
    expect(state.form.permission).toBe('read-write');
    expect(state.saves).toBe(0);
    // With the menu closed, Escape is Cloudcraft's again: the dialog closes.
    await page.keyboard.press('Escape');
    await waitForReplica(page, (s) => s.view === 'diagrams');
    await page.close();
  });
  it('a template with a 200-character team name keeps the in-page Templates menu within 360 px and the page', async () => {
    const long = { id: 'long-team', label: 'Long team', namePattern: 'long-{date}', permission: 'read', teams: [{ team: 'X'.repeat(200), access: 'read' }], description: '' };
    expect((await sendFrom(ext, 'templates.saveUser', { templates: [...USER_TEMPLATES, long] })).ok).toBe(true);
    const page = await openCloudcraft(run.browser, 'mode=modal&permission=select&teams=checkbox&labels=a');
    await openKeysUi(page);
    await page.bringToFront();
    const { x, y } = await templatesMenuPoint(page);
    await page.mouse.click(x, y);
    await until('the Templates menu lists "Long team"', async () => (await menuItems(page)).some((n) => n.startsWith('Long team')));
    const layout = await templatesMenuLayout(page);
    await screenshot(page, 'page-templates-menu-long-team');
    expect(layout.width).toBeLessThanOrEqual(360);
    expect(layout.scrollWidth).toBeLessThanOrEqual(layout.clientWidth);
    expect(layout.right).toBeLessThanOrEqual(layout.innerWidth);
    await page.keyboard.press('Escape');
    expect((await sendFrom(ext, 'templates.saveUser', { templates: USER_TEMPLATES })).ok).toBe(true);
    await page.close();
  });

  it('clickjacking: a click on the in-page Templates button made nearly transparent, page-sized or covered by the page is ignored; a plain click opens it', async () => {
    const page = await openCloudcraft(run.browser, 'mode=modal&permission=select&teams=checkbox&labels=a');
    await openKeysUi(page);
    await page.bringToFront();
    /** Whether the "Templates ▾" button says its menu is open. */
    const expanded = async () => String((await axFacts(page, await getByRole(page, 'button', msg('menuTrigger')))).expanded);
    const plain = await templatesMenuPoint(page);
    /** Page CSS (or markup) as an attacker's, then a real click at `at` (default: where the button is drawn). */
    async function attack(name: string, css: string, at?: { x: number; y: number }, overlay = false): Promise<string | undefined> {
      const tag = await page.addStyleTag({ content: css });
      if (overlay) {
        await page.evaluate(({ x, y }) => {
          const d = document.createElement('div');
          d.id = 'decoy';
          d.textContent = 'Win a prize';
          Object.assign(d.style, { position: 'fixed', left: `${x - 60}px`, top: `${y - 20}px`, width: '120px', height: '40px', background: '#fff', zIndex: '2147483647', pointerEvents: 'none' });
          document.body.append(d);
        }, plain);
      }
      await sleep(400); // the browser's visibility report (IntersectionObserver v2) comes within 100 ms of a change
      const point = at ?? (await templatesMenuPoint(page));
      await page.mouse.click(point.x, point.y);
      await sleep(300);
      await screenshot(page, `page-clickjack-${name}`);
      const state = await expanded();
      await tag.evaluate((el) => el.remove());
      await page.evaluate(() => document.getElementById('decoy')?.remove());
      return state;
    }
    // The review's case: nearly transparent and page-sized; one click anywhere.
    expect(await attack('page-sized', 'cckh-templates { opacity: 0.02 !important; transform: scale(40) !important; transform-origin: 50% 50% !important; }', { x: 640, y: 420 })).toBe('false');
    expect(await attack('transparent', 'cckh-templates { opacity: 0.05 !important; }')).toBe('false');
    expect(await attack('transparent-parent', `cckh-templates { filter: opacity(0.1) !important; }`)).toBe('false');
    expect(await attack('scaled', 'cckh-templates { transform: scale(12) !important; transform-origin: 0 0 !important; }')).toBe('false');
    expect(await attack('covered', '/* the decoy alone */', plain, true)).toBe('false');
    expect((await replicaState(page))?.view).toBe('keys-list');
    // Without the page's tricks, the same real click opens it.
    await sleep(400);
    await page.mouse.click(plain.x, plain.y);
    await until('the menu open', async () => ((await expanded()) === 'true') || undefined);
    await page.keyboard.press('Escape');
    await page.close();
  });
});
