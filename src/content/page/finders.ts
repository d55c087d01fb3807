/**
 * Finders and pure predicates for Cloudcraft's API keys UI, by role, label and visible text
 * (never class names or URLs: cloudcraft-ui.md). Every text lives in ./synonyms.ts.
 */
import { accessibleName, labelOf, textOf } from '../dom/aria';
import { isVisible } from '../dom/visible';
import {
  API_KEYS_HEADINGS,
  CREATE_BUTTONS,
  CREATE_FORM_HEADINGS,
  LOADING_TEXTS,
  NAME_LABELS,
  PERMISSION_LABELS,
  SAVE_BUTTONS,
  SECRET_HEADINGS,
  SECRET_NOTES,
  TEAM_LABELS,
  classifyLevel,
  containsAny,
  matchesAny,
  norm,
  type Level,
} from './synonyms';

/** Our own in-page UI (menu, toast) carries this attribute; finders never look inside or at it. */
export const OWN_ATTR = 'data-cckh';

const HEADING_SEL = 'h1,h2,h3,h4,h5,h6,[role="heading"],legend';
const BUTTON_SEL = 'button,[role="button"],input[type="submit"],input[type="button"],a[href]';
const TEXT_INPUT_SEL = 'input:not([type]),input[type="text"],input[type="search"],textarea';
const TABLE_SEL = 'table,[role="table"],[role="grid"]';
const DIALOG_SEL = '[role="dialog"],[role="alertdialog"],dialog,[aria-modal="true"]';

const own = (el: Element) => el.closest(`[${OWN_ATTR}]`) !== null;
const all = (root: ParentNode, sel: string) => [...root.querySelectorAll(sel)].filter((e) => !own(e));

function buttonName(el: Element): string {
  if (el instanceof HTMLInputElement) return el.value || labelOf(el);
  return accessibleName(el);
}

/** The container a UI anchor belongs to: its dialog, else main, else its section, else its parent. */
function containerOf(anchor: Element): Element {
  return (
    anchor.closest(DIALOG_SEL) ??
    anchor.closest('main,[role="main"]') ??
    anchor.closest('section,article,[role="region"]') ??
    anchor.parentElement ??
    anchor
  );
}

// ---------------------------------------------------------------- keys UI

/** Visible headings whose text is one of `syns`. */
function headingsMatching(root: ParentNode, syns: readonly string[]): Element[] {
  return all(root, HEADING_SEL).filter((h) => h.tagName !== 'LEGEND' && matchesAny(textOf(h), syns) && isVisible(h));
}

/** The visible "Create API key" button (outside the create form, whose Save may be worded "Create key"). */
export function findCreateButton(root: ParentNode): HTMLElement | null {
  for (const b of all(root, BUTTON_SEL)) {
    if (!matchesAny(buttonName(b), CREATE_BUTTONS) || !isVisible(b)) continue;
    const form = b.closest('form');
    if (form && isCreateForm(form)) continue;
    return b as HTMLElement;
  }
  return null;
}

/**
 * The root element of the API keys UI (dialog, route page or panel), or null. Anchored on a visible
 * "API keys" heading (replica modal and route modes); a visible "Create API key" button next to a
 * table of keys also counts (a panel without a heading).
 */
export function findKeysUi(doc: Document | Element): Element | null {
  const h = headingsMatching(doc, API_KEYS_HEADINGS)[0];
  if (h) return containerOf(h);
  const b = findCreateButton(doc);
  if (b) {
    const c = containerOf(b);
    if (c.querySelector(TABLE_SEL)) return c;
  }
  return null;
}

/**
 * Pure predicate: the keys UI `keys` (from findKeysUi) is still mounting, so there is nothing to
 * click yet. Replica lazy=…: the "API keys" heading shows over a "Loading…" paragraph, without the
 * list or "Create API key", for the whole delay (and again while the create form mounts). Never
 * while a "Create API key" button shows. Otherwise: a visible busy marker (`aria-busy`, a
 * progressbar) or loading text, or neither a table of keys nor anything to create one with.
 * A list without "Create API key" (a member, not an Owner or Administrator: cloudcraft-ui.md) is a
 * list, not loading.
 */
export function isKeysUiLoading(keys: Element): boolean {
  if (findCreateButton(keys)) return false;
  if (keys.getAttribute('aria-busy') === 'true' || all(keys, '[aria-busy="true"],[role="progressbar"]').some(isVisible)) return true;
  if (all(keys, 'p,span,div,td,li,[role="status"]').some((e) => e.children.length === 0 && matchesAny(textOf(e), LOADING_TEXTS) && isVisible(e))) return true;
  return !all(keys, TABLE_SEL).some(isVisible);
}

/** Pure predicate: `root` shows the API keys UI (list, form or secret view). */
export function isApiKeysUi(root: Document | Element): boolean {
  return findKeysUi(root) !== null || isCreateForm(root) || findSecretNote(root) !== null;
}

/** Names of the existing keys in the list (PageState.existingNames), from the "Name" column. */
export function readExistingNames(root: ParentNode): string[] {
  const table = all(root, TABLE_SEL).find((t) => isVisible(t));
  if (!table) return [];
  const headers = [...table.querySelectorAll('th,[role="columnheader"]')];
  const col = Math.max(0, headers.findIndex((h) => matchesAny(textOf(h), NAME_LABELS)));
  const names: string[] = [];
  for (const row of table.querySelectorAll('tr,[role="row"]')) {
    const cells = [...row.children].filter((c) => c.matches('td,[role="cell"],[role="gridcell"],[role="rowheader"],th[scope="row"]'));
    if (cells.length === 0) continue;
    const t = textOf(cells[col] ?? cells[0]);
    if (t) names.push(t);
  }
  return names;
}

// ---------------------------------------------------------------- create form

export type PermissionControl =
  | { kind: 'select'; el: HTMLSelectElement }
  | { kind: 'radio'; group: Element; radios: HTMLElement[] }
  | { kind: 'listbox'; button: HTMLElement };

export type TeamControl =
  | { kind: 'toggle'; team: string; el: HTMLElement }
  | { kind: 'level'; team: string; el: HTMLSelectElement };

export interface CreateForm {
  root: Element;
  name: HTMLInputElement | HTMLTextAreaElement;
  save: HTMLElement | null;
}

/** The Save button of a form root ("Save key"…), visible, enabled or not. */
export function findSaveButton(root: ParentNode): HTMLElement | null {
  return (all(root, BUTTON_SEL).find((b) => matchesAny(buttonName(b), SAVE_BUTTONS) && isVisible(b)) as HTMLElement | undefined) ?? null;
}

type TextField = HTMLInputElement | HTMLTextAreaElement;

/**
 * Visible text inputs labelled with a name synonym, best synonym first ("Name" before
 * "Description": a form with both fills the name).
 */
function nameCandidates(root: ParentNode): TextField[] {
  const ranked: { el: TextField; rank: number; i: number }[] = [];
  all(root, TEXT_INPUT_SEL).forEach((el, i) => {
    const rank = NAME_LABELS.indexOf(norm(labelOf(el) || (el.getAttribute('placeholder') ?? '')));
    if (rank >= 0 && isVisible(el)) ranked.push({ el: el as TextField, rank, i });
  });
  return ranked.sort((a, b) => a.rank - b.rank || a.i - b.i).map((c) => c.el);
}

/** The visible text input labelled "Name" (or a synonym). */
export function findNameInput(root: ParentNode): TextField | null {
  return nameCandidates(root)[0] ?? null;
}

/**
 * The "Create API key" form: a visible Name input, the nearest container holding a Save button,
 * and a permission control or a "Create API key" heading in it (so a "Name"+"Save" form elsewhere in
 * the app does not count).
 */
export function findCreateForm(root: Document | Element): CreateForm | null {
  for (const name of nameCandidates(root)) {
    let c: Element | null = (name as HTMLInputElement).form ?? name.parentElement;
    while (c && !findSaveButton(c)) c = c.parentElement === name.ownerDocument.documentElement ? null : c.parentElement;
    if (!c) continue;
    const dialog = c.closest(DIALOG_SEL) ?? c;
    if (!findPermissionControl(c) && headingsMatching(dialog, CREATE_FORM_HEADINGS).length === 0) continue;
    return { root: c, name, save: findSaveButton(c) };
  }
  return null;
}

/** Pure predicate: `root` contains the create form. */
export function isCreateForm(root: Document | Element): boolean {
  return findCreateForm(root) !== null;
}

/** The "Team access" group of a form (fieldset/group labelled with a synonym, or a heading's container). */
export function findTeamGroup(form: Element): Element | null {
  for (const g of all(form, 'fieldset,[role="group"],[role="region"]')) {
    if (matchesAny(labelOf(g), TEAM_LABELS)) return g;
  }
  for (const h of all(form, 'h2,h3,h4,h5,h6,[role="heading"],label,p,span,div')) {
    if (h.children.length === 0 && matchesAny(textOf(h), TEAM_LABELS) && h.parentElement && h.parentElement !== form) return h.parentElement;
  }
  return null;
}

const labelStarts = (el: Element, syns: readonly string[]) => {
  const l = norm(labelOf(el));
  return syns.some((s) => l === s || l.startsWith(s + ' '));
};

const LISTBOX_SEL = '[aria-haspopup="listbox"],[role="combobox"]';

/**
 * The permission control of a form: a <select> (replica permission=select), a radio group with a
 * "Permission" legend (permission=radio) or a listbox button (permission=listbox), by label; else
 * the one such control outside the team group whose options read as permission levels.
 */
export function findPermissionControl(form: Element): PermissionControl | null {
  const teams = findTeamGroup(form);
  const outsideTeams = (e: Element) => !teams || !teams.contains(e);
  const selects = all(form, 'select').filter(outsideTeams) as HTMLSelectElement[];
  const groups = all(form, 'fieldset,[role="radiogroup"]').filter(outsideTeams);
  const listboxes = all(form, LISTBOX_SEL).filter(outsideTeams) as HTMLElement[];
  const radiosOf = (g: Element) => all(g, 'input[type="radio"],[role="radio"]') as HTMLElement[];

  for (const el of selects) if (labelStarts(el, PERMISSION_LABELS)) return { kind: 'select', el };
  for (const g of groups) if (labelStarts(g, PERMISSION_LABELS) && radiosOf(g).length) return { kind: 'radio', group: g, radios: radiosOf(g) };
  for (const b of listboxes) if (labelStarts(b, PERMISSION_LABELS)) return { kind: 'listbox', button: b };
  // Fallbacks: unlabelled controls whose options read as permission levels.
  const levelish = (texts: string[]) => texts.some((t) => classifyLevel(t) === 'read') && texts.some((t) => classifyLevel(t) === 'read-write');
  for (const el of selects) if (levelish([...el.options].map((o) => o.text))) return { kind: 'select', el };
  for (const g of groups) if (levelish(radiosOf(g).map(radioLabel))) return { kind: 'radio', group: g, radios: radiosOf(g) };
  const radios = (all(form, 'input[type="radio"],[role="radio"]') as HTMLElement[]).filter(outsideTeams);
  if (radios.length && levelish(radios.map(radioLabel))) return { kind: 'radio', group: form, radios };
  if (listboxes.length === 1 && listboxes[0]) return { kind: 'listbox', button: listboxes[0] };
  return null;
}

/** The text a user reads next to a radio. */
export function radioLabel(r: Element): string {
  return accessibleName(r);
}

const TOGGLE_SEL = 'input[type="checkbox"],[role="checkbox"],[role="switch"]';

/**
 * One control per team: a checkbox or switch (on/off: replica teams=checkbox|switch) or a level
 * <select> (teams=level), named by the team's name. Falls back to the form's toggles outside the
 * permission control when no "Team access" group is found.
 */
export function findTeamControls(form: Element): TeamControl[] {
  const group = findTeamGroup(form);
  const scope = group ?? form;
  const perm = group ? null : findPermissionControl(form);
  const permEl = perm ? (perm.kind === 'select' ? perm.el : perm.kind === 'radio' ? perm.group : perm.button) : null;
  const out: TeamControl[] = [];
  for (const el of all(scope, `${TOGGLE_SEL},select`)) {
    if (permEl && (permEl === el || (permEl !== form && permEl.contains(el)))) continue;
    const team = accessibleName(el);
    if (!team) continue;
    if (el instanceof HTMLSelectElement) out.push({ kind: 'level', team, el });
    else out.push({ kind: 'toggle', team, el: el as HTMLElement });
  }
  return out;
}

export function isToggleOn(el: Element): boolean {
  if (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')) return el.checked;
  return el.getAttribute('aria-checked') === 'true' || el.getAttribute('aria-pressed') === 'true';
}

/** The level a team control shows now ('read' for an "on" toggle: on/off has no level). */
export function readTeamLevel(c: TeamControl): Level | null {
  if (c.kind === 'toggle') return isToggleOn(c.el) ? 'read' : 'none';
  const o = selectedOption(c.el);
  return o ? classifyLevel(o.text) : null;
}

/** The selected option, read through selectedIndex (happy-dom caches a stale `selectedOptions`). */
export function selectedOption(el: HTMLSelectElement): HTMLOptionElement | null {
  return el.options[el.selectedIndex] ?? null;
}

/** The permission a control shows now, or null when its text is not a known level. */
export function readPermission(c: PermissionControl): Level | null {
  if (c.kind === 'select') {
    const o = selectedOption(c.el);
    return o ? classifyLevel(o.text) : null;
  }
  if (c.kind === 'radio') {
    const on = c.radios.find((r) => isToggleOn(r));
    return on ? classifyLevel(radioLabel(on)) : null;
  }
  // A listbox button shows its value as its text (its label usually comes from aria-labelledby).
  return classifyLevel(textOf(c.button)) ?? classifyLevel(c.button.getAttribute('data-value') ?? '');
}

/**
 * The listbox a permission button opened: its aria-controls target, else the last visible
 * role=listbox in the document (portals are appended to body).
 */
export function findOpenListbox(button: Element): Element | null {
  const doc = button.ownerDocument;
  const id = button.getAttribute('aria-controls') ?? button.getAttribute('aria-owns');
  const byId = id ? doc.getElementById(id) : null;
  if (byId && isVisible(byId)) return byId;
  const boxes = all(doc, '[role="listbox"]').filter((b) => isVisible(b));
  return boxes[boxes.length - 1] ?? null;
}

export function listOptions(listbox: Element): HTMLElement[] {
  return all(listbox, '[role="option"]') as HTMLElement[];
}

// ---------------------------------------------------------------- secret view

/** The visible "Copy this key now. It will not be shown again." note (or a synonym), or null. */
export function findSecretNote(root: Document | Element): Element | null {
  const doc = root.nodeType === 9 ? (root as Document) : root.ownerDocument;
  const start = root.nodeType === 9 ? (root as Document).body : (root as Element);
  if (!start || !doc) return null;
  const walker = doc.createTreeWalker(start, 4 /* NodeFilter.SHOW_TEXT */);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const v = n.nodeValue ?? '';
    if (v.length < 8) continue;
    const el = n.parentElement;
    if (!el || own(el)) continue;
    if (containsAny(textOf(el), SECRET_NOTES) && isVisible(el)) return el;
  }
  return null;
}

const TOKEN = /^[A-Za-z0-9._~+/=:-]{8,4096}$/;
/** Looks like a key, not a word: long, or with a digit or an inner capital ("Engineering" is not). */
function tokenLike(s: string): boolean {
  return TOKEN.test(s) && (s.length >= 16 || /\d/.test(s) || /[A-Z]/.test(s.slice(1)) || /[-_.]/.test(s));
}

export interface SecretView {
  note: Element;
  /** The element holding the secret (read-only input, code/pre, or text leaf). */
  el: Element;
  value: string;
}

/**
 * The secret shown after "Save key": near the visible "shown once" note, the nearest visible
 * read-only input (replica secret=input), <code>/<pre> (secret=code) or token-like text leaf
 * (secret=text). Hidden and off-screen decoys (replica hostile=1) are skipped by isVisible.
 */
export function findSecret(root: Document | Element): SecretView | null {
  const note = findSecretNote(root);
  if (!note) return null;
  let c: Element | null = note.parentElement;
  for (let depth = 0; c && depth < 6; depth++, c = c.parentElement) {
    for (const i of all(c, 'input,textarea') as (HTMLInputElement | HTMLTextAreaElement)[]) {
      const v = i.value.trim();
      if ((i.readOnly || i.disabled || matchesAny(labelOf(i), ['api key', 'key', 'secret', 'token'])) && TOKEN.test(v) && isVisible(i))
        return { note, el: i, value: v };
    }
    for (const k of all(c, 'code,pre,kbd,samp')) {
      const v = (k.textContent ?? '').trim();
      if (TOKEN.test(v) && isVisible(k)) return { note, el: k, value: v };
    }
    for (const leaf of all(c, 'span,div,p,strong,b,td,dd,output,[role="textbox"]')) {
      if (leaf.children.length > 0 || leaf === note || leaf.closest(`${BUTTON_SEL},label,${HEADING_SEL}`)) continue;
      const v = (leaf.textContent ?? '').trim();
      // Next to the note any key-shaped text counts (short keys too); further away it must look like a key, not a word.
      if ((depth === 0 ? TOKEN.test(v) : tokenLike(v)) && !matchesAny(v, SECRET_HEADINGS) && isVisible(leaf)) return { note, el: leaf, value: v };
    }
    if (c.matches(DIALOG_SEL)) break;
  }
  return null;
}
