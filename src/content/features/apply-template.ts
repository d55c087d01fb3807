/**
 * Applies a template to Cloudcraft's "Create API key" form (from the popup or the in-page menu):
 * opens the form if needed, fills name, permission and team access like a user so React registers
 * it, reads every field back and reports it. Clicks Save only for "Fill & save" and only when every
 * field verified. Re-checks, right before each write, that the form is still the one it found.
 */
import { t } from '../../shared/i18n';
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
  isKeysUiLoading,
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
import { classifyLevel, norm, type Level } from '../page/synonyms';
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
  /** How long a keys UI still loading (no list, no form yet) may take to show either; default 5 s. */
  loadingTimeoutMs?: number;
  /** Called right before our own Save click (the capture arms itself with it). */
  onBeforeSave?(snapshot: SaveSnapshot): void;
}

/** What the page offered, for reports: "Engineering", "Security" (or "nothing"). */
const seenList = (xs: string[]) => (xs.length ? xs.map((x) => `"${x}"`).join(', ') : t('reportSeenNothing'));
/** A level in the words of the reports ("Read & write"). */
const levelWords = (l: Level) => t(l === 'none' ? 'reportLevelNone' : l === 'read' ? 'reportLevelRead' : 'reportLevelReadWrite');
const isDisabled = (el: Element) =>
  (el as HTMLInputElement).disabled === true || el.getAttribute('aria-disabled') === 'true' || (el as HTMLInputElement).readOnly === true;

class FormGone extends Error {}

/** Fills (and optionally saves) the create form in `doc`. Never throws for page problems: they are reports. */
export async function applyToPage(doc: Document, req: ApplyRequest, opts: ApplyOptions = {}): Promise<ApplyResult> {
  const timeout = opts.timeoutMs ?? 10_000;
  const loadingTimeout = opts.loadingTimeoutMs ?? 5000;
  const fields: FieldReport[] = [];
  const report = (field: string, status: FieldReport['status'], detail = '') => fields.push({ field, status, detail });
  const done = (saved: boolean): ApplyResult => ({ ok: fields.every((f) => f.status !== 'failed') && (!req.save || saved), fields, saved });

  // 0. Cloudcraft shows a new key's secret (until "Done"): touch nothing, that view must stay.
  if (findSecretNote(doc)) {
    report('form', 'failed', t('reportSecretShown'));
    return done(false);
  }
  // 1. The form, opened with "Create API key" when only the list shows.
  let form = findCreateForm(doc);
  if (!form) {
    const keysNow = findKeysUi(doc);
    let create = findCreateButton(keysNow ?? doc);
    if (!create && keysNow) {
      // The keys UI may still be mounting ("Loading…" under its heading: replica lazy=…) when the
      // popup asks: give the list's button, or the form, a few seconds to appear.
      const mounted = await waitFor(() => findCreateForm(doc) ?? findCreateButton(findKeysUi(doc) ?? doc), {
        timeout: loadingTimeout,
        signal: opts.signal,
        root: doc,
      });
      if (mounted && 'root' in mounted) form = mounted;
      else create = mounted;
    }
    if (!form) {
      const keys = findKeysUi(doc);
      if (!create) {
        report('form', 'failed', !keys ? t('reportNotOpen') : isKeysUiLoading(keys) ? t('reportStillLoading', loadingTimeout / 1000) : t('reportNoCreateButton'));
        return done(false);
      }
      realClick(create);
      form = await waitFor(() => findCreateForm(doc), { timeout, signal: opts.signal, root: doc });
      if (!form) {
        report('form', 'failed', t('reportNoForm', [textOf(create), timeout / 1000]));
        return done(false);
      }
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
      report('save', 'failed', t('reportSaveFieldsFailed'));
      return done(false);
    }
    guard();
    const save = findSaveButton(f.root);
    if (!save) {
      report('save', 'failed', t('reportSaveNoButton'));
      return done(false);
    }
    if (isDisabled(save)) {
      report('save', 'failed', t('reportSaveDisabled', textOf(save)));
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
      report('save', 'failed', t('reportSaveNoKey', [textOf(save), timeout / 1000]));
      return done(false);
    }
    report('save', 'set', t('reportSaved'));
    return done(true);
  } catch (err) {
    if (!(err instanceof FormGone)) throw err;
    report('form', 'failed', t('reportFormChanged'));
    return done(false);
  }
}

type Report = (field: string, status: FieldReport['status'], detail?: string) => void;

async function fillName(f: CreateForm, name: string, guard: () => void, report: Report): Promise<void> {
  const el = (f.name.isConnected ? f.name : findNameInput(f.root)) ?? f.name;
  if (el.value === name) return report('name', 'already-set', '');
  if (isDisabled(el)) return report('name', 'failed', t('reportNameDisabled', el.value));
  guard();
  setNativeValue(el, name);
  await settle();
  const now = (el.isConnected ? el : findNameInput(f.root))?.value ?? '';
  if (now === name) report('name', 'set', '');
  else report('name', 'failed', t('reportNameRejected', [name, now]));
}

function optionTexts(c: PermissionControl): string[] {
  if (c.kind === 'select') return [...c.el.options].map((o) => o.text.trim());
  if (c.kind === 'radio') return c.radios.map(radioLabel);
  return [];
}

async function fillPermission(f: CreateForm, want: Permission, guard: () => void, report: Report): Promise<Permission | null> {
  const c = findPermissionControl(f.root);
  const wantWords = levelWords(want);
  if (!c) {
    report('permission', 'failed', t('reportPermNoControl'));
    return null;
  }
  if (readPermission(c) === want) {
    report('permission', 'already-set', '');
    return want;
  }
  const noOption = (seen: string[]) => report('permission', 'failed', t('reportPermNoOption', [wantWords, seenList(seen)]));
  if (c.kind === 'select') {
    const opt = [...c.el.options].find((o) => !o.disabled && classifyLevel(o.text) === want);
    if (!opt) return noOption(optionTexts(c)), null;
    if (isDisabled(c.el)) return report('permission', 'failed', t('reportPermListDisabled')), null;
    guard();
    setNativeValue(c.el, opt.value);
  } else if (c.kind === 'radio') {
    const r = c.radios.find((x) => classifyLevel(radioLabel(x)) === want);
    if (!r) return noOption(optionTexts(c)), null;
    if (isDisabled(r)) return report('permission', 'failed', t('reportPermOptionDisabled', radioLabel(r))), null;
    guard();
    realClick(r);
  } else {
    if (isDisabled(c.button)) return report('permission', 'failed', t('reportPermButtonDisabled')), null;
    guard();
    // Pointer events: custom listboxes may open on pointerdown only and ignore click().
    const alreadyOpen = c.button.getAttribute('aria-expanded') === 'true' && findOpenListbox(c.button);
    if (!alreadyOpen) pointerSequence(c.button); // a second pointer sequence would close an open list
    const box = await waitFor(() => findOpenListbox(c.button), { timeout: 2000 });
    if (!box) return report('permission', 'failed', t('reportPermNotOpened', textOf(c.button))), null;
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
  report('permission', 'failed', t('reportPermRejected', [wantWords, now ? levelWords(now) : shownText(c)]));
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
      report(`team:${g.team}`, 'failed', t('reportTeamMissing', [g.team, seenList(seen)]));
  }
  for (const c0 of controls) {
    const field = `team:${c0.team}`;
    const want: Level = wanted.get(norm(c0.team))?.access ?? 'none'; // teams not in the template: no access (least privilege)
    const refind = (): TeamControl => findTeamControls(f.root).find((x) => x.team === c0.team) ?? c0;
    let c = c0;
    if (c.kind === 'toggle') {
      const wantOn = want !== 'none';
      const levelNote = want === 'read-write' ? t('reportTeamOnOff') : '';
      if (isToggleOn(c.el) === wantOn) report(field, 'already-set', levelNote);
      else if (isDisabled(c.el)) report(field, 'failed', t('reportTeamDisabled', c.team));
      else {
        guard();
        realClick(c.el);
        await settle();
        c = refind();
        if (c.kind === 'toggle' && isToggleOn(c.el) === wantOn) report(field, 'set', levelNote);
        else report(field, 'failed', t(wantOn ? 'reportTeamStillOff' : 'reportTeamStillOn', c.team));
      }
    } else {
      if (readTeamLevel(c) === want) report(field, 'already-set', '');
      else {
        const opt = [...c.el.options].find((o) => !o.disabled && classifyLevel(o.text) === want);
        if (!opt) report(field, 'failed', t('reportTeamNoOption', [c.team, levelWords(want), seenList([...c.el.options].map((o) => o.text.trim()))]));
        else if (isDisabled(c.el)) report(field, 'failed', t('reportTeamListDisabled', c.team));
        else {
          guard();
          setNativeValue(c.el, opt.value);
          await settle();
          c = refind();
          const now = readTeamLevel(c);
          if (now === want) report(field, 'set', '');
          else report(field, 'failed', t('reportTeamRejected', [c.team, levelWords(want), now ? levelWords(now) : '?']));
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
      if (busy) return { ok: false, saved: false, fields: [{ field: 'form', status: 'failed', detail: t('reportBusy') }] };
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
          ? { text: t('noticeApplyFailed', [template.label, failed.map((x) => x.detail).join('; ')]), tone: 'error' }
          : { text: t('noticeApplied', template.label), tone: 'ok' },
      );
    });
    return { apply };
  },
});
