/**
 * Finders and pure predicates for Cloudcraft's API keys UI, by role, accessible name and visible
 * text, never class names or URLs (Cloudcraft's markup is not public: docs/content-script.md, "What
 * we know of Cloudcraft's UI"). Every text lives in ./synonyms.ts; how a control is operated lives in
 * ../controls (drivers by ARIA pattern), so this file only says which control is which.
 */
import { controlsIn, isChoice, type ChoiceControl, type Control } from '../controls';
import { accessibleName, labelOf, textOf } from '../dom/aria';
import { isVisible } from '../dom/visible';
import { readKeyRows, TABLE_SEL } from './keyRows';
import {
  API_KEYS_HEADINGS,
  CREATE_BUTTONS,
  CREATE_FORM_HEADINGS,
  LOADING_TEXTS,
  NAME_LABELS,
  PERMISSION_LABELS,
  SAVE_BUTTONS,
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
/** What a user can press as a button. */
export const BUTTON_SEL = 'button,[role="button"],input[type="submit"],input[type="button"],a[href]';
const TEXT_INPUT_SEL = 'input:not([type]),input[type="text"],input[type="search"],textarea';
/** Dialogs: ARIA (Material UI, Radix, Headless UI…), the native <dialog> element, aria-modal. */
export const DIALOG_SEL = '[role="dialog"],[role="alertdialog"],dialog,[aria-modal="true"]';

export const isOwn = (el: Element) => el.closest(`[${OWN_ATTR}]`) !== null;
const all = (root: ParentNode, sel: string) => [...root.querySelectorAll(sel)].filter((e) => !isOwn(e));

function buttonName(el: Element): string {
  if (el instanceof HTMLInputElement) return el.value || labelOf(el);
  return accessibleName(el) || textOf(el);
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
 * "API keys" heading (a dialog's title counts); a visible "Create API key" button next to a table of
 * keys also counts (a panel without a heading).
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
 * Pure predicate: the keys UI `keys` (from findKeysUi) is still mounting or busy, so there is
 * nothing to click yet: a visible busy marker (`aria-busy`, a progressbar) or loading text, or
 * neither a table of keys nor anything to create one with. Never while a "Create API key" button
 * shows. A list without "Create API key" (a member, not an Owner or Administrator) is a list.
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
  return readKeyRows(root).map((r) => r.name);
}

// ---------------------------------------------------------------- create form

export interface CreateForm {
  root: Element;
  name: HTMLInputElement | HTMLTextAreaElement;
  save: HTMLElement | null;
}

/** A team's control: on/off (checkbox, switch) or a level (any choice control), named by the team. */
export interface TeamControl {
  team: string;
  control: Control;
}

/**
 * The Save button of a form root, visible, enabled or not, best first: the form's own submit
 * button (`button.form`, so a dialog footer's `<button type=submit form=…>` counts), then a button
 * worded like Save ("Save key", "Generate"…), then one worded like create ("Create key") inside the
 * form's container. Null when none.
 */
export function findSaveButton(root: ParentNode, formEl: HTMLFormElement | null = null): HTMLElement | null {
  let best: { el: HTMLElement; rank: number } | null = null;
  for (const b of all(root, BUTTON_SEL)) {
    if (!isVisible(b)) continue;
    const name = buttonName(b);
    const submit = formEl !== null && (b as HTMLButtonElement).form === formEl && (b as HTMLButtonElement).type === 'submit';
    const rank = matchesAny(name, SAVE_BUTTONS) ? (submit ? 4 : 3) : matchesAny(name, CREATE_BUTTONS) ? (submit ? 4 : 1) : submit && !/cancel|close|back/i.test(name) ? 2 : 0;
    if (rank > (best?.rank ?? 0)) best = { el: b as HTMLElement, rank };
  }
  return best?.el ?? null;
}

type TextField = HTMLInputElement | HTMLTextAreaElement;

/**
 * Visible text inputs labelled with a name synonym, best synonym first ("Name" before
 * "Description": a form with both fills the name).
 */
function nameCandidates(root: ParentNode): TextField[] {
  const ranked: { el: TextField; rank: number; i: number }[] = [];
  all(root, TEXT_INPUT_SEL).forEach((el, i) => {
    if (el.getAttribute('role') === 'combobox') return;
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
    const formEl = (name as HTMLInputElement).form;
    let c: Element | null = formEl ?? name.parentElement;
    while (c && !findSaveButton(c, formEl)) c = c.parentElement === name.ownerDocument.documentElement ? null : c.parentElement;
    if (!c) continue;
    const dialog = c.closest(DIALOG_SEL) ?? c;
    if (!findPermissionControl(c) && headingsMatching(dialog, CREATE_FORM_HEADINGS).length === 0) continue;
    return { root: c, name, save: findSaveButton(c, formEl) };
  }
  return null;
}

/** Pure predicate: `root` contains the create form. */
export function isCreateForm(root: Document | Element): boolean {
  return findCreateForm(root) !== null;
}

/**
 * Where a Save of `form` shows its result: the form's dialog, else its nearest section or main
 * region, else its parent. The capture looks only there (and at what replaces it).
 */
export function captureScope(form: Element): Element {
  return form.closest(DIALOG_SEL) ?? form.closest('section,article,[role="region"],main,[role="main"]') ?? form.parentElement ?? form;
}

/** The "Team access" group of a form (fieldset/group labelled with a synonym, or a heading's container). */
export function findTeamGroup(form: Element): Element | null {
  for (const g of all(form, 'fieldset,[role="group"],[role="region"]')) {
    if (matchesAny(labelOf(g), TEAM_LABELS)) return g;
  }
  for (const h of all(form, 'h2,h3,h4,h5,h6,[role="heading"],label,legend,p,span,div')) {
    if (h.children.length === 0 && matchesAny(textOf(h), TEAM_LABELS) && h.parentElement && h.parentElement !== form) return h.parentElement;
  }
  return null;
}

/**
 * A control's label without its value: libraries label a select by its label *and* its value
 * (`aria-labelledby`: Headless UI "Permissions Read", React Aria "Read access Role").
 */
export function controlLabel(c: Control): string {
  const name = labelOf(c.el);
  if (!isChoice(c)) return name;
  const v = c.value();
  if (!v || name.length <= v.length) return name;
  if (name.endsWith(v)) return name.slice(0, -v.length).trim();
  if (name.startsWith(v)) return name.slice(v.length).trim();
  return name;
}

const labelStarts = (label: string, syns: readonly string[]) => {
  const l = norm(label);
  return syns.some((s) => l === s || l.startsWith(s + ' '));
};

/** Levels a set of option texts reads as (both read and read-write must be there to be a permission control). */
const levelish = (texts: string[]) => texts.some((t) => classifyLevel(t) === 'read') && texts.some((t) => classifyLevel(t) === 'read-write');

/**
 * The permission control of a form: the choice control (any kind the drivers know) labelled with a
 * permission synonym; else an inline one (select, radios, segmented) whose options read as
 * permission levels; else a popup one showing a level; else the one popup control there is.
 * Team controls and the name field are never it.
 */
export function findPermissionControl(form: Element): ChoiceControl | null {
  const teams = findTeamGroup(form);
  const choices = controlsIn(form, isOwn).filter(isChoice).filter((c) => !teams || !teams.contains(c.el));
  const labelled = choices.find((c) => labelStarts(controlLabel(c), PERMISSION_LABELS));
  if (labelled) return labelled;
  const inline = choices.find((c) => levelish((c.peek() ?? []).map((o) => o.text)));
  if (inline) return inline;
  const popups = choices.filter((c) => c.peek() === null);
  return popups.find((c) => classifyLevel(c.value() ?? '') !== null) ?? (popups.length === 1 ? (popups[0] ?? null) : null);
}

/**
 * One control per team, named by the team: on/off (checkbox, switch) or a level (a select, listbox,
 * combobox… per team). Falls back to the form's controls outside the permission control when no
 * "Team access" group is found.
 */
export function findTeamControls(form: Element): TeamControl[] {
  const group = findTeamGroup(form);
  const perm = findPermissionControl(form);
  const out: TeamControl[] = [];
  for (const c of controlsIn(group ?? form, isOwn)) {
    if (perm && (perm.el === c.el || perm.el.contains(c.el) || c.el.contains(perm.el))) continue;
    const team = controlLabel(c);
    if (team) out.push({ team, control: c });
  }
  return out;
}

/** The level a choice control shows (its text, else its hidden native value), or null when unknown. */
export function readChoiceLevel(c: ChoiceControl): Level | null {
  return classifyLevel(c.value() ?? '') ?? classifyLevel(c.hiddenValue() ?? '');
}

/** The level a team control shows now ('read' for an "on" toggle: on/off has no level). */
export function readTeamLevel(t: TeamControl): Level | null {
  const c = t.control;
  if (isChoice(c)) return readChoiceLevel(c);
  const on = c.checked();
  return on === null ? null : on ? 'read' : 'none';
}

// ---------------------------------------------------------------- secret view

/**
 * A visible "shown once"-like sentence (SECRET_NOTES) in `root`, or null. Only a tie-breaker and a
 * hint for the page state: the secret itself is recognised by what changed on Save (capture-secret).
 */
export function findSecretNote(root: Document | Element): Element | null {
  const doc = root.nodeType === 9 ? (root as Document) : root.ownerDocument;
  const start = root.nodeType === 9 ? (root as Document).body : (root as Element);
  if (!start || !doc) return null;
  const walker = doc.createTreeWalker(start, 4 /* NodeFilter.SHOW_TEXT */);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const v = n.nodeValue ?? '';
    if (v.length < 8) continue;
    const el = n.parentElement;
    if (!el || isOwn(el)) continue;
    if (containsAny(textOf(el), SECRET_NOTES) && isVisible(el)) return el;
  }
  return null;
}
