/**
 * Steps for the content-script e2e tests (content.e2e.test.ts, hostile.e2e.test.ts): the popup's
 * tab status and apply result, the vault through an extension page, the replica's React state and
 * the in-page "Templates" menu. Builds on ./flow (shared with the vault/popup/options tests).
 */
import type { Browser, Page } from 'puppeteer-core';
import en from '../../../public/_locales/en/messages.json';
import { setFallbackMessages, t } from '../../../src/shared/i18n';
import { replicaState, waitForReplica, type ReplicaState } from '../../../scripts/lib/harness.mjs';
import { aria, clickTemplateAction, closePopup, domStrings, reopenPopup, sendFrom, sleep, templateRow, until } from './flow';

// The popup's words, from public/_locales/en/messages.json (the same `t` the popup uses; outside
// the extension it reads the English file given here).
setFallbackMessages(en);
export const STATUS_NO_UI = t('tabNoUi');
/** The popup's status line on Cloudcraft's keys list, and on its open create form. */
export const STATUS_LIST = t('tabKeysList');
export const STATUS_FORM = t('tabCreateForm');
/** Either: the popup can apply a template. */
export const STATUS_READY = [STATUS_LIST, STATUS_FORM];
/** The keys UI is open but Cloudcraft still shows "Loading…" (replica lazy=…). */
export const STATUS_LOADING = t('tabLoading');
export const STATUS_SECRET_SHOWN = t('tabSecretShown');
export const STATUS_SECRET_CAPTURED = t('tabSecretCaptured');
export const APPLY_OK = t('applyOk');
export const APPLY_OK_SAVED = t('applyOkSaved');
export const APPLY_PARTIAL = t('applyPartial');
/** How the in-page confirmation of a capture starts (then the key's name, its hint and length, and Cloudcraft's answer). */
export const CAPTURED_NOTICE = 'Captured and encrypted: "';
export const TEAMS = ['Engineering', 'Data Platform', 'Security'] as const;
export const NO_TEAMS = { Engineering: 'none', 'Data Platform': 'none', Security: 'none' };

/** YYYY-MM-DD in local time, as the templates' {date}. */
export function today(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** The popup's tab status line once it has an answer (not "Checking the current tab…"). */
export async function tabStatus(popup: Page): Promise<string> {
  return until('the popup tab status', async () => {
    const t = await popup.$eval('.tab-status p', (e) => e.textContent ?? '').catch(() => '');
    return t && !t.startsWith('Checking') ? t : undefined;
  });
}

/** Opens the real toolbar popup for `page` (closing `previous`) and returns it with its tab status. */
export async function popupFor(browser: Browser, page: Page, previous?: Page): Promise<{ popup: Page; status: string }> {
  const popup = await reopenPopup(browser, page, previous);
  await popup.locator(aria('Lock', 'button')).wait();
  return { popup, status: await tabStatus(popup) };
}

/** Reopens the popup until its status is `want` (or one of them: the popup reads the tab once when it opens). */
export async function popupWithStatus(browser: Browser, page: Page, want: string | readonly string[], previous?: Page, timeoutMs = 10_000): Promise<Page> {
  const wanted = typeof want === 'string' ? [want] : want;
  let popup = previous;
  let last = '';
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await popupFor(browser, page, popup);
    popup = r.popup;
    last = r.status;
    if (wanted.includes(last)) return popup;
    if (Date.now() > deadline) throw new Error(`popup status is "${last}", expected ${JSON.stringify(want)}`);
    await sleep(250);
  }
}

/** User > API keys in the page; waits until the keys list mounted (lazy delays included). */
export async function openKeysUi(page: Page, timeoutMs = 15_000): Promise<ReplicaState> {
  await page.bringToFront();
  const user = await page.locator(aria('User', 'button')).waitHandle();
  if ((await user.evaluate((b) => b.getAttribute('aria-expanded'))) !== 'true') await user.click(); // a click would close an open menu
  await page.locator(aria('API keys', 'menuitem')).click();
  return waitForReplica(page, (s) => s.view === 'keys-list' && !s.loading, timeoutMs);
}

/**
 * A real click on "Create API key" in the keys list; waits for the create form. Clicks again while
 * the list still shows after 3 s (a click landing during a library dialog's opening animation can
 * miss the button; a user clicks again too).
 */
export async function clickCreateApiKey(page: Page): Promise<ReplicaState> {
  for (let attempt = 0; ; attempt++) {
    await page.locator(aria('Create API key', 'button')).click();
    try {
      return await waitForReplica(page, (s) => s.view === 'create-form' && !s.loading, 3_000);
    } catch (err) {
      if (attempt >= 2 || (await replicaState(page))?.view !== 'keys-list') throw err;
    }
  }
}

/**
 * waitForReplica for a tab in the background: polls on a timer (waitForReplica's default
 * requestAnimationFrame polling does not run in hidden tabs).
 */
export async function waitForReplicaPolling(page: Page, predicate: string, timeoutMs = 15_000): Promise<ReplicaState> {
  await page.waitForFunction(`(() => { const s = window.__replica; return !!s && (${predicate})(s); })()`, { timeout: timeoutMs, polling: 100 });
  return (await replicaState(page))!;
}

/** The popup's apply result: headline and one line per field. */
export async function applyResult(popup: Page, timeoutMs = 15_000): Promise<{ head: string; fields: string[] }> {
  return until(
    'the popup apply result',
    async () => {
      const r = await popup.$eval('.result', (el) => ({
        busy: !!el.querySelector(':scope > p'),
        head: el.querySelector(':scope > div > p')?.textContent ?? '',
        fields: [...el.querySelectorAll('ul.fields > li')].map((li) => li.textContent ?? ''),
        error: el.querySelector(':scope > p.error')?.textContent ?? '',
      }));
      if (r.error) return { head: r.error, fields: [] };
      return r.head ? { head: r.head, fields: r.fields } : undefined;
    },
    timeoutMs,
  );
}

/** Selects a template's row in the popup (a click on its radio), so its buttons act on the first press. */
export async function selectTemplate(popup: Page, label: string): Promise<void> {
  const row = await templateRow(popup, label);
  await (await row.$('input[type="radio"]'))!.click();
  await until(`"${label}" selected`, async () => (await row.$eval('input[type="radio"]', (e) => (e as HTMLInputElement).checked)) || undefined);
}

/**
 * In the popup: selects template `label` (its radio), optionally types `name` into "Key name", then
 * clicks "Apply" (save false) or "Fill & save" (save true). Returns the key name used and the result.
 */
export async function applyFromPopup(popup: Page, label: string, opts: { save?: boolean; name?: string } = {}): Promise<{ name: string; head: string; fields: string[] }> {
  const row = await templateRow(popup, label);
  await (await row.$('input[type="radio"]'))!.click();
  if (opts.name !== undefined) await popup.locator(aria('Key name', 'textbox')).fill(opts.name);
  const name = await popup.$eval('#key-name', (e) => (e as HTMLInputElement).value);
  await clickTemplateAction(popup, row, opts.save ? 'Fill & save' : 'Apply');
  const r = await applyResult(popup);
  return { name: name.trim(), ...r };
}

/** The vault's stored keys (metadata), via 'keys.list' from an extension page. */
export async function vaultKeys(ext: Page): Promise<Array<{ id: string; name: string; permission: string; teams: Array<{ team: string; access: string }>; templateId: string | null }>> {
  const r = await sendFrom(ext, 'keys.list');
  if (!r.ok) throw new Error(`keys.list failed: ${r.error?.code} ${r.error?.message}`);
  return r.data.keys;
}

export async function revealSecret(ext: Page, id: string): Promise<string> {
  const r = await sendFrom(ext, 'keys.reveal', { id });
  if (!r.ok) throw new Error(`keys.reveal failed: ${r.error?.code}`);
  return r.data.secret;
}

/** A real (trusted) click on the page's "Save key"; waits for the secret view. Returns the state. */
export async function clickSaveInPage(page: Page): Promise<ReplicaState> {
  const before = (await replicaState(page))?.saves ?? 0;
  await page.bringToFront();
  await page.locator(aria('Save key', 'button')).click();
  return waitForReplica(page, `(s) => s.view === 'secret' && s.saves === ${before + 1}`, 15_000);
}

/** Bounding box centre of the in-page "Templates" menu host (its shadow root is closed). */
export async function templatesMenuPoint(page: Page): Promise<{ x: number; y: number }> {
  const host = await page.waitForSelector('cckh-templates', { timeout: 10_000 });
  const box = await until('the Templates menu laid out', async () => (await host!.boundingBox()) ?? undefined);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/**
 * The open in-page Templates menu's layout, read through CDP (its shadow root is closed): its box
 * width and right edge, its content's scrollWidth against its clientWidth (sideways overflow), and
 * the page's innerWidth, all in CSS px. Throws when no menu is in the page.
 */
export async function templatesMenuLayout(page: Page): Promise<{ width: number; right: number; scrollWidth: number; clientWidth: number; innerWidth: number }> {
  const cdp = await page.createCDPSession();
  try {
    type Node = { backendNodeId: number; nodeType: number; localName: string; attributes?: string[]; children?: Node[]; shadowRoots?: Node[] };
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as unknown as { root: Node };
    /** `attributes` is [name, value, name, value, …]. */
    const isMenu = (n: Node) => n.nodeType === 1 && (n.attributes ?? []).some((a, i, all) => i % 2 === 0 && a === 'role' && all[i + 1] === 'menu');
    const find = (n: Node): Node | undefined => {
      if (isMenu(n)) return n;
      for (const c of [...(n.shadowRoots ?? []), ...(n.children ?? [])]) {
        const hit = find(c);
        if (hit) return hit;
      }
      return undefined;
    };
    const menu = find(root);
    if (!menu) throw new Error('no [role=menu] in the page');
    const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: menu.backendNodeId });
    const r = await cdp.send('Runtime.callFunctionOn', {
      objectId: object.objectId!,
      functionDeclaration: 'function () { const b = this.getBoundingClientRect(); return { width: b.width, right: b.right, scrollWidth: this.scrollWidth, clientWidth: this.clientWidth, innerWidth: window.innerWidth }; }',
      returnByValue: true,
    });
    return r.result.value as { width: number; right: number; scrollWidth: number; clientWidth: number; innerWidth: number };
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/** Opens the in-page "Templates" menu with a real click and chooses its first item with Enter (focus moves there on open). */
export async function chooseFirstFromTemplatesMenu(page: Page, onOpen?: () => Promise<void>): Promise<void> {
  await page.bringToFront();
  const { x, y } = await templatesMenuPoint(page);
  await page.mouse.click(x, y);
  // The menu lists the templates (read through CDP: the shadow root is closed) and focuses the first.
  await until('the Templates menu lists "Read-only"', async () =>
    (await domStrings(page)).some((s) => s.where.includes('cckh-templates') && s.where.includes('::shadow(closed)') && s.text === 'Read-only'),
  );
  await sleep(200);
  await onOpen?.();
  await page.keyboard.press('Enter');
}

export { closePopup };
