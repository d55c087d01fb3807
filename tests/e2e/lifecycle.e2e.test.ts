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
import { DIST, aria, closePopup, createVault, fillAndSave, keyRow, recordIds, reopenPopup, sendFrom, until } from './lib/flow';
import { STATUS_FORM, STATUS_LIST, clickCreateApiKey, openKeysUi, popupWithStatus, revealSecret, today } from './lib/content-flow';

type StoredKey = { id: string; name: string; createdAt: number; revokedAt: number | null; rotatedFrom: string | null; verification: string | null; lastCopiedAt: number | null };

/** The section of the popup about rotating `oldName`, once its text matches `re`. */
async function rotationBox(popup: Page, oldName: string, re: RegExp, timeoutMs = 20_000): Promise<{ box: ElementHandle; text: string }> {
  let seen = '(no box)';
  return until(
    `rotation box of "${oldName}" matching ${re}`,
    async () => {
      for (const box of await popup.$$(`section.rotation[aria-label=${JSON.stringify(`Rotating "${oldName}"`)}]`)) {
        const text = await box.evaluate((e) => e.textContent ?? '');
        if (re.test(text)) return { box, text };
        seen = text;
      }
      return undefined;
    },
    timeoutMs,
  ).catch((err: Error) => {
    throw new Error(`${err.message}; the box said: ${seen}`);
  });
}

async function buttonIn(scope: ElementHandle, name: string): Promise<ElementHandle<HTMLButtonElement>> {
  return until(`button "${name}"`, async () => {
    for (const b of await scope.$$('button')) {
      const r = await b.evaluate((e) => ({ t: (e.getAttribute('aria-label') ?? e.textContent ?? '').trim(), d: (e as HTMLButtonElement).disabled }));
      if (r.t === name && !r.d) return b as ElementHandle<HTMLButtonElement>;
    }
    return undefined;
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
    await (await buttonIn(row, 'Rotate')).click();
    const newName = `automation-read-${today()}-2`;
    const ready = await rotationBox(popup, first.name, /New key ready/);
    expect(ready.text).toContain(`New key ready: "${newName}". Copy it to where the old one is used.`);
    expect(ready.text).toContain('verified with Cloudcraft');
    expect(ready.text).not.toContain('Delete old key in Cloudcraft'); // only once the new key was copied
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
    await (await buttonIn(ready.box, 'Copy')).click();
    await rotationBox(popup, first.name, /Delete old key in Cloudcraft/);
    expect(await readClipboard(run.browser, page)).toBe(server[1]!.secret);

    // The page still shows the new key: back to the list (the popup closes on a click in the page),
    // then the popup offers the delete again, derived from the vault.
    await closePopup(popup);
    await leaveSecretView(page, done);
    popup = await popupWithStatus(run.browser, page, STATUS_LIST, popup);
    const pending = await rotationBox(popup, first.name, /New key ready/);
    await (await buttonIn(pending.box, 'Delete old key in Cloudcraft')).click();
    const dialog = await until('the confirmation', async () => (await pending.box.$('[role="alertdialog"]')) ?? undefined);
    const created = new Date(old.createdAt);
    const day = `${created.getFullYear()}-${String(created.getMonth() + 1).padStart(2, '0')}-${String(created.getDate()).padStart(2, '0')}`;
    expect(await dialog.evaluate((e) => e.querySelector('p')?.textContent)).toBe(`Delete "${first.name}" (created ${day}) in Cloudcraft?`);
    await screenshot(popup, `rotate-confirm-${query}`);
    await (await buttonIn(dialog, 'Delete')).click();
    const finished = await rotationBox(popup, first.name, /Done: /);
    expect(finished.text).toContain(`Done: "${first.name}" is deleted in Cloudcraft and marked revoked here.`);
    await screenshot(popup, `rotate-done-${query}`);

    // Cloudcraft's side: the old key's row is gone from the page and from the server.
    await until('the old key gone from the server', async () => run.replica.keys().length === 1 || undefined);
    expect(run.replica.keys().map((k) => k.name)).toEqual([newName]);
    expect((await replicaState(page))!.keys.map((k) => k.name)).not.toContain(first.name);
    // The vault's side: the old record kept, marked revoked; its list item says so.
    keys = await storedKeys(popup);
    expect(keys.find((k) => k.id === old.id)?.revokedAt).toEqual(expect.any(Number));
    expect(keys.find((k) => k.id === next.id)?.revokedAt).toBeNull();
    const oldRow = await keyRow(popup, first.name);
    expect(await oldRow.evaluate((e) => e.classList.contains('revoked') && e.querySelector('.tag')?.textContent)).toBe('Revoked');
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
    const marks = await until('one in-page mark', async () => {
      const m = await page.$$eval('tr', (rows) => rows.flatMap((r) => (r.querySelector('cckh-mark') ? [r.querySelector('td')?.textContent ?? ''] : [])));
      return m.length === 1 ? m : undefined;
    });
    expect(marks).toEqual([first.name]);
    // A closed shadow root: the page cannot read the mark's text, nor the vault through it.
    expect(await page.$eval('cckh-mark', (h) => h.shadowRoot)).toBeNull();
    await screenshot(page, 'reconcile-marks');

    popup = await popupWithStatus(run.browser, page, STATUS_LIST, popup);
    const summary = await until('the reconcile summary', async () => (await popup!.$eval('details.reconcile summary', (e) => e.textContent).catch(() => null)) ?? undefined);
    expect(summary).toBe("Cloudcraft's list: 2 not in your vault");
    await (await popup.$('details.reconcile summary'))!.click();
    expect(await popup.$$eval('details.reconcile li', (ls) => ls.map((l) => l.textContent))).toEqual(['Automation Key (created 2026-03-02)', 'terraform-export (created 2026-06-18)']);
    await screenshot(popup, 'reconcile-popup');
    await closePopup(popup);
  });

  it('copies the key as it is, as a .env line, a shell export and a Terraform env line: "+", "/" and "=" intact', async () => {
    popup = await popupWithStatus(run.browser, page, STATUS_LIST, popup);
    const [key] = await storedKeys(popup);
    const secret = await revealSecret(popup, key!.id);
    expect(secret).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    const want: Record<string, string> = {
      Copy: secret,
      '.env line': `CLOUDCRAFT_API_KEY=${secret}`,
      'Shell export': `export CLOUDCRAFT_API_KEY='${secret}'`,
      'Terraform env': `export CLOUDCRAFT_APITOKEN='${secret}'`,
    };
    for (const [action, text] of Object.entries(want)) {
      popup = await popupWithStatus(run.browser, page, STATUS_LIST, popup);
      const row = await keyRow(popup, key!.name);
      if (action === 'Copy') await (await buttonIn(row, 'Copy')).click();
      else {
        await (await buttonIn(row, 'Copy as')).click();
        const item = await until(`menu item "${action}"`, async () => {
          for (const i of await row.$$('[role="menuitem"]')) if ((await i.evaluate((e) => e.textContent)) === action) return i;
          return undefined;
        });
        await item.click();
      }
      await until(`"${action}" copied`, async () => /^Copied/.test(await row.$eval('.row-status', (e) => e.textContent ?? '')) || undefined);
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
    const oldRow = await until('the old key\'s list item', async () => {
      for (const li of await popup!.$$('ul.keys > li')) if (await li.evaluate((e, id) => e.querySelector('.label')?.textContent === id, old!.name)) return li;
      return undefined;
    });
    await (await buttonIn(oldRow, 'Rotate')).click();
    const ready = await rotationBox(popup, old!.name, /New key ready/);
    await (await buttonIn(ready.box, 'Copy')).click();
    await rotationBox(popup, old!.name, /Copied the key/);
    await closePopup(popup);
    await leaveSecretView(page, 'Done');
    popup = await popupWithStatus(run.browser, page, STATUS_LIST, popup);
    const pending = await rotationBox(popup, old!.name, /Delete old key in Cloudcraft/);
    await (await buttonIn(pending.box, 'Delete old key in Cloudcraft')).click();
    const dialog = await until('the confirmation', async () => (await pending.box.$('[role="alertdialog"]')) ?? undefined);
    await (await buttonIn(dialog, 'Delete')).click();
    const refused = await rotationBox(popup, old!.name, /Nothing was deleted/);
    expect(refused.text).toContain(`Cloudcraft lists 2 keys named "${old!.name}"`);
    expect(refused.text).toContain('Nothing was deleted.');
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
