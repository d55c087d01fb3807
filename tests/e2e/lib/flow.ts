/**
 * Shared steps for the vault, popup and options e2e tests: everything through the real toolbar
 * popup, the real options page and the replica, found by role and accessible name with the words of
 * messages.json (./screen.ts).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, ElementHandle, Page } from 'puppeteer-core';
import { REPO_ROOT, openPopup, serviceWorker, sleep, until, waitForReplica } from '../../../scripts/lib/harness.mjs';
import { BUILTIN_TEMPLATES } from '../../../src/shared/templates';
import { allByRole, aria, axFacts, enabledButton, getByRole, msg, msgPrefix, namesByRole, queryByRole, textOf } from './screen';

export { aria, msg, sleep, until };

/** The built extension: $E2E_DIST (a private build, so another engineer's rebuild of dist/ cannot swap files under a run), else dist/. */
export const DIST = process.env.E2E_DIST ? path.resolve(process.env.E2E_DIST) : path.join(REPO_ROOT, 'dist');
export const AXE_PATH = path.join(REPO_ROOT, 'node_modules/axe-core/axe.min.js');
/** Used only in throwaway profiles. */
export const PASSPHRASE = 'correct horse battery staple e2e 2026';
export const OPTIONS_PATH = 'src/options/index.html';


// ------------------------------------------------------------------ replica (Cloudcraft)

/** User > API keys > Create API key; waits for the create form. */
export async function openCreateForm(page: Page): Promise<void> {
  const state = await page.evaluate(() => (window as unknown as { __replica?: { view: string } }).__replica?.view);
  if (state === 'secret') await page.locator(aria('Done', 'button')).click();
  if (state === 'diagrams') {
    await page.locator(aria('User', 'button')).click();
    await page.locator(aria('API keys', 'menuitem')).click();
  }
  await page.locator(aria('Create API key', 'button')).click();
  await waitForReplica(page, (s) => s.view === 'create-form' && !s.loading);
}

/** Creates a key by hand in Cloudcraft (no template): types the name, clicks Save key. Returns the secret shown. */
export async function saveKeyByHand(page: Page, name: string): Promise<string> {
  const before = (await page.evaluate(() => (window as unknown as { __replica: { saves: number } }).__replica.saves)) ?? 0;
  await openCreateForm(page);
  await page.locator(aria('Name', 'textbox')).fill(name);
  await waitForReplica(page, `(s) => s.form.name === ${JSON.stringify(name)}`);
  await page.locator(aria('Save key', 'button')).click();
  const s = await waitForReplica(page, `(s) => s.view === 'secret' && s.saves === ${before + 1}`);
  return s.lastSecretShown ?? '';
}

/**
 * Every text, attribute value and form value in `page`'s DOM, closed and user-agent shadow roots
 * included (CDP DOM.getDocument with pierce), each with the path of its element.
 */
export async function domStrings(page: Page): Promise<Array<{ where: string; text: string }>> {
  const cdp = await page.createCDPSession();
  try {
    type Node = { nodeId: number; backendNodeId: number; nodeType: number; localName: string; nodeValue: string; attributes?: string[]; children?: Node[]; shadowRoots?: Node[]; contentDocument?: Node; shadowRootType?: string };
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as unknown as { root: Node };
    const out: Array<{ where: string; text: string }> = [];
    const inputs: Array<{ where: string; backendNodeId: number }> = [];
    const walk = (n: Node, where: string) => {
      const here = n.nodeType === 1 ? `${where}>${n.localName}${n.attributes?.includes('class') ? '.' + n.attributes[n.attributes.indexOf('class') + 1] : ''}` : where;
      if (n.nodeType === 3 || n.nodeType === 8) out.push({ where: here, text: n.nodeValue });
      if (n.attributes) for (let i = 0; i < n.attributes.length; i += 2) out.push({ where: `${here}[${n.attributes[i]}]`, text: n.attributes[i + 1] ?? '' });
      if (n.localName === 'input' || n.localName === 'textarea') inputs.push({ where: here, backendNodeId: n.backendNodeId });
      for (const s of n.shadowRoots ?? []) walk(s, `${here}::shadow(${s.shadowRootType})`);
      for (const c of n.children ?? []) walk(c, here);
      if (n.contentDocument) walk(n.contentDocument, `${here}::document`);
    };
    walk(root, '');
    for (const i of inputs) {
      const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: i.backendNodeId });
      if (!object.objectId) continue;
      const r = await cdp.send('Runtime.callFunctionOn', { objectId: object.objectId, functionDeclaration: 'function () { return String(this.value ?? ""); }', returnByValue: true });
      out.push({ where: `${i.where}.value`, text: String(r.result.value ?? '') });
    }
    return out;
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

// ------------------------------------------------------------------ popup

/** The built-in templates' labels ("Read-only", "Read & write"), as the extension ships them. */
export const [READ_ONLY, READ_WRITE] = BUILTIN_TEMPLATES.map((x) => x.label) as [string, string];

/** How the in-page confirmation of a capture starts (then the key's name, its hint and length): messages.json's noticeCapturedHint up to its name. */
export const CAPTURED_NOTICE = msgPrefix('noticeCapturedHint');

/** First run in the popup: Passphrase, Confirm passphrase, Create vault; waits for the unlocked view. */
export async function createVault(popup: Page, passphrase = PASSPHRASE): Promise<void> {
  await popup.locator(aria(msg('passphrase'), 'textbox')).fill(passphrase);
  await popup.locator(aria(msg('confirmPassphrase'), 'textbox')).fill(passphrase);
  await popup.locator(aria(msg('createVault'), 'button')).click();
  await popup.locator(aria(msg('lock'), 'button')).wait();
}

/**
 * Which view the popup shows: 'first-run' | 'locked' | 'unlocked', read from its headings/buttons.
 * Waits up to 5 s for the popup to leave its loading state (vault.status not answered yet), so a
 * just-opened popup reads as its real view; 'loading' only when it never settles.
 */
export async function popupView(popup: Page): Promise<'first-run' | 'locked' | 'unlocked' | 'loading'> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const view = await currentView(popup);
    if (view !== 'loading' || Date.now() > deadline) return view;
    await sleep(50);
  }
}

async function currentView(popup: Page): Promise<'first-run' | 'locked' | 'unlocked' | 'loading'> {
  if (await queryByRole(popup, 'heading', msg('firstRunTitle'))) return 'first-run';
  if (await queryByRole(popup, 'heading', msg('lockedTitle'))) return 'locked';
  if (await queryByRole(popup, 'button', msg('lock'))) return 'unlocked';
  return 'loading';
}

export async function waitForView(popup: Page, view: 'first-run' | 'locked' | 'unlocked'): Promise<void> {
  await until(`popup view "${view}"`, async () => (await currentView(popup)) === view);
}

/** The popup's list of templates (named "Templates"), once shown. */
export const templatesList = (popup: Page) => getByRole(popup, 'list', msg('templatesHeading'));

/** The template labels in the popup, in order (its list items are named by their labels). */
export async function templateLabels(popup: Page): Promise<string[]> {
  return namesByRole(popup, await templatesList(popup), 'listitem');
}

/** The list item named `name` in the list named `list`, waited for. */
async function rowByName(popup: Page, list: string, name: string): Promise<ElementHandle<Element>> {
  return until(`"${name}" in the list "${list}"`, async () => {
    const ul = await queryByRole(popup, 'list', list);
    return (ul && (await queryByRole(ul, 'listitem', name))) ?? undefined;
  });
}

export const templateRow = (popup: Page, label: string) => rowByName(popup, msg('templatesHeading'), label);
export const keyRow = (popup: Page, name: string) => rowByName(popup, msg('keysHeading'), name);

/**
 * Names of the stored keys the popup lists, in order ([] when it says none are stored); not the
 * rows of unreadable records (they say "Unreadable: …").
 */
export async function storedKeyNames(popup: Page): Promise<string[]> {
  const region = await getByRole(popup, 'region', msg('keysHeading'));
  const list = await until('the stored keys, or "none stored"', async () => (await queryByRole(region, 'list', msg('keysHeading'))) ?? ((await textOf(region)).includes(msg('keysEmpty')) ? null : undefined));
  const names: string[] = [];
  for (const row of list ? await allByRole(list, 'listitem') : []) {
    if (!(await textOf(row)).includes(msgPrefix('brokenRecord'))) names.push((await axFacts(popup, row)).name);
  }
  return names;
}

/** Waits until the popup lists exactly `names` (any order) and returns them in popup order. */
export async function waitForStoredKeys(popup: Page, names: string[]): Promise<string[]> {
  const want = [...names].sort();
  return until(`stored keys ${JSON.stringify(want)}`, async () => {
    const got = await storedKeyNames(popup);
    return JSON.stringify([...got].sort()) === JSON.stringify(want) ? got : undefined;
  });
}

/**
 * In a template's list item, once enabled: "Apply" (its button) or "Fill & save" (an item of its
 * ⋯ menu, "More for <label>").
 */
export async function clickTemplateAction(popup: Page, row: ElementHandle<Element>, action: 'apply' | 'fillAndSave'): Promise<void> {
  if (action === 'apply') {
    await (await enabledButton(popup, row, msg('apply'))).click();
    return;
  }
  const label = (await axFacts(popup, row)).name;
  await (await enabledButton(popup, row, msg('moreForTemplate', label))).click();
  await (await getByRole(row, 'menuitem', msg('fillAndSave'))).click();
}

/** Clicks the button named `name` in a row (e.g. msg('copy')); throws when the row has none. */
export async function clickInRow(row: ElementHandle<Element>, name: string): Promise<void> {
  const button = await queryByRole(row, 'button', name);
  if (!button) throw new Error(`no button "${name}" in the row`);
  await button.click();
}

/** The status line of the row of key `name`, once it matches `re`. */
export async function rowStatus(popup: Page, name: string, re: RegExp, timeoutMs = 10_000): Promise<string> {
  return until(
    `status ${re} for key "${name}"`,
    async () => {
      const texts = await Promise.all((await allByRole(await keyRow(popup, name), 'status')).map(textOf));
      return texts.find((text) => re.test(text));
    },
    timeoutMs,
  );
}

/**
 * Fill & save with the popup's template `label` on a Cloudcraft tab showing the create form; waits for
 * Cloudcraft to show the secret and for the content script's acknowledged capture (the popup then lists it).
 */
export async function fillAndSave(browser: Browser, page: Page, popup: Page, opts: { label?: string; name?: string } = {}): Promise<{ secret: string; name: string }> {
  const { label = READ_ONLY } = opts;
  const saves = (await page.evaluate(() => (window as unknown as { __replica: { saves: number } }).__replica.saves)) ?? 0;
  const before = await recordIds(browser);
  const row = await templateRow(popup, label);
  if (opts.name !== undefined) {
    // The name applies to the selected template: select it first (a click on its radio).
    await (await getByRole(row, 'radio', label)).click();
    await popup.locator(aria(msg('keyName'), 'textbox')).fill(opts.name);
  }
  await clickTemplateAction(popup, row, 'fillAndSave');
  const state = await waitForReplica(page, `(s) => s.view === 'secret' && s.saves === ${saves + 1}`, 15_000);
  const secret = state.lastSecretShown ?? '';
  const name = state.keys.at(-1)?.name ?? '';
  await waitForCapture(browser, page, before.length + 1);
  return { secret, name };
}

/** Waits until the vault holds `count` records and the page shows the content script's "captured" notice. */
export async function waitForCapture(browser: Browser, page: Page, count: number): Promise<void> {
  await until(`${count} vault records`, async () => (await recordIds(browser)).length === count, 15_000);
  await until('the in-page "captured" notice', async () => (await domStrings(page)).some((s) => s.text.startsWith(CAPTURED_NOTICE)), 10_000);
}

/** Closes the popup if it is still open (it closes itself when the page gets focus). */
export async function closePopup(popup?: Page): Promise<void> {
  if (popup && !popup.isClosed()) await popup.close().catch(() => undefined);
}

/** Closes `popup` if open and opens the real toolbar popup again for `page`. */
export async function reopenPopup(browser: Browser, page: Page, popup?: Page): Promise<Page> {
  if (popup && !popup.isClosed()) await popup.close().catch(() => undefined);
  // The previous popup's target must be gone before chrome.action.openPopup() opens a new one.
  await until('popup closed', async () => !browser.targets().some((t) => t.url().endsWith('src/popup/index.html')), 5_000);
  return openPopup(browser, page);
}

// ------------------------------------------------------------------ extension state

export interface StorageDump {
  local: Record<string, unknown>;
  sync: Record<string, unknown>;
  session: Record<string, unknown>;
}

/** All three storage areas, read in the service worker. */
export async function dumpStorage(browser: Browser): Promise<StorageDump> {
  const worker = await serviceWorker(browser);
  return worker.evaluate(async () => {
    const c = (globalThis as unknown as { chrome: { storage: Record<'local' | 'sync' | 'session', { get(k: null): Promise<Record<string, unknown>> }> } }).chrome;
    return { local: await c.storage.local.get(null), sync: await c.storage.sync.get(null), session: await c.storage.session.get(null) };
  });
}

export async function recordIds(browser: Browser): Promise<string[]> {
  const { local } = await dumpStorage(browser);
  return Object.keys(local).filter((k) => k.startsWith('vault.rec.'));
}

/** Sends a protocol message from an extension page (popup/options) and returns the raw reply (data untyped: tests read what they asked for). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function sendFrom(page: Page, type: string, data: unknown = {}): Promise<{ ok: boolean; data?: any; error?: { code: string; message: string } }> {
  return page.evaluate(
    (type, data) => (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<never> } } }).chrome.runtime.sendMessage({ type, data }),
    type,
    data as never,
  );
}

/** Opens the real options page in a new tab. */
export async function openOptions(browser: Browser, extensionId: string): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(`chrome-extension://${extensionId}/${OPTIONS_PATH}`, { waitUntil: 'load' });
  await page.locator(aria(msg('saveSettings'), 'button')).wait();
  return page;
}

// ------------------------------------------------------------------ clipboard

export { readClipboard } from '../../../scripts/lib/harness.mjs';

// ------------------------------------------------------------------ logs, layout, a11y

/** Collects console messages and page errors of every page and worker target from now on (ours and the replica's). */
export function collectLogs(browser: Browser): { lines: string[] } {
  const lines: string[] = [];
  const seen = new WeakSet<object>();
  const attach = async (t: import('puppeteer-core').Target) => {
    if (seen.has(t)) return;
    seen.add(t);
    try {
      if (t.type() === 'service_worker') {
        const w = await t.worker();
        w?.on('console', (m) => lines.push(`[worker] ${m.type()}: ${m.text()} ${JSON.stringify(m.args().map((a) => a.remoteObject().value ?? a.remoteObject().description ?? ''))}`));
      } else if (t.type() === 'page' || t.type() === 'background_page' || (t.type() === 'other' && t.url().startsWith('chrome-extension://'))) {
        const p = await t.asPage();
        p.on('console', (m) => lines.push(`[${t.url()}] ${m.type()}: ${m.text()}`));
        p.on('pageerror', (e) => lines.push(`[${t.url()}] pageerror: ${String(e)}`));
      }
    } catch {
      // target went away
    }
  };
  for (const t of browser.targets()) void attach(t);
  browser.on('targetcreated', (t) => void attach(t));
  return { lines };
}

/** Layout facts of a page: horizontal overflow, and elements whose text is clipped. */
export async function layoutProblems(page: Page): Promise<{ scrollWidth: number; clientWidth: number; bodyScrollWidth: number; bodyClientWidth: number; clipped: string[] }> {
  return page.evaluate(() => {
    const de = document.documentElement;
    const body = document.body;
    const clipped = [...document.querySelectorAll<HTMLElement>('body *')]
      .filter((e) => e.children.length === 0 && (e.textContent ?? '').trim() !== '' && e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible')
      .map((e) => `${e.tagName.toLowerCase()}: ${(e.textContent ?? '').trim().slice(0, 40)}`);
    // body clips horizontal overflow (overflow-x: hidden): content wider than body is cut off, not scrolled.
    return { scrollWidth: de.scrollWidth, clientWidth: de.clientWidth, bodyScrollWidth: body.scrollWidth, bodyClientWidth: body.clientWidth, clipped };
  });
}

/** axe-core violations on `page` (rule id, impact, first targets). */
export async function axeViolations(page: Page): Promise<Array<{ id: string; impact: string | null; targets: string[]; help: string }>> {
  if (!(await page.evaluate(() => 'axe' in window))) {
    // addScriptTag injects an inline <script>, which extension pages' CSP (script-src 'self') blocks:
    // evaluate the same file through CDP instead (not subject to the page's CSP).
    await page.addScriptTag({ path: AXE_PATH }).catch(() => undefined);
    if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(await readFile(AXE_PATH, 'utf8'));
  }
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  });
}
