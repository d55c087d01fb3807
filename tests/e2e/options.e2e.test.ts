/**
 * Options page in the real browser: settings, templates import (bad files change
 * nothing; a good one reaches the popup in least-privilege order), vault backup export and restore
 * into a fresh profile. One browser per profile; tests run in order and build on each other.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openCloudcraft, screenshot, type Launched } from '../../scripts/lib/harness.mjs';
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
  openOptions,
  readClipboard,
  reopenPopup,
  rowStatus,
  saveKeyByHand,
  sendFrom,
  templateLabels,
  until,
  waitForCapture,
  waitForStoredKeys,
  waitForView,
} from './lib/flow';
import { allByRole, axFacts, getByComputedName, getByRole, msgPattern, namesByRole, textsByRole } from './lib/screen';

describe('options e2e', () => {
  let run: Launched;
  let page: Page;
  let popup: Page | undefined;
  let options: Page;
  let tmp: string;
  let backupFile: string;
  const keys: Array<{ name: string; secret: string }> = [];

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'cckh-options-e2e-'));
    run = await launchBrowser({ distPath: DIST });
    // Downloads (Export backup) land in tmp/downloads.
    const cdp = await run.browser.target().createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: path.join(tmp, 'downloads'), eventsEnabled: true });
    page = await openCloudcraft(run.browser);
    await openCreateForm(page);
    popup = await reopenPopup(run.browser, page);
    await createVault(popup);
    options = await openOptions(run.browser, run.extensionId);
  });
  afterAll(async () => {
    await run?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  /** The non-empty status lines of the options page's section (region) named `heading`. */
  const noticeOf = async (p: Page, heading: string) => (await textsByRole(await getByRole(p, 'region', heading), 'status')).filter((t) => t !== '');
  const templatesRegion = () => getByRole(options, 'region', msg('templatesHeading'));
  /** The labels the options page lists its templates by (its list items are named by them). */
  const optionLabels = async () => namesByRole(options, await getByRole(await templatesRegion(), 'list', msg('templatesHeading')), 'listitem');

  /** Chooses `text`, saved as file `name`, in the "Import templates" file field. */
  async function importTemplates(name: string, text: string) {
    const file = path.join(tmp, name);
    await writeFile(file, text);
    const input = await getByComputedName(options, options, 'button', msg('importTemplates'));
    await (input as import('puppeteer-core').ElementHandle<HTMLInputElement>).uploadFile(file);
  }
  const importAlert = async () => textsByRole(await templatesRegion(), 'alert');

  it('renders every section with zero axe violations and no horizontal overflow', async () => {
    const sections = [];
    for (const h of await allByRole(options, 'heading')) {
      const facts = await axFacts(options, h);
      if (facts.level === 2) sections.push(facts.name);
    }
    expect(sections).toEqual([msg('templatesHeading'), msg('settingsHeading'), msg('backupHeading'), msg('changePassphraseHeading'), msg('rotateHeading')]);
    await screenshot(options, 'options-page', { fullPage: true });
    const layout = await layoutProblems(options);
    expect(layout.scrollWidth).toBeLessThanOrEqual(layout.clientWidth);
    expect(layout.clipped).toEqual([]);
    expect(await axeViolations(options)).toEqual([]);
  });

  it('Settings: an out-of-range value is refused and stores nothing; a valid one is saved', async () => {
    const before = (await dumpStorage(run.browser)).local['settings'];
    const field = aria(msg('clipboardClearLabel'), 'spinbutton');
    await options.locator(field).fill('99999');
    await options.locator(aria(msg('saveSettings'), 'button')).click();
    // The error is the field's description (before its help), and the field is marked invalid.
    const facts = await until('the field marked invalid', async () => {
      const f = await axFacts(options, await getByRole(options, 'spinbutton', msg('clipboardClearLabel')));
      return f.invalid ? f : undefined;
    });
    expect(facts.description).toBe(`${msg('numberRange', [0, 3600])} ${msg('clipboardClearHelp')}`);
    expect((await dumpStorage(run.browser)).local['settings']).toEqual(before);

    await options.locator(field).fill('3');
    await options.locator(aria(msg('saveSettings'), 'button')).click();
    await until('Settings saved.', async () => (await noticeOf(options, msg('settingsHeading'))).includes(msg('settingsSaved')));
    const stored = (await dumpStorage(run.browser)).local['settings'];
    expect(stored).toMatchObject({ autoLockMinutes: 15, clipboardClearSeconds: 3, autoCapture: true });
    // Fields this form does not show (e.g. clipboardClearOnlyIfUnchanged) are saved back as loaded.
    expect((await sendFrom(options, 'settings.get')).data).toEqual({ settings: stored });
  });

  it('templates import: invalid JSON → a clear error, storage.sync unchanged', async () => {
    const before = (await dumpStorage(run.browser)).sync;
    await importTemplates('broken.json', '[{"id": "x", "label": ');
    const alert = await until('the import error', async () => ((await importAlert()).length ? await importAlert() : undefined));
    expect(alert[0]!.split(/\n+/)).toEqual([msg('importInvalid'), msg('importJsonCutShort')]);
    await screenshot(options, 'options-import-invalid-json', { fullPage: true });
    expect((await dumpStorage(run.browser)).sync).toEqual(before);
  });

  it('templates import: valid JSON failing the schema → the problems of each template as sentences, storage.sync unchanged', async () => {
    const before = (await dumpStorage(run.browser)).sync;
    await importTemplates(
      'bad-schema.json',
      JSON.stringify({
        templates: [
          { id: 'ok-one', label: 'Fine', namePattern: 'fine-{date}', permission: 'read', teams: [] },
          { id: 'admin', label: 'Admin', namePattern: 'admin-{nope}', permission: 'admin', teams: [] },
        ],
      }),
    );
    const alert = await until('the import error', async () => {
      const a = await importAlert();
      return a.length && a[0]!.includes('Admin') ? a : undefined;
    });
    const lines = alert[0]!.split('\n');
    expect(lines[0]).toBe(msg('importInvalid'));
    // Each problem: which template, then the validator's sentence (ending with a period).
    const admin = msg('importWhichLabelled', [2, 'Admin']);
    expect(lines).toContain(msg('importProblem', [admin, `${msg('tplErrPermission')}.`]));
    expect(lines).toContain(msg('importProblem', [admin, `${msg('tplErrPatternToken')}.`]));
    expect(lines.some((l) => /namePattern|permission:/.test(l))).toBe(false);
    expect(lines.some((l) => l.includes('Fine'))).toBe(false);
    await screenshot(options, 'options-import-bad-schema', { fullPage: true });
    expect((await dumpStorage(run.browser)).sync).toEqual(before);
    expect(await optionLabels()).toEqual([READ_ONLY, READ_WRITE]);
  });

  it('templates import: a good file is stored and the popup lists it least privilege first', async () => {
    await importTemplates(
      'good.json',
      JSON.stringify([
        { id: 'team-write', label: 'Team write', namePattern: 'team-write-{date}', permission: 'read-write', teams: [{ team: 'Engineering', access: 'read-write' }], description: 'CI deploys' },
        { id: 'eng-read', label: 'Eng read', namePattern: 'eng-read-{date}', permission: 'read', teams: [{ team: 'Engineering', access: 'read' }] },
      ]),
    );
    await until('Imported 2 templates.', async () => (await noticeOf(options, msg('templatesHeading'))).includes(msg('importDone', 2)));
    expect(await importAlert()).toEqual([]);
    const { sync } = await dumpStorage(run.browser);
    expect(Object.keys(sync).filter((k) => k.startsWith('tpl.')).sort()).toEqual(['tpl.eng-read', 'tpl.team-write']);
    expect(JSON.stringify(sync)).toContain('CI deploys');
    // Options lists user templates in file order after the read-only ones.
    expect(await optionLabels()).toEqual([READ_ONLY, READ_WRITE, 'Team write', 'Eng read']);
    popup = await reopenPopup(run.browser, page, popup);
    await waitForView(popup, 'unlocked');
    // Rank: read + no team < read + 1 read team < read-write + no team < read-write + 1 rw team.
    expect(await templateLabels(popup)).toEqual([READ_ONLY, 'Eng read', READ_WRITE, 'Team write']);
    await screenshot(popup, 'options-popup-imported-templates', { fullPage: true });
  });

  it('vault backup: Export downloads a file that holds no secret', async () => {
    // Two keys: one with Fill & save, one made by hand in Cloudcraft.
    keys.push(await fillAndSave(run.browser, page, popup!, { name: 'options-e2e-one' }));
    keys.push({ name: 'options-e2e-two', secret: await saveKeyByHand(page, 'options-e2e-two') });
    await waitForCapture(run.browser, page, 2);
    await closePopup(popup);

    await options.bringToFront();
    await options.locator(aria(msg('exportBackup'), 'button')).click();
    const saved = msgPattern('backupExported', [/(.+)/]);
    const exported = await until('the export notice', async () => (await noticeOf(options, msg('backupHeading'))).find((t) => saved.test(t)));
    const fileName = saved.exec(exported)![1]!;
    expect(fileName).toMatch(/\.json$/);
    backupFile = path.join(tmp, 'downloads', fileName);
    const text = await until('the downloaded backup', async () => {
      const names = await readdir(path.join(tmp, 'downloads')).catch(() => [] as string[]);
      return names.includes(fileName) ? readFile(backupFile, 'utf8') : undefined;
    });
    const json = JSON.parse(text) as { records: Array<{ name: string }> };
    expect(json.records.map((r) => r.name).sort()).toEqual(['options-e2e-one', 'options-e2e-two']);
    for (const k of keys) expect(text.includes(k.secret)).toBe(false);
    await screenshot(options, 'options-backup-exported', { fullPage: true });
  });

  it('vault backup: restore into a fresh profile — wrong passphrase changes nothing; the right one brings the keys back', async () => {
    await run.close(); // one Chromium at a time
    run = await launchBrowser({ distPath: DIST });
    options = await openOptions(run.browser, run.extensionId);
    const before = await dumpStorage(run.browser);
    expect(before.local['vault.meta']).toBeUndefined();

    const backupField = await getByComputedName(options, options, 'button', msg('backupFile'));
    await (backupField as import('puppeteer-core').ElementHandle<HTMLInputElement>).uploadFile(backupFile);
    await options.locator(aria(msg('backupPassphrase'), 'textbox')).fill(`${PASSPHRASE} wrong`);
    await options.locator(aria(msg('restoreBackup'), 'button')).click();
    await until('Wrong passphrase.', async () => (await noticeOf(options, msg('backupHeading'))).includes(msg('wrongPassphrase')));
    await screenshot(options, 'options-restore-wrong-passphrase', { fullPage: true });
    // Nothing imported; the wrong backup passphrase counts in the unlock throttle (kept in storage.local).
    const { 'limits.unlock': throttle, ...rest } = (await dumpStorage(run.browser)).local;
    expect(throttle).toEqual({ failures: 1, notBefore: expect.any(Number) });
    expect({ ...(await dumpStorage(run.browser)), local: rest }).toEqual(before);
    expect((await sendFrom(options, 'vault.status')).data).toEqual({ state: 'uninitialized', keyCount: 0 });

    await options.locator(aria(msg('backupPassphrase'), 'textbox')).fill(PASSPHRASE);
    await options.locator(aria(msg('restoreBackup'), 'button')).click();
    const restored = (added: string, skipped: string) => msg('restoreSummary', [added, skipped]);
    await until('restore done', async () => (await noticeOf(options, msg('backupHeading'))).includes(restored(msg('restoreAddedMany', 2), msg('restoreSkippedMany', 0))));
    expect((await sendFrom(options, 'vault.status')).data).toEqual({ state: 'unlocked', keyCount: 2 });

    // Restoring the same file again adds nothing.
    await options.locator(aria(msg('backupPassphrase'), 'textbox')).fill(PASSPHRASE);
    await options.locator(aria(msg('restoreBackup'), 'button')).click();
    await until('restore skipped', async () => (await noticeOf(options, msg('backupHeading'))).includes(restored(msg('restoreAddedMany', 0), msg('restoreSkippedMany', 2))));

    page = await openCloudcraft(run.browser);
    popup = await reopenPopup(run.browser, page);
    await waitForView(popup, 'unlocked');
    expect(await waitForStoredKeys(popup, ['options-e2e-one', 'options-e2e-two'])).toHaveLength(2);
    for (const k of keys) {
      popup = await reopenPopup(run.browser, page, popup);
      await clickInRow(await keyRow(popup, k.name), msg('copy'));
      await rowStatus(popup, k.name, /\S/);
      expect(await readClipboard(run.browser, page)).toBe(k.secret);
    }
    const all = JSON.stringify(await dumpStorage(run.browser));
    expect(keys.filter((k) => all.includes(k.secret))).toEqual([]);
  });
});
