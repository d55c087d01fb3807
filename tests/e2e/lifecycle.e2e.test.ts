/**
 * The key lifecycle through the real toolbar popup: rotate end to end (a new key created from the
 * old key's template, captured and verified; "New key ready" with Copy; the old key's row deleted in
 * Cloudcraft's own UI, the replica's server no longer holding it; the old record marked revoked) on
 * the replica's own delete UIs (a row button; a confirmation that asks to type the key's name) and on
 * library-built ones (Material UI, Radix, Headless UI, Chakra UI, Mantine, React Aria,
 * react-select, and Ant Design's Popconfirm, a non-modal popover). On
 * the own UI also: a delete refused when two rows match, the in-page marks and the popup's
 * comparison with Cloudcraft's list, a due key on the toolbar badge (the service worker's clock
 * moved on), every copy format read back from the clipboard with a key holding "+", "/" and "=",
 * and team names from GET /team.
 */
import type { ElementHandle, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIBRARY_TEXTS } from '../../replica/app/libs/texts';
import { launchBrowser, openCloudcraft, readClipboard, replicaState, screenshot, serviceWorker, waitForReplica, type Launched } from '../../scripts/lib/harness.mjs';
import { DIST, aria, closePopup, createVault, domStrings, fillAndSave, keyRow, recordIds, reopenPopup, rowStatus, sendFrom, until } from './lib/flow';
import { STATUS_FORM, STATUS_LIST, clickCreateApiKey, openKeysUi, popupWithStatus, revealSecret, today } from './lib/content-flow';
import { SUMMARY_ROLE, allByRole, axFacts, enabledButton, getByRole, msg, msgPattern, msgPrefix, queryByRole, textOf, textsByRole } from './lib/screen';

type StoredKey = { id: string; name: string; createdAt: number; revokedAt: number | null; rotatedFrom: string | null; verification: string | null; lastCopiedAt: number | null };

/**
 * The popup's region about rotating `oldName` ("Rotating …"), once its text holds `want`; with its
 * text, one line per block.
 */
async function rotationBox(popup: Page, oldName: string, want: string, timeoutMs = 20_000): Promise<{ box: ElementHandle<Element>; text: string; lines: string[] }> {
  let seen = '(no box)';
  return until(
    `rotation box of "${oldName}" holding "${want}"`,
    async () => {
      for (const box of await allByRole(popup, 'region', msg('rotatingNamed', oldName))) {
        const text = await textOf(box);
        if (text.includes(want)) return { box, text, lines: text.split(/\n+/) };
        seen = text;
      }
      return undefined;
    },
    timeoutMs,
  ).catch((err: Error) => {
    throw new Error(`${err.message}; the box said: ${seen}`);
  });
}

async function storedKeys(popup: Page): Promise<StoredKey[]> {
  const r = await sendFrom(popup, 'keys.list');
  if (!r.ok) throw new Error(`keys.list: ${r.error?.message}`);
  return r.data.keys as StoredKey[];
}

/** Leaves the secret view with the library's own "Done"-like button; waits for the keys list. */
async function leaveSecretView(page: Page, done: string): Promise<void> {
  await page.bringToFront();
  await page.locator(aria(done, 'button')).click();
  await waitForReplica(page, (s) => s.view === 'keys-list' && !s.loading, 15_000);
}

const VARIANTS: Array<{ query: string; done: string }> = [
  { query: 'deleteUi=button', done: 'Done' },
  { query: 'deleteUi=typed&secretFormat=base64', done: 'Done' },
  { query: 'ui=mui', done: LIBRARY_TEXTS.mui.done },
  { query: 'ui=radix', done: LIBRARY_TEXTS.radix.done },
  { query: 'ui=headless', done: LIBRARY_TEXTS.headless.done },
  { query: 'ui=chakra', done: LIBRARY_TEXTS.chakra.done },
  { query: 'ui=mantine', done: LIBRARY_TEXTS.mantine.done },
  { query: 'ui=react-aria', done: LIBRARY_TEXTS['react-aria'].done },
  { query: 'ui=react-select', done: LIBRARY_TEXTS['react-select'].done },
  { query: 'ui=antd', done: LIBRARY_TEXTS.antd.done },
];

describe.each(VARIANTS)('rotate on $query', ({ query, done }) => {
  let run: Launched;
  let page: Page;
  let popup: Page | undefined;

  beforeAll(async () => {
    run = await launchBrowser({ distPath: DIST, pinAction: true });
    page = await openCloudcraft(run.browser, query);
    popup = await reopenPopup(run.browser, page);
    await createVault(popup);
    await closePopup(popup);
  });
  afterAll(async () => {
    await run?.close();
  });

  it('creates, captures and verifies the new key, offers Copy, then deletes the old key in the page and marks it revoked', async () => {
    await openKeysUi(page);
    await clickCreateApiKey(page);
    popup = await popupWithStatus(run.browser, page, STATUS_FORM, popup);
    const first = await fillAndSave(run.browser, page, popup);
    await closePopup(popup);
    await leaveSecretView(page, done);

    // Rotate: the list shows, so the popup creates the new key at once.
    popup = await popupWithStatus(run.browser, page, STATUS_LIST, popup);
    const row = await keyRow(popup, first.name);
    await (await enabledButton(popup, row, msg('rotate'))).click();
    const newName = `automation-read-${today()}-2`;
    const ready = await rotationBox(popup, first.name, msgPrefix('rotationReady'));
    expect(ready.lines).toContain(msg('rotationReady', newName));
    expect(ready.lines).toContain(msg('verificationVerified'));
    expect(await queryByRole(ready.box, 'button', msg('deleteOldKey'))).toBeNull(); // only once the new key was copied
    await screenshot(popup, `rotate-ready-${query}`);

    // The new key: what Cloudcraft showed, stored once, verified, pointing at the key it replaces.
    const server = run.replica.keys();
    expect(server.map((k) => k.name)).toEqual([first.name, newName]);
    let keys = await storedKeys(popup);
    const old = keys.find((k) => k.name === first.name)!;
    const next = keys.find((k) => k.name === newName)!;
    expect(next).toMatchObject({ rotatedFrom: old.id, verification: 'verified', revokedAt: null });
    expect(await revealSecret(popup, next.id)).toBe(server[1]!.secret);
    expect(await recordIds(run.browser)).toHaveLength(2);

    // Copy in the box: the new key, exactly.
    await (await enabledButton(popup, ready.box, msg('copy'))).click();
    await rotationBox(popup, first.name, msg('deleteOldKey'));
    expect(await readClipboard(run.browser, page)).toBe(server[1]!.secret);

    // The page still shows the new key: back to the list (the popup closes on a click in the page),
    // then the popup offers the delete again, derived from the vault.
    await closePopup(popup);
    await leaveSecretView(page, done);
    popup = await popupWithStatus(run.browser, page, STATUS_LIST, popup);
    const pending = await rotationBox(popup, first.name, msgPrefix('rotationReady'));
    await (await enabledButton(popup, pending.box, msg('deleteOldKey'))).click();
    const dialog = await getByRole(pending.box, 'alertdialog');
    expect((await axFacts(popup, dialog)).name).toBe(msg('rotationDeleteConfirm', [first.name, today(new Date(old.createdAt))]));
    await screenshot(popup, `rotate-confirm-${query}`);
    await (await enabledButton(popup, dialog, msg('delete'))).click();
    const finished = await rotationBox(popup, first.name, msgPrefix('rotationDone'));
    expect(finished.lines).toContain(msg('rotationDone', first.name));
    await screenshot(popup, `rotate-done-${query}`);

    // Cloudcraft's side: the old key's row is gone from the page and from the server.
    await until('the old key gone from the server', async () => run.replica.keys().length === 1 || undefined);
    expect(run.replica.keys().map((k) => k.name)).toEqual([newName]);
    expect((await replicaState(page))!.keys.map((k) => k.name)).not.toContain(first.name);
    // The vault's side: the old record kept, marked revoked; its list item says so.
    keys = await storedKeys(popup);
    expect(keys.find((k) => k.id === old.id)?.revokedAt).toEqual(expect.any(Number));
    expect(keys.find((k) => k.id === next.id)?.revokedAt).toBeNull();
    // Its row says "Revoked" after the name, and offers no Copy.
    const oldRow = await keyRow(popup, first.name);
    expect(await textOf(oldRow)).toContain(msg('revoked'));
    expect(await queryByRole(oldRow, 'button', msg('copy'))).toBeNull();
    await closePopup(popup);
  });
});

describe('lifecycle on the own UI', () => {
  let run: Launched;
  let page: Page;
  let popup: Page | undefined;

  beforeAll(async () => {
    run = await launchBrowser({ distPath: DIST, pinAction: true });
    page = await openCloudcraft(run.browser, 'deleteUi=menu&secretFormat=base64');
    popup = await reopenPopup(run.browser, page);
    await createVault(popup);
    await closePopup(popup);
  });
  afterAll(async () => {
    await run?.close();
  });

  it('marks the rows whose key is stored, and the popup compares its vault with the list', async () => {
    await openKeysUi(page);
    await clickCreateApiKey(page);
    popup = await popupWithStatus(run.browser, page, STATUS_FORM, popup);
    const first = await fillAndSave(run.browser, page, popup);
    await closePopup(popup);
    await leaveSecretView(page, 'Done');
    // The rows whose first cell's accessible name ends with the mark's words: "<key name> In your vault".
    const mark = ` ${msg('markStored')}`;
    const marks = await until('one in-page mark', async () => {
      const marked: string[] = [];
      for (const row of await allByRole(page, 'row')) {
        const [first] = await allByRole(row, 'cell');
        const name = first ? (await axFacts(page, first)).name : '';
        if (name.endsWith(mark)) marked.push(name.slice(0, -mark.length));
      }
      return marked.length === 1 ? marked : undefined;
    });
    expect(marks).toEqual([first.name]);
    // In a closed shadow root: the page cannot read the mark's text, nor the vault through it.
    const markTexts = (await domStrings(page)).filter((x) => x.text === msg('markStored'));
    expect(markTexts).toHaveLength(1);
    expect(markTexts[0]!.where).toContain('::shadow(closed)');
    await screenshot(page, 'reconcile-marks');

    popup = await popupWithStatus(run.browser, page, STATUS_LIST, popup);
    const summaryText = msg('reconcileSummary', msg('reconcileElsewhereCount', 2));
    const summary = await getByRole(popup, SUMMARY_ROLE, summaryText);
    await summary.click();
    // The disclosure: the group that holds that summary.
    const elsewhere = await until('the open comparison', async () => {
      for (const group of await allByRole(popup!, 'group')) if (await queryByRole(group, SUMMARY_ROLE, summaryText)) return group;
      return undefined;
    });
    expect(await textsByRole(elsewhere, 'listitem')).toEqual([msg('listedWithDate', ['Automation Key', '2026-03-02']), msg('listedWithDate', ['terraform-export', '2026-06-18'])]);
    await screenshot(popup, 'reconcile-popup');
    await closePopup(popup);
  });

  it('copies the key as it is, as a .env line, a shell export and a Terraform env line: "+", "/" and "=" intact', async () => {
    popup = await popupWithStatus(run.browser, page, STATUS_LIST, popup);
    const [key] = await storedKeys(popup);
    const secret = await revealSecret(popup, key!.id);
    expect(secret).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    // Copy, and each item of "Copy as": the text it puts on the clipboard, and the row's words for it.
    const want: Array<{ action: string; text: string; what: string }> = [
      { action: msg('copy'), text: secret, what: msg('copiedWhatKey') },
      { action: msg('copyAsDotenv'), text: `CLOUDCRAFT_API_KEY=${secret}`, what: msg('copiedWhatDotenv') },
      { action: msg('copyAsShell'), text: `export CLOUDCRAFT_API_KEY='${secret}'`, what: msg('copiedWhatShell') },
      { action: msg('copyAsTerraform'), text: `export CLOUDCRAFT_APITOKEN='${secret}'`, what: msg('copiedWhatTerraform') },
    ];
    for (const { action, text, what } of want) {
      popup = await popupWithStatus(run.browser, page, STATUS_LIST, popup);
      const row = await keyRow(popup, key!.name);
      if (action === msg('copy')) await (await enabledButton(popup, row, action)).click();
      else {
        await (await enabledButton(popup, row, msg('copyAs'))).click();
        await (await getByRole(row, 'menuitem', action)).click();
      }
      await rowStatus(popup, key!.name, msgPattern('copiedClears', [what, /\d+/]));
      expect(await readClipboard(run.browser, page)).toBe(text);
    }
  });

  it('refuses to delete when two rows of the list match the old key, and deletes nothing', async () => {
    popup = await popupWithStatus(run.browser, page, STATUS_LIST, popup);
    const [old] = await storedKeys(popup);
    await closePopup(popup);
    // A second key of the same name and day, made by hand in Cloudcraft.
    await clickCreateApiKey(page);
    await page.locator(aria('Name', 'textbox')).fill(old!.name);
    await page.locator(aria('Save key', 'button')).click();
    await waitForReplica(page, (s) => s.view === 'secret');
    await until('the hand-made key stored', async () => (await recordIds(run.browser)).length === 2 || undefined, 15_000);
    await leaveSecretView(page, 'Done');
    const serverBefore = run.replica.keys().map((k) => k.id);
    expect(run.replica.keys().filter((k) => k.name === old!.name)).toHaveLength(2);

    popup = await popupWithStatus(run.browser, page, STATUS_LIST, popup);
    // Rotate the captured key, copy the new one, then try to delete the old one.
    // Two stored keys have that name (both captured): Rotate on the first row of that name.
    const oldRow = await until('the rows of the old name', async () => (await allByRole(await getByRole(popup!, 'list', msg('keysHeading')), 'listitem', old!.name))[0]);
    await (await enabledButton(popup, oldRow, msg('rotate'))).click();
    const ready = await rotationBox(popup, old!.name, msgPrefix('rotationReady'));
    await (await enabledButton(popup, ready.box, msg('copy'))).click();
    await rotationBox(popup, old!.name, `${msgPrefix('copied')}${msg('copiedWhatKey')}`);
    await closePopup(popup);
    await leaveSecretView(page, 'Done');
    popup = await popupWithStatus(run.browser, page, STATUS_LIST, popup);
    const pending = await rotationBox(popup, old!.name, msg('deleteOldKey'));
    await (await enabledButton(popup, pending.box, msg('deleteOldKey'))).click();
    const dialog = await getByRole(pending.box, 'alertdialog');
    await (await enabledButton(popup, dialog, msg('delete'))).click();
    const refused = await rotationBox(popup, old!.name, msg('rotationNothingDeleted'));
    expect(refused.lines.some((l) => msgPattern('deleteAmbiguous', ['2', old!.name, /.+/]).test(l))).toBe(true);
    await screenshot(popup, 'rotate-delete-refused');
    // Nothing deleted: the server holds every key it held, plus the rotation's new one.
    expect(run.replica.keys().map((k) => k.id)).toEqual(expect.arrayContaining(serverBefore));
    expect((await storedKeys(popup)).every((k) => k.revokedAt === null)).toBe(true);
    await closePopup(popup);
  });

  it('reads the account\'s team names from GET /team with a stored key', async () => {
    popup = await reopenPopup(run.browser, page, popup);
    const [key] = await storedKeys(popup);
    const r = await sendFrom(popup, 'teams.fromCloudcraft', { id: key!.id });
    expect(r).toMatchObject({ ok: true, data: { status: 'ok', teams: ['Engineering', 'Data Platform', 'Security'] } });
    await closePopup(popup);
  });

  it('puts the number of keys due for rotation on the toolbar badge (the service worker 91 days later)', async () => {
    const worker = await serviceWorker(run.browser);
    const badge = () => worker.evaluate(() => (globalThis as unknown as { chrome: { action: { getBadgeText(d: object): Promise<string> } } }).chrome.action.getBadgeText({}));
    expect(await badge()).toBe('');
    popup = await reopenPopup(run.browser, page, popup);
    const live = (await storedKeys(popup)).filter((k) => k.revokedAt === null).length;
    await worker.evaluate(() => {
      const real = Date.now.bind(Date);
      Date.now = () => real() + 91 * 86_400_000;
    });
    // Anything that may change the count refreshes the badge (here: saving the templates as they are).
    expect((await sendFrom(popup, 'templates.saveUser', { templates: [] })).ok).toBe(true);
    expect(await until('the badge', async () => (await badge()) || undefined)).toBe(String(live));
    await closePopup(popup);
  });
});
