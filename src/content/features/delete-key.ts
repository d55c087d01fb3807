/**
 * Deletes a key in Cloudcraft's own UI, for the popup's rotation: finds the key's row in the keys
 * list by name and created date (never by position), uses the row's Delete/Revoke action (a button,
 * or an item of the row's menu, driven like any menu button), answers its confirmation (typing the
 * key's name where it asks for it), and checks the row is gone. Nothing is clicked on any doubt: no
 * row, two rows that could be it, a date that differs, a confirmation naming another key or asking
 * for something we cannot tell. Every step is reported in words.
 */
import { t } from '../../shared/i18n';
import type { DeleteResult } from '../../shared/protocol';
import { controlAt, isChoice, type ChoiceControl } from '../controls';
import { accessibleName, textOf } from '../dom/aria';
import { click, pressKey, settle } from '../dom/events';
import { setNativeValue } from '../dom/fill';
import { isRendered, isVisible } from '../dom/visible';
import { waitFor } from '../dom/wait';
import { BUTTON_SEL, DIALOG_SEL, findCreateForm, findKeysUi, isOwn } from '../page/finders';
import { createdDates } from '../../shared/reconcile';
import { matchKeyRows, readKeyRows, readTableRows, tableOf, type KeyRow } from '../page/keyRows';
import { CANCEL_BUTTONS, CONFIRM_BUTTONS, DELETE_ACTIONS, ROW_MENU_LABELS, TYPE_NAME_WORDS, containsAny, matchesAny, norm } from '../page/synonyms';
import { cleanName } from '../page/clean';
import type { RunContext } from '../context';
import { defineFeature } from './feature';

export interface DeleteKeyRequest {
  name: string;
  /** When the vault captured the key (ms since epoch): Cloudcraft's created date of that key. */
  createdAt: number;
}

/** How long a key gone without a confirmation must stay gone, with no dialog appearing, to count (ms). */
const GONE_SETTLE_MS = 600;
const quoted = (xs: string[]) => (xs.length ? xs.map((x) => `"${cleanName(x).slice(0, 60)}"`).join(', ') : t('reportSeenNothing'));
const startsWithAny = (text: string, syns: readonly string[]) => {
  const n = norm(text);
  return syns.some((s) => n === s || n.startsWith(`${s} `));
};

/** The row's own delete button, or null. */
function rowButton(row: Element): HTMLElement | null {
  return ([...row.querySelectorAll(BUTTON_SEL)].find((b) => !isOwn(b) && isVisible(b) && startsWithAny(accessibleName(b), DELETE_ACTIONS)) as HTMLElement | undefined) ?? null;
}

/**
 * Activates an action item of an open menu (APG "Menu Button": an item does something, it holds no
 * value to read back): a click; then, if the item is still shown 600 ms later (the menu did not
 * take the click), Enter on it. A menu that closed took it: nothing more is pressed (a second
 * press could land on what the action opened, such as its confirmation).
 */
async function activate(item: HTMLElement, signal?: AbortSignal): Promise<void> {
  click(item);
  const closed = await waitFor(() => !item.isConnected || !isVisible(item), { timeout: 600, signal, root: item.ownerDocument });
  if (closed) return;
  item.focus();
  pressKey(item, 'Enter');
  await settle(50);
}

/**
 * A non-modal confirmation next to the row's action: a popover (Ant Design's Popconfirm is a
 * `role="tooltip"` box; the HTML `popover` attribute). Taken for a confirmation only when it holds a
 * Delete/Revoke/Confirm button: a plain tooltip over the Delete button is not one.
 */
const POPOVER_SEL = '[role="tooltip"],[popover]';

/** The visible button of `box` that confirms a delete (Delete, Revoke, Confirm, OK…), if any. */
function confirmButtonIn(box: Element): HTMLButtonElement | undefined {
  return [...box.querySelectorAll(BUTTON_SEL)].find(
    (b) => isVisible(b) && (startsWithAny(accessibleName(b), DELETE_ACTIONS) || matchesAny(accessibleName(b), CONFIRM_BUTTONS)),
  ) as HTMLButtonElement | undefined;
}

/**
 * Whether a dialog is on screen: visible itself, or, for a dialog element laid out at no size
 * around fixed-position content (Headless UI's Dialog), rendered with a visible button inside.
 */
const isShown = (d: Element) => isVisible(d) || (isRendered(d) && [...d.querySelectorAll(BUTTON_SEL)].some((b) => isVisible(b)));

/** The row's "more actions" menu, as a menu-button control, or null. */
function rowMenu(row: Element): ChoiceControl | null {
  for (const b of row.querySelectorAll(BUTTON_SEL)) {
    if (isOwn(b) || !isVisible(b)) continue;
    const named = startsWithAny(accessibleName(b), ROW_MENU_LABELS);
    const c = controlAt(b);
    if (c && isChoice(c) && c.kind === 'menu-button' && (named || b.hasAttribute('aria-haspopup'))) return c;
  }
  return null;
}

/** The rows of Cloudcraft's keys list, read once; null while the list is not what shows (no keys UI, or the create form open). */
function listedRows(doc: Document): KeyRow[] | null {
  const keys = findKeysUi(doc);
  return keys && !findCreateForm(doc) ? readKeyRows(keys) : null;
}

/**
 * Deletes the key `req` in the page `doc` shows. Resolves with what happened, step by step; never
 * throws for what the page does (a `DeleteResult` says it), only for an abort.
 */
export async function deleteKeyInPage(doc: Document, req: DeleteKeyRequest, opts: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<DeleteResult> {
  const timeout = opts.timeoutMs ?? 10_000;
  const steps: string[] = [];
  const done = (deleted: boolean, last: string): DeleteResult => ({ deleted, steps: [...steps, last] });
  const name = cleanName(req.name);

  const rows = listedRows(doc);
  if (!rows) return done(false, t('deleteNoList'));
  const { matches, sameName } = matchKeyRows(rows, req);
  const want = createdDates(req.createdAt)[0] ?? '';
  if (sameName.length === 0) return { ...done(false, t('deleteNoRow', [name, quoted(rows.map((r) => r.name))])), notListed: rows.length > 0 };
  if (matches.length === 0) return done(false, t('deleteOtherDate', [name, sameName.map((r) => r.created ?? '?').join(', '), want]));
  if (matches.length > 1) return done(false, t('deleteAmbiguous', [matches.length, name, matches.map((r) => r.created ?? t('deleteNoDate')).join(', ')]));
  const target: KeyRow = matches[0]!;
  steps.push(t('deleteFound', [name, target.created ?? t('deleteNoDate')]));

  const dialogsBefore = new Set([...doc.querySelectorAll(DIALOG_SEL), ...doc.querySelectorAll(POPOVER_SEL)]);
  const table = tableOf(target.row);
  /**
   * Whether the key is gone from Cloudcraft's list: its row removed from the page, or the list
   * (laid out, readable) no longer holding a row that may be it. A list covered by a modal, hidden
   * while a confirmation fades in, or replaced by something unreadable is not evidence: false.
   */
  const gone = (): boolean => {
    if (!target.row.isConnected && !(table?.isConnected ?? false)) {
      const now = listedRows(doc);
      return now !== null && now.length > 0 && matchKeyRows(now, req).matches.length === 0;
    }
    const rows = table ? readTableRows(table) : null;
    return rows !== null && matchKeyRows(rows, req).matches.length === 0;
  };
  const newDialog = () =>
    [...doc.querySelectorAll(DIALOG_SEL)].find((d) => !dialogsBefore.has(d) && !isOwn(d) && isShown(d)) ??
    [...doc.querySelectorAll(POPOVER_SEL)].find((p) => !dialogsBefore.has(p) && !isOwn(p) && isRendered(p) && confirmButtonIn(p) !== undefined);

  // 1. The row's Delete/Revoke action: its own button, else an item of its menu.
  const button = rowButton(target.row);
  if (button) {
    steps.push(t('deleteClicked', textOf(button) || accessibleName(button)));
    click(button);
  } else {
    const menu = rowMenu(target.row);
    if (!menu) return done(false, t('deleteNoAction', [name, quoted([...target.row.querySelectorAll(BUTTON_SEL)].map((b) => accessibleName(b)).filter(Boolean))]));
    const items = await menu.options({ signal: opts.signal }).catch(() => null);
    const item = items?.find((i) => !i.disabled && startsWithAny(i.text, DELETE_ACTIONS));
    if (!item) {
      await menu.close().catch(() => undefined);
      return done(false, t('deleteMenuNoItem', quoted(items?.map((i) => i.text) ?? [])));
    }
    steps.push(t('deleteClicked', item.text));
    await activate(item.el as HTMLElement, opts.signal);
  }

  // 2. Its confirmation: a dialog that appeared. A key gone with no dialog counts only once it
  // stays gone and no dialog follows (a confirmation may still be fading in).
  let dialog = await waitFor(() => newDialog() ?? (gone() ? target.row : null), { timeout: Math.min(timeout, 5000), signal: opts.signal, root: doc });
  if (dialog === target.row) {
    await settle(GONE_SETTLE_MS);
    dialog = newDialog() ?? (gone() ? target.row : null);
  }
  if (!dialog) return done(false, t('deleteNoConfirmation'));
  if (dialog === target.row) return done(true, t('deleteGoneWithoutConfirmation'));
  const cancel = async () => {
    const c = [...dialog.querySelectorAll(BUTTON_SEL)].find((b) => matchesAny(accessibleName(b), CANCEL_BUTTONS)) as HTMLElement | undefined;
    if (c) click(c);
    else pressKey(dialog, 'Escape');
    await settle(50);
  };
  const text = textOf(dialog);
  // A confirmation that names another listed key, and not ours, is not about ours.
  const others = rows.filter((r) => r.name !== target.name && r.name.length > 3 && text.includes(r.name));
  if (!text.includes(target.name) && others.length) {
    await cancel();
    return done(false, t('deleteConfirmOther', quoted(others.map((r) => r.name))));
  }
  // Type-to-confirm: the key's name, or the word the label quotes ("Type DELETE to confirm").
  const inputs = [...dialog.querySelectorAll('input:not([type]),input[type="text"]')].filter((i) => isVisible(i)) as HTMLInputElement[];
  for (const input of inputs) {
    const label = accessibleName(input) || input.placeholder || text;
    const word = /["“']([^"”']{1,40})["”']/.exec(label)?.[1];
    const answer = containsAny(label, TYPE_NAME_WORDS) || label.includes(target.name) ? target.name : word;
    if (!answer) {
      await cancel();
      return done(false, t('deleteTypeUnknown', cleanName(label).slice(0, 120)));
    }
    setNativeValue(input, answer);
    steps.push(t('deleteTyped', answer === target.name ? t('deleteTypedName') : `"${answer}"`));
  }
  await settle(30);
  const confirm = confirmButtonIn(dialog);
  if (!confirm) {
    const seen = [...dialog.querySelectorAll(BUTTON_SEL)].map((b) => accessibleName(b)).filter(Boolean);
    await cancel();
    return done(false, t('deleteNoConfirmButton', quoted(seen)));
  }
  const enabled = () => !confirm.disabled && confirm.getAttribute('aria-disabled') !== 'true';
  if (!(await waitFor(() => enabled(), { timeout: 1500, signal: opts.signal, root: dialog }))) {
    await cancel();
    return done(false, t('deleteConfirmDisabled', accessibleName(confirm)));
  }
  steps.push(t('deleteConfirmed', accessibleName(confirm)));
  click(confirm);

  // 3. The row is gone (an error Cloudcraft shows is reported instead).
  if (await waitFor(() => gone(), { timeout, signal: opts.signal, root: doc })) return done(true, t('deleteGone'));
  const alert = [...doc.querySelectorAll('[role="alert"]')].map((a) => textOf(a)).find(Boolean);
  return done(false, alert ? t('missReasonAlert', cleanName(alert).slice(0, 160)) : t('deleteStillListed', timeout / 1000));
}

export interface DeleteKeyApi {
  deleteKey(req: DeleteKeyRequest): Promise<DeleteResult>;
}

/** One delete at a time (a second request while one runs is refused, not queued). */
export const deleteKey = defineFeature<DeleteKeyApi>({
  id: 'delete-key',
  init(ctx: RunContext) {
    let busy = false;
    return {
      async deleteKey(req) {
        if (busy) return { deleted: false, steps: [t('reportBusy')] };
        busy = true;
        try {
          return await deleteKeyInPage(ctx.doc, req, { signal: ctx.signal });
        } finally {
          busy = false;
        }
      },
    };
  },
});
