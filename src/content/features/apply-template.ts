/**
 * Applies a template to Cloudcraft's "Create API key" form (from the popup or the in-page menu):
 * opens the form if needed, fills name, permission and team access like a user so the page's
 * framework registers it (controls are driven by the ARIA pattern they implement: ../controls),
 * reads every field back from the control and reports it. Clicks Save only for "Fill & save" and
 * only when every field verified. Re-checks, right before each event it sends, that the form is
 * still the one it found (a library's popup making the rest of the page aria-hidden or inert is not
 * the form going away).
 */
import { t } from '../../shared/i18n';
import type { ApplyResult, FieldReport } from '../../shared/protocol';
import type { Permission } from '../../shared/templates';
import type { ApplyTemplate, RunContext, SaveSnapshot } from '../context';
import { ControlError, isChoice, type ChoiceControl, type ControlOption, type DriveIo } from '../controls';
import { textOf } from '../dom/aria';
import { click, settle } from '../dom/events';
import { setNativeValue } from '../dom/fill';
import { waitFor, waitForQuiet } from '../dom/wait';
import {
  controlLabel,
  findCreateButton,
  findCreateForm,
  findKeysUi,
  findNameInput,
  findPermissionControl,
  findSaveButton,
  findTeamControls,
  isCreateForm,
  isKeysUiLoading,
  readChoiceLevel,
  readTeamLevel,
  type CreateForm,
  type TeamControl,
} from '../page/finders';
import { readFormValues } from '../page/formValues';
import { classifyLevel, norm, type Level } from '../page/synonyms';
import { defineFeature } from './feature';

export interface ApplyRequest {
  template: ApplyTemplate;
  name: string;
  save: boolean;
  /** The stored key the new one replaces (a rotation), recorded with the capture. */
  rotatedFrom?: string | null;
}

export interface ApplyOptions {
  signal?: AbortSignal;
  /** How long to wait for the form to mount and for Save to take effect; default 10 s. */
  timeoutMs?: number;
  /** How long a keys UI still loading (no list, no form yet) may take to show either; default 5 s. */
  loadingTimeoutMs?: number;
  /** Called right before our own Save click (the capture arms itself with it). */
  onBeforeSave?(snapshot: SaveSnapshot): void;
  /** Cloudcraft shows a new key's secret now (the capture saw it): touch nothing. */
  secretShown?(): boolean;
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

  // 0. Cloudcraft shows a new key's secret (until the user leaves that view): touch nothing.
  if (opts.secretShown?.()) {
    report('form', 'failed', t('reportSecretShown'));
    return done(false);
  }
  // 1. The form, opened with "Create API key" when only the list shows.
  let form = findCreateForm(doc);
  if (!form) {
    const keysNow = findKeysUi(doc);
    let create = findCreateButton(keysNow ?? doc);
    if (!create && keysNow) {
      // The keys UI may still be mounting ("Loading…" under its heading) when the popup asks:
      // give the list's button, or the form, a few seconds to appear.
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
      click(create);
      form = await waitFor(() => findCreateForm(doc), { timeout, signal: opts.signal, root: doc });
      if (!form) {
        report('form', 'failed', t('reportNoForm', [textOf(create), timeout / 1000]));
        return done(false);
      }
    }
  }
  const f: CreateForm = form;
  /**
   * Right before each event: the form we found is still there and still the create form. Not
   * "still the first create form on the page" through visibility rules: while a library's list is
   * open, the rest of the page may be aria-hidden or inert, and the form is still the form.
   */
  const guard = () => {
    if (opts.signal?.aborted || !f.root.isConnected || !f.name.isConnected || !isCreateForm(f.root)) throw new FormGone();
  };
  const io: DriveIo = { signal: opts.signal, beforeWrite: guard };

  try {
    await fillName(f, req.name, guard, report);
    await fillPermission(f, req.template.permission, io, report);
    await fillTeams(f, req.template.teams, io, report);

    if (!req.save) return done(false);
    if (fields.some((x) => x.status === 'failed')) {
      report('save', 'failed', t('reportSaveFieldsFailed'));
      return done(false);
    }
    // Let the page finish re-rendering from the last field first: a Save handler that reads state
    // from its render's closure would otherwise save the form as it was before that field.
    await waitForQuiet(f.root.ownerDocument.body ?? f.root, { signal: opts.signal });
    guard();
    const save = findSaveButton(f.root, (f.name as HTMLInputElement).form);
    if (!save) {
      report('save', 'failed', t('reportSaveNoButton'));
      return done(false);
    }
    // A framework may enable Save a render after the last field changed.
    if (isDisabled(save)) await waitFor(() => !isDisabled(save), { timeout: 1000, signal: opts.signal, root: doc });
    if (isDisabled(save)) {
      report('save', 'failed', t('reportSaveDisabled', textOf(save)));
      return done(false);
    }
    // What the form holds as it is saved, read back from the controls: that is what Cloudcraft
    // saves, whatever the template asked.
    opts.onBeforeSave?.({
      ...readFormValues(f),
      templateId: req.template.id,
      templateLabel: req.template.label,
      rotatedFrom: req.rotatedFrom ?? null,
      form: f.root,
    });
    click(save);
    // Saved once the form is gone (replaced by "Generating…" or the new key); an error Cloudcraft
    // shows keeps the form, which the report says.
    const gone = await waitFor(() => !f.root.isConnected || !f.name.isConnected || !isCreateForm(f.root), { timeout, signal: opts.signal, root: doc });
    if (!gone) {
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

/** How choosing a level on a choice control went. */
type Chosen = { ok: true; level: Level } | { ok: false; detail: string };

/**
 * Sets a choice control to the option that reads as `want`, and reads the level back from the
 * control. `words` turns the failure cases into report texts (permission or a team).
 */
async function chooseLevel(
  c: ChoiceControl,
  want: Level,
  io: DriveIo,
  words: {
    noOption(seen: string[]): string;
    disabled(option?: string): string;
    notOpened(): string;
    notChosen(option: string): string;
    rejected(seen: string): string;
  },
): Promise<Chosen> {
  if (c.disabled()) return { ok: false, detail: words.disabled() };
  let options: ControlOption[];
  try {
    options = await c.options(io);
  } catch (err) {
    if (err instanceof ControlError) return { ok: false, detail: words.notOpened() };
    throw err;
  }
  const match = options.find((o) => !o.disabled && classifyLevel(o.text) === want);
  if (!match) {
    await c.close(io);
    const disabled = options.find((o) => o.disabled && classifyLevel(o.text) === want);
    return { ok: false, detail: disabled ? words.disabled(disabled.text) : words.noOption(options.map((o) => o.text)) };
  }
  try {
    await c.choose(match, io);
  } catch (err) {
    if (!(err instanceof ControlError)) throw err;
    await c.close(io).catch(() => undefined);
    return { ok: false, detail: words.notChosen(match.text) };
  }
  await settle();
  const now = readChoiceLevel(c);
  if (now === want) return { ok: true, level: want };
  return { ok: false, detail: words.rejected(now ? levelWords(now) : (c.value() ?? '')) };
}

async function fillPermission(f: CreateForm, want: Permission, io: DriveIo, report: Report): Promise<void> {
  io.beforeWrite?.();
  const c = findPermissionControl(f.root);
  if (!c) return report('permission', 'failed', t('reportPermNoControl'));
  if (readChoiceLevel(c) === want) return report('permission', 'already-set', '');
  const wantWords = levelWords(want);
  const label = controlLabel(c) || c.value() || '';
  const r = await chooseLevel(c, want, io, {
    noOption: (seen) => t('reportPermNoOption', [wantWords, seenList(seen)]),
    disabled: (option) => (option ? t('reportPermOptionDisabled', option) : t('reportPermListDisabled')),
    notOpened: () => t('reportPermNotOpened', label),
    notChosen: (option) => t('reportPermNotChosen', option),
    rejected: (seen) => t('reportPermRejected', [wantWords, seen]),
  });
  report('permission', r.ok ? 'set' : 'failed', r.ok ? '' : r.detail);
}

async function fillTeams(
  f: CreateForm,
  grants: readonly { team: string; access: Permission }[],
  io: DriveIo,
  report: Report,
): Promise<void> {
  io.beforeWrite?.();
  const controls = findTeamControls(f.root);
  const seen = controls.map((c) => c.team);
  const wanted = new Map(grants.map((g) => [norm(g.team), g]));
  for (const g of grants) {
    if (!controls.some((c) => norm(c.team) === norm(g.team))) report(`team:${g.team}`, 'failed', t('reportTeamMissing', [g.team, seenList(seen)]));
  }
  for (const c0 of controls) {
    const field = `team:${c0.team}`;
    const want: Level = wanted.get(norm(c0.team))?.access ?? 'none'; // teams not in the template: no access (least privilege)
    const refind = (): TeamControl => findTeamControls(f.root).find((x) => x.team === c0.team) ?? c0;
    const tc = c0;
    const c = tc.control;
    if (!isChoice(c)) {
      // On/off only: "on" is as close as the page comes to a level; a template asking read & write
      // is told so (the key is recorded as "on", what Cloudcraft saved).
      const wantOn = want !== 'none';
      const limited = want === 'read-write';
      if (c.checked() === wantOn) report(field, limited ? 'limited' : 'already-set', limited ? t('reportTeamOnOff', tc.team) : '');
      else if (c.disabled()) report(field, 'failed', t('reportTeamDisabled', tc.team));
      else {
        await c.toggle(io);
        const now = readTeamLevel(refind());
        if ((now !== null && now !== 'none') === wantOn) report(field, limited ? 'limited' : 'set', limited ? t('reportTeamOnOff', tc.team) : '');
        else report(field, 'failed', t(wantOn ? 'reportTeamStillOff' : 'reportTeamStillOn', tc.team));
      }
    } else if (readChoiceLevel(c) === want) report(field, 'already-set', '');
    else {
      const r = await chooseLevel(c, want, io, {
        noOption: (s) => t('reportTeamNoOption', [tc.team, levelWords(want), seenList(s)]),
        disabled: () => t('reportTeamListDisabled', tc.team),
        notOpened: () => t('reportTeamNotOpened', tc.team),
        notChosen: (option) => t('reportTeamNotChosen', [tc.team, option]),
        rejected: (s) => t('reportTeamRejected', [tc.team, levelWords(want), s || '?']),
      });
      report(field, r.ok ? 'set' : 'failed', r.ok ? '' : r.detail);
    }
  }
}

export interface ApplyTemplateApi {
  apply(req: ApplyRequest): Promise<ApplyResult>;
}

/** One apply at a time; the in-page menu's requests land here too. */
export const applyTemplate = defineFeature<ApplyTemplateApi>({
  id: 'apply-template',
  init(ctx: RunContext) {
    let busy = false;
    let secretEl: Element | null = null;
    ctx.on('secret-view', ({ el }) => (secretEl = el));
    const apply = async (req: ApplyRequest): Promise<ApplyResult> => {
      if (busy) return { ok: false, saved: false, fields: [{ field: 'form', status: 'failed', detail: t('reportBusy') }] };
      busy = true;
      try {
        const result = await applyToPage(ctx.doc, req, {
          signal: ctx.signal,
          onBeforeSave: (s) => ctx.emit('save-intent', s),
          secretShown: () => secretEl !== null && secretEl.isConnected && !findCreateForm(ctx.doc),
        });
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
