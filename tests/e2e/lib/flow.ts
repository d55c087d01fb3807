/**
 * Shared steps for the vault, popup and options e2e tests: everything through the real toolbar
 * popup, the real options page and the replica, found by accessible name (as scripts/lib/walk.mjs).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, ElementHandle, Page } from 'puppeteer-core';
import { REPO_ROOT, openPopup, serviceWorker, waitForReplica } from '../../../scripts/lib/harness.mjs';

/** The built extension: $E2E_DIST (a private build, so another engineer's rebuild of dist/ cannot swap files under a run), else dist/. */
export const DIST = process.env.E2E_DIST ? path.resolve(process.env.E2E_DIST) : path.join(REPO_ROOT, 'dist');
export const AXE_PATH = path.join(REPO_ROOT, 'node_modules/axe-core/axe.min.js');
/** Used only in throwaway profiles. */
export const PASSPHRASE = 'correct horse battery staple e2e 2026';
export const OPTIONS_PATH = 'src/options/index.html';

export const aria = (name: string, role: string) => `::-p-aria([name="${name}"][role="${role}"])`;
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` until it returns a value that is not undefined/false; throws with `what` after timeoutMs. */
export async function until<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined && v !== false) return v as T;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await sleep(100);
  }
}

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

/** First run in the popup: Passphrase, Confirm passphrase, Create vault; waits for the unlocked view. */
export async function createVault(popup: Page, passphrase = PASSPHRASE): Promise<void> {
  await popup.locator(aria('Passphrase', 'textbox')).fill(passphrase);
  await popup.locator(aria('Confirm passphrase', 'textbox')).fill(passphrase);
  await popup.locator(aria('Create vault', 'button')).click();
  await popup.locator(aria('Lock', 'button')).wait();
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
  return popup.evaluate(() => {
    const h1 = document.querySelector('h1')?.textContent ?? '';
    if (h1 === 'Create your vault') return 'first-run';
    if (h1 === 'Vault locked') return 'locked';
    if ([...document.querySelectorAll('button')].some((b) => b.textContent === 'Lock')) return 'unlocked';
    return 'loading';
  });
}

export async function waitForView(popup: Page, view: 'first-run' | 'locked' | 'unlocked'): Promise<void> {
  await until(`popup view "${view}"`, async () => (await currentView(popup)) === view);
}

/** The template labels in the popup, in order. */
export async function templateLabels(popup: Page): Promise<string[]> {
  await popup.waitForSelector('ul.templates li');
  return popup.$$eval('ul.templates > li .label', (els) => els.map((e) => e.textContent ?? ''));
}

async function rowByLabel(popup: Page, listSelector: string, label: string): Promise<ElementHandle<HTMLLIElement>> {
  return until(`"${label}" in ${listSelector}`, async () => {
    for (const li of await popup.$$(`${listSelector} > li`)) {
      if ((await li.$eval('.label', (e) => e.textContent ?? '').catch(() => '')) === label) return li as ElementHandle<HTMLLIElement>;
    }
    return undefined;
  });
}

export const templateRow = (popup: Page, label: string) => rowByLabel(popup, 'ul.templates', label);
export const keyRow = (popup: Page, name: string) => rowByLabel(popup, 'ul.keys', name);

/** Names of the stored keys the popup lists, in order ([] when it says none are stored). */
export async function storedKeyNames(popup: Page): Promise<string[]> {
  await popup.waitForSelector('ul.keys, section[aria-labelledby="keys-heading"] p.hint');
  return popup.$$eval('ul.keys > li:not(.broken) .label', (els) => els.map((e) => e.textContent ?? ''));
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
export async function clickTemplateAction(popup: Page, row: ElementHandle, action: 'Apply' | 'Fill & save'): Promise<void> {
  const text = action === 'Apply' ? 'Apply' : '⋯';
  const button = await until(`"${text}" enabled`, async () => {
    for (const b of await row.$$('button')) {
      const r = await b.evaluate((e) => ({ t: e.textContent?.trim(), d: (e as HTMLButtonElement).disabled }));
      if (r.t === text && !r.d) return b;
    }
    return undefined;
  });
  await button.click();
  if (action === 'Apply') return;
  const item = await until('the "Fill & save" menu item', async () => (await row.$('[role="menuitem"]')) ?? undefined);
  await item.click();
}

/** Clicks a row button (by its visible text) in a key row. */
export async function clickInRow(row: ElementHandle, text: string): Promise<void> {
  const buttons = await row.$$('button');
  for (const b of buttons) {
    if ((await b.evaluate((e) => e.textContent?.trim())) === text) {
      await b.click();
      return;
    }
  }
  throw new Error(`no button "${text}" in row`);
}

/** The row's status line, once it matches `re`. */
export async function rowStatus(popup: Page, name: string, re: RegExp, timeoutMs = 10_000): Promise<string> {
  return until(
    `status ${re} for key "${name}"`,
    async () => {
      const row = await keyRow(popup, name);
      const text = await row.$eval('.row-status', (e) => e.textContent ?? '');
      return re.test(text) ? text : undefined;
    },
    timeoutMs,
  );
}

/**
 * Fill & save with the popup's template `label` on a Cloudcraft tab showing the create form; waits for
 * Cloudcraft to show the secret and for the content script's acknowledged capture (the popup then lists it).
 */
export async function fillAndSave(browser: Browser, page: Page, popup: Page, opts: { label?: string; name?: string } = {}): Promise<{ secret: string; name: string }> {
  const { label = 'Read-only' } = opts;
  const saves = (await page.evaluate(() => (window as unknown as { __replica: { saves: number } }).__replica.saves)) ?? 0;
  const before = await recordIds(browser);
  const row = await templateRow(popup, label);
  if (opts.name !== undefined) {
    // The name applies to the selected template: select it first (a click on its radio).
    await (await row.$('input[type="radio"]'))!.click();
    await popup.locator(aria('Key name', 'textbox')).fill(opts.name);
  }
  await clickTemplateAction(popup, row, 'Fill & save');
  const state = await waitForReplica(page, `(s) => s.view === 'secret' && s.saves === ${saves + 1}`, 15_000);
  const secret = state.lastSecretShown ?? '';
  const name = state.keys.at(-1)?.name ?? '';
  await waitForCapture(browser, page, before.length + 1);
  return { secret, name };
}

/** Waits until the vault holds `count` records and the page shows the content script's "captured" notice. */
export async function waitForCapture(browser: Browser, page: Page, count: number): Promise<void> {
  await until(`${count} vault records`, async () => (await recordIds(browser)).length === count, 15_000);
  await until('the in-page "captured" notice', async () => (await domStrings(page)).some((s) => s.text.startsWith('Captured and encrypted: "')), 10_000);
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
  await page.locator(aria('Save settings', 'button')).wait();
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
