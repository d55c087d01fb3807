/**
 * Steps for the content-script e2e tests (content.e2e.test.ts, hostile.e2e.test.ts): the popup's
 * tab status and apply result, the vault through an extension page, the replica's React state and
 * the in-page "Templates" menu. Builds on ./flow (shared with the vault/popup/options tests).
 */
import type { Browser, Page } from 'puppeteer-core';
import { replicaState, waitForReplica, type ReplicaState } from '../../../scripts/lib/harness.mjs';
import { CAPTURED_NOTICE, READ_ONLY, aria, clickTemplateAction, closePopup, msg, reopenPopup, sendFrom, sleep, templateRow, until } from './flow';
import { axFacts, getByRole, namesByRole, queryByRole, textOf, textsByRole } from './screen';

// The popup's words, from public/_locales/en/messages.json (./screen.ts).
export const STATUS_NO_UI = msg('tabNoUi');
/** The popup's status line on Cloudcraft's keys list, and on its open create form. */
export const STATUS_LIST = msg('tabKeysList');
export const STATUS_FORM = msg('tabCreateForm');
/** Either: the popup can apply a template. */
export const STATUS_READY = [STATUS_LIST, STATUS_FORM];
/** The keys UI is open but Cloudcraft still shows "Loading…" (replica lazy=…). */
export const STATUS_LOADING = msg('tabLoading');
export const STATUS_SECRET_SHOWN = msg('tabSecretShown');
export const STATUS_SECRET_CAPTURED = msg('tabSecretCaptured');
export const APPLY_OK = msg('applyOk');
export const APPLY_OK_SAVED = msg('applyOkSaved');
export const APPLY_PARTIAL = msg('applyPartial');
export { CAPTURED_NOTICE };
export const TEAMS = ['Engineering', 'Data Platform', 'Security'] as const;
export const NO_TEAMS = { Engineering: 'none', 'Data Platform': 'none', Security: 'none' };

/** YYYY-MM-DD in local time, as the templates' {date}. */
export function today(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** The popup's "Current tab" status line once it has an answer (not "Checking the current tab…"). */
export async function tabStatus(popup: Page): Promise<string> {
  return until('the popup tab status', async () => {
    const line = await queryByRole(popup, 'status', msg('tabStatusLabel'));
    const text = line ? await textOf(line) : '';
    return text && text !== msg('tabChecking') ? text : undefined;
  });
}

/** Opens the real toolbar popup for `page` (closing `previous`) and returns it with its tab status. */
export async function popupFor(browser: Browser, page: Page, previous?: Page): Promise<{ popup: Page; status: string }> {
  const popup = await reopenPopup(browser, page, previous);
  await popup.locator(aria(msg('lock'), 'button')).wait();
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

/**
 * The popup's apply result (its "Result" status): the headline and one line per field; or, when
 * applying failed before any field, that error as the headline and no fields. Waits while it says
 * "Applying…" or asks to press again.
 */
export async function applyResult(popup: Page, timeoutMs = 15_000): Promise<{ head: string; fields: string[] }> {
  const heads = [APPLY_OK, APPLY_OK_SAVED, APPLY_PARTIAL];
  const notYet = [msg('applying'), msg('pressAgainToConfirm', msg('apply')), msg('pressAgainToConfirm', msg('fillAndSave'))];
  return until(
    'the popup apply result',
    async () => {
      const region = await getByRole(popup, 'status', msg('applyResult'));
      const lines = await textsByRole(region, 'paragraph');
      const head = lines.find((l) => heads.includes(l));
      if (head) return { head, fields: await textsByRole(region, 'listitem') };
      const error = lines.find((l) => l !== '' && !notYet.includes(l));
      return error ? { head: error, fields: [] } : undefined;
    },
    timeoutMs,
  );
}

/** Selects a template's row in the popup (a click on its radio), so its buttons act on the first press. */
export async function selectTemplate(popup: Page, label: string): Promise<void> {
  const radio = await getByRole(await templateRow(popup, label), 'radio', label);
  await radio.click();
  await until(`"${label}" selected`, async () => (await axFacts(popup, radio)).checked === true || undefined);
}

/**
 * In the popup: selects template `label` (its radio), optionally types `name` into "Key name", then
 * clicks "Apply" (save false) or "Fill & save" (save true). Returns the key name used and the result.
 */
export async function applyFromPopup(popup: Page, label: string, opts: { save?: boolean; name?: string } = {}): Promise<{ name: string; head: string; fields: string[] }> {
  const row = await templateRow(popup, label);
  await (await getByRole(row, 'radio', label)).click();
  const field = await getByRole(popup, 'textbox', msg('keyName'));
  if (opts.name !== undefined) await popup.locator(aria(msg('keyName'), 'textbox')).fill(opts.name);
  const name = await field.evaluate((e) => (e as HTMLInputElement).value);
  await clickTemplateAction(popup, row, opts.save ? 'fillAndSave' : 'apply');
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

/**
 * Bounding box centre of the in-page "Templates ▾" button, found by role and name: the
 * accessibility tree reaches into its closed shadow root, which the page's DOM does not.
 */
export async function templatesMenuPoint(page: Page): Promise<{ x: number; y: number }> {
  const trigger = await getByRole(page, 'button', msg('menuTrigger'));
  const box = await until('the Templates menu laid out', async () => (await trigger.boundingBox()) ?? undefined);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/**
 * The open in-page Templates menu's layout: its box width and right edge, its content's
 * scrollWidth against its clientWidth (sideways overflow), and the page's innerWidth, all in CSS
 * px. Throws when the menu is not open.
 */
export async function templatesMenuLayout(page: Page): Promise<{ width: number; right: number; scrollWidth: number; clientWidth: number; innerWidth: number }> {
  const menu = await queryByRole(page, 'menu', msg('menuLabel'));
  if (!menu) throw new Error(`no menu "${msg('menuLabel')}" in the page`);
  return menu.evaluate((e) => {
    const b = e.getBoundingClientRect();
    return { width: b.width, right: b.right, scrollWidth: e.scrollWidth, clientWidth: e.clientWidth, innerWidth: window.innerWidth };
  });
}

/** Opens the in-page "Templates" menu with a real click and chooses its first item with Enter (focus moves there on open). */
export async function chooseFirstFromTemplatesMenu(page: Page, onOpen?: () => Promise<void>): Promise<void> {
  await page.bringToFront();
  const { x, y } = await templatesMenuPoint(page);
  await page.mouse.click(x, y);
  // The menu lists the templates, the least privileged first (each item: its label, then its access
  // in words), and focuses it.
  await until(`the Templates menu lists "${READ_ONLY}" first`, async () => {
    const menu = await queryByRole(page, 'menu', msg('menuLabel'));
    return (menu && (await namesByRole(page, menu, 'menuitem'))[0]?.startsWith(READ_ONLY)) || undefined;
  });
  await sleep(200);
  await onOpen?.();
  await page.keyboard.press('Enter');
}

export { closePopup };
