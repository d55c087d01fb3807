/**
 * Applies a template to Cloudcraft's "Create API key" form (from the popup or the in-page menu):
 * opens the form if needed, fills name, permission and team access like a user so React registers
 * it, reads every field back and reports it. Clicks Save only for "Fill & save" and only when every
 * field verified. Re-checks, right before each write, that the form is still the one it found.
 */
import type { ApplyResult, FieldReport } from '../../shared/messages';
import type { Permission } from '../../shared/templates';
import type { ApplyTemplate, RunContext, SaveSnapshot } from '../context';
import { textOf } from '../dom/aria';
import { pointerSequence, realClick, setNativeValue, settle } from '../dom/fill';
import { waitFor } from '../dom/wait';
import {
  findCreateButton,
  findCreateForm,
  findKeysUi,
  findNameInput,
  findOpenListbox,
  findPermissionControl,
  findSaveButton,
  findSecretNote,
  findTeamControls,
  isToggleOn,
  listOptions,
  radioLabel,
  readPermission,
  readTeamLevel,
  type CreateForm,
  type PermissionControl,
  selectedOption,
  type TeamControl,
} from '../page/finders';
import { LEVEL_WORDS, classifyLevel, norm, type Level } from '../page/synonyms';
import { defineFeature } from './feature';

export interface ApplyRequest {
  template: ApplyTemplate;
  name: string;
  save: boolean;
}

export interface ApplyOptions {
  signal?: AbortSignal;
  /** How long to wait for the form to mount and for the saved key to show; default 10 s. */
  timeoutMs?: number;
  /** Called right before our own Save click (the capture arms itself with it). */
  onBeforeSave?(snapshot: SaveSnapshot): void;
}

const q = (s: string) => `"${s}"`;
const seenList = (xs: string[]) => (xs.length ? xs.map(q).join(', ') : 'nothing');
const isDisabled = (el: Element) =>
  (el as HTMLInputElement).disabled === true || el.getAttribute('aria-disabled') === 'true' || (el as HTMLInputElement).readOnly === true;

class FormGone extends Error {}

/** Fills (and optionally saves) the create form in `doc`. Never throws for page problems: they are reports. */
export async function applyToPage(doc: Document, req: ApplyRequest, opts: ApplyOptions = {}): Promise<ApplyResult> {
  const timeout = opts.timeoutMs ?? 10_000;
  const fields: FieldReport[] = [];
  const report = (field: string, status: FieldReport['status'], detail = '') => fields.push({ field, status, detail });
  const done = (saved: boolean): ApplyResult => ({ ok: fields.every((f) => f.status !== 'failed') && (!req.save || saved), fields, saved });

  // 1. The form, opened with "Create API key" when only the list shows.
  let form = findCreateForm(doc);
  if (!form) {
    const keys = findKeysUi(doc);
    const create = findCreateButton(keys ?? doc);
    if (!create) {
      report('form', 'failed', keys ? 'The API keys list shows no "Create API key" button' : 'The API keys UI is not open: open User > API keys first');
      return done(false);
    }
    realClick(create);
    form = await waitFor(() => findCreateForm(doc), { timeout, signal: opts.signal });
    if (!form) {
      report('form', 'failed', `Clicked ${q(textOf(create))} but no create form (with a "Name" field and "Save key") appeared within ${timeout / 1000} s`);
      return done(false);
    }
  }
  const f: CreateForm = form;
  /** Right before each write: the form we found is still the page's create form. */
  const guard = () => {
    if (opts.signal?.aborted || !f.root.isConnected || findCreateForm(doc)?.root !== f.root) throw new FormGone();
  };

  try {
    await fillName(f, req.name, guard, report);
    const permission = await fillPermission(f, req.template.permission, guard, report);
    const teams = await fillTeams(f, req.template.teams, guard, report);

    if (!req.save) return done(false);
    if (fields.some((x) => x.status === 'failed')) {
      report('save', 'failed', 'Not saved: fix the fields above first (nothing was submitted)');
      return done(false);
    }
    guard();
    const save = findSaveButton(f.root);
    if (!save) {
      report('save', 'failed', 'No "Save key" button found in the form');
      return done(false);
    }
    if (isDisabled(save)) {
      report('save', 'failed', `${q(textOf(save))} is disabled: the page did not accept the form`);
      return done(false);
    }
    opts.onBeforeSave?.({
      name: req.name,
      permission: permission ?? req.template.permission,
      teams,
      templateId: req.template.id,
      templateLabel: req.template.label,
      form: f.root,
    });
    realClick(save);
    const shown = await waitFor(() => findSecretNote(doc) ?? (f.root.isConnected ? null : f.root), { timeout, signal: opts.signal });
    if (!shown) {
      report('save', 'failed', `Clicked ${q(textOf(save))} but Cloudcraft showed no new key within ${timeout / 1000} s (check the page for an error)`);
      return done(false);
    }
    report('save', 'set', 'Saved: Cloudcraft shows the new key');
    return done(true);
  } catch (err) {
    if (!(err instanceof FormGone)) throw err;
    report('form', 'failed', 'The create form closed or changed while it was being filled; nothing was saved');
    return done(false);
  }
}

type Report = (field: string, status: FieldReport['status'], detail?: string) => void;

async function fillName(f: CreateForm, name: string, guard: () => void, report: Report): Promise<void> {
  const el = (f.name.isConnected ? f.name : findNameInput(f.root)) ?? f.name;
  if (el.value === name) return report('name', 'already-set', '');
  if (isDisabled(el)) return report('name', 'failed', `Name: the field is disabled or read-only (it shows ${q(el.value)})`);
  guard();
  setNativeValue(el, name);
  await settle();
  const now = (el.isConnected ? el : findNameInput(f.root))?.value ?? '';
  if (now === name) report('name', 'set', '');
  else report('name', 'failed', `Name: wrote ${q(name)} but the field shows ${q(now)} (the page did not accept the input)`);
}

function optionTexts(c: PermissionControl): string[] {
  if (c.kind === 'select') return [...c.el.options].map((o) => o.text.trim());
  if (c.kind === 'radio') return c.radios.map(radioLabel);
  return [];
}

async function fillPermission(f: CreateForm, want: Permission, guard: () => void, report: Report): Promise<Permission | null> {
  const c = findPermissionControl(f.root);
  const wantWords = LEVEL_WORDS[want];
  if (!c) {
    report('permission', 'failed', 'Permission: no permission control found (looked for a select, radio group or list labelled "Permission", "Access", "Role"…)');
    return null;
  }
  if (readPermission(c) === want) {
    report('permission', 'already-set', '');
    return want;
  }
  const noOption = (seen: string[]) => report('permission', 'failed', `Permission: no option matching ${q(wantWords)} (saw: ${seenList(seen)})`);
  if (c.kind === 'select') {
    const opt = [...c.el.options].find((o) => !o.disabled && classifyLevel(o.text) === want);
    if (!opt) return noOption(optionTexts(c)), null;
    if (isDisabled(c.el)) return report('permission', 'failed', 'Permission: the list is disabled'), null;
    guard();
    setNativeValue(c.el, opt.value);
  } else if (c.kind === 'radio') {
    const r = c.radios.find((x) => classifyLevel(radioLabel(x)) === want);
    if (!r) return noOption(optionTexts(c)), null;
    if (isDisabled(r)) return report('permission', 'failed', `Permission: ${q(radioLabel(r))} is disabled`), null;
    guard();
    realClick(r);
  } else {
    if (isDisabled(c.button)) return report('permission', 'failed', 'Permission: the list button is disabled'), null;
    guard();
    // Pointer events: custom listboxes may open on pointerdown only and ignore click().
    const alreadyOpen = c.button.getAttribute('aria-expanded') === 'true' && findOpenListbox(c.button);
    if (!alreadyOpen) pointerSequence(c.button); // a second pointer sequence would close an open list
    const box = await waitFor(() => findOpenListbox(c.button), { timeout: 2000 });
    if (!box) return report('permission', 'failed', `Permission: the list ${q(textOf(c.button))} did not open`), null;
    const opts = listOptions(box);
    const o = opts.find((x) => x.getAttribute('aria-disabled') !== 'true' && classifyLevel(textOf(x)) === want);
    if (!o) {
      c.button.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
      return noOption(opts.map((x) => textOf(x))), null;
    }
    guard();
    pointerSequence(o);
  }
  await settle();
  const now = readPermission(findPermissionControl(f.root) ?? c);
  if (now === want) {
    report('permission', 'set', '');
    return want;
  }
  report('permission', 'failed', `Permission: chose ${q(wantWords)} but the control shows ${q(now ? LEVEL_WORDS[now] : shownText(c))}`);
  return null;
}

function shownText(c: PermissionControl): string {
  if (c.kind === 'select') return selectedOption(c.el)?.text ?? '';
  if (c.kind === 'radio') return c.radios.filter(isToggleOn).map(radioLabel).join(', ');
  return textOf(c.button);
}

async function fillTeams(
  f: CreateForm,
  grants: readonly { team: string; access: Permission }[],
  guard: () => void,
  report: Report,
): Promise<{ team: string; access: Permission }[]> {
  const controls = findTeamControls(f.root);
  const seen = controls.map((c) => c.team);
  const wanted = new Map(grants.map((g) => [norm(g.team), g]));
  const granted: { team: string; access: Permission }[] = [];
  for (const g of grants) {
    if (!controls.some((c) => norm(c.team) === norm(g.team)))
      report(`team:${g.team}`, 'failed', `Team ${q(g.team)} is not on this page (saw: ${seenList(seen)})`);
  }
  for (const c0 of controls) {
    const field = `team:${c0.team}`;
    const want: Level = wanted.get(norm(c0.team))?.access ?? 'none'; // teams not in the template: no access (least privilege)
    const refind = (): TeamControl => findTeamControls(f.root).find((x) => x.team === c0.team) ?? c0;
    let c = c0;
    if (c.kind === 'toggle') {
      const wantOn = want !== 'none';
      const levelNote = want === 'read-write' ? 'On/off only here: access granted at the level Cloudcraft gives (no read/read-write choice)' : '';
      if (isToggleOn(c.el) === wantOn) report(field, 'already-set', levelNote);
      else if (isDisabled(c.el)) report(field, 'failed', `Team ${q(c.team)}: the control is disabled`);
      else {
        guard();
        realClick(c.el);
        await settle();
        c = refind();
        if (c.kind === 'toggle' && isToggleOn(c.el) === wantOn) report(field, 'set', levelNote);
        else report(field, 'failed', `Team ${q(c.team)}: clicked but it is still ${wantOn ? 'off' : 'on'}`);
      }
    } else {
      if (readTeamLevel(c) === want) report(field, 'already-set', '');
      else {
        const opt = [...c.el.options].find((o) => !o.disabled && classifyLevel(o.text) === want);
        if (!opt) report(field, 'failed', `Team ${q(c.team)}: no option matching ${q(LEVEL_WORDS[want])} (saw: ${seenList([...c.el.options].map((o) => o.text.trim()))})`);
        else if (isDisabled(c.el)) report(field, 'failed', `Team ${q(c.team)}: the list is disabled`);
        else {
          guard();
          setNativeValue(c.el, opt.value);
          await settle();
          c = refind();
          const now = readTeamLevel(c);
          if (now === want) report(field, 'set', '');
          else report(field, 'failed', `Team ${q(c.team)}: chose ${q(LEVEL_WORDS[want])} but it shows ${q(now ? LEVEL_WORDS[now] : '?')}`);
        }
      }
    }
    const level = readTeamLevel(c);
    if (level === 'read' || level === 'read-write') granted.push({ team: c.team, access: want === 'read-write' && c.kind === 'toggle' ? 'read-write' : level });
  }
  return granted;
}

export interface ApplyTemplateApi {
  apply(req: ApplyRequest): Promise<ApplyResult>;
}

/** One apply at a time; the in-page menu's requests land here too. */
export const applyTemplate = defineFeature<ApplyTemplateApi>({
  id: 'apply-template',
  init(ctx: RunContext) {
    let busy = false;
    const apply = async (req: ApplyRequest): Promise<ApplyResult> => {
      if (busy) return { ok: false, saved: false, fields: [{ field: 'form', status: 'failed', detail: 'Another template is being applied; try again in a moment' }] };
      busy = true;
      try {
        const result = await applyToPage(ctx.doc, req, { signal: ctx.signal, onBeforeSave: (s) => ctx.emit('save-intent', s) });
        const form = findCreateForm(ctx.doc);
        if (form && !result.saved) ctx.emit('applied', { form: form.root, templateId: req.template.id, templateLabel: req.template.label, name: req.name });
        return result;
      } finally {
        busy = false;
      }
    };
    ctx.on('apply-request', async ({ template, name }) => {
      const r = await apply({ template, name, save: false }).catch(() => null);
      if (!r) return; // the run was torn down meanwhile
      const failed = r.fields.filter((x) => x.status === 'failed');
      ctx.emit(
        'notice',
        failed.length
          ? { text: `Template "${template.label}" could not be applied: ${failed.map((x) => x.detail).join('; ')}`, tone: 'error' }
          : { text: `Template "${template.label}" applied. Review the form, then click Save.`, tone: 'ok' },
      );
    });
    return { apply };
  },
});
