/** Options › Templates: list, editor, import/export. Built-in and managed templates are read-only. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../shared/i18n';
import { COPY_FORMATS, type CopyFormat } from '../shared/copyFormats';
import { DEFAULT_ROTATION_DAYS, MAX_ROTATION_DAYS, expandNamePattern, rotationDaysOf, type Permission, type Template } from '../shared/templates';
import { errorText, useExtension } from '../ui/extension';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { copyFormatLabel, permissionWords, privilegeWarnings, rotationWords, teamWords, visibleName } from '../shared/words';
import {
  editorExtras,
  exportTemplatesJson,
  mergeImported,
  newTemplateId,
  parseTemplatesImport,
  stripSource,
  validateTemplate,
  withEditorExtras,
  type FieldErrors,
  type StoredTemplate,
} from '../ui/templateForm';
import { CloudcraftTeams, toggleTeam } from './CloudcraftTeams';

type Draft = StoredTemplate;
type Notice = { text: string; kind: 'ok' | 'error' } | null;

/** The protocol's limit for the user's own templates (templates.saveUser: at most 100). */
export const MAX_USER_TEMPLATES = 100;

export function TemplatesSection() {
  const { send, download } = useExtension();
  const [readOnly, setReadOnly] = useState<Template[]>([]);
  const [user, setUser] = useState<StoredTemplate[] | null>(null);
  const [editing, setEditing] = useState<{ draft: Draft; isNew: boolean } | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [importProblems, setImportProblems] = useState<string[]>([]);
  /** The button that opened the editor: focus goes back to it when the editor closes. */
  const opener = useRef<HTMLElement | null>(null);

  useEffect(() => {
    if (editing || !opener.current) return;
    if (opener.current.isConnected) opener.current.focus();
    opener.current = null;
  }, [editing]);

  function openEditor(next: { draft: Draft; isNew: boolean }) {
    setNotice(null);
    opener.current = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;
    setEditing(next);
  }

  async function load() {
    try {
      const [all, mine] = await Promise.all([send('templates.list', {}), send('templates.listUser', {})]);
      setReadOnly(all.templates.filter((x) => x.source !== 'user'));
      setUser(mine.templates.map(stripSource));
    } catch (err) {
      setNotice({ text: t('templatesLoadFailed', errorText(err)), kind: 'error' });
    }
  }
  useEffect(() => void load(), []);

  const reserved = new Set(readOnly.map((x) => x.id));
  const allIds = new Set([...reserved, ...(user ?? []).map((x) => x.id)]);

  async function save(next: StoredTemplate[], okText: string): Promise<boolean> {
    // Never save before the stored list is known: that would drop the user's templates.
    if (!user) return false;
    try {
      const r = await send('templates.saveUser', { templates: next });
      setUser(r.templates.map(stripSource));
      setNotice({ text: okText, kind: 'ok' });
      return true;
    } catch (err) {
      setNotice({ text: t('templatesSaveFailed', errorText(err)), kind: 'error' });
      return false;
    }
  }

  function startNew() {
    openEditor({ draft: { id: newTemplateId(allIds), label: '', namePattern: '{purpose}-read-{date}', permission: 'read', teams: [], description: '' }, isNew: true });
  }

  function duplicate(src: StoredTemplate) {
    openEditor({ draft: { ...stripSource(src), id: newTemplateId(allIds), label: t('copyOf', src.label).slice(0, 60) }, isNew: true });
  }

  async function onEditorSave(draft: StoredTemplate) {
    const list = user ?? [];
    const next = list.some((x) => x.id === draft.id) ? list.map((x) => (x.id === draft.id ? draft : x)) : [...list, draft];
    if (await save(next, t('templateSaved', draft.label))) setEditing(null);
  }

  async function move(i: number, delta: -1 | 1) {
    const list = [...(user ?? [])];
    const j = i + delta;
    if (j < 0 || j >= list.length) return;
    [list[i], list[j]] = [list[j]!, list[i]!];
    await save(list, t('templatesReordered'));
  }

  async function remove(id: string) {
    const victim = user?.find((x) => x.id === id);
    setConfirmDelete(null);
    await save((user ?? []).filter((x) => x.id !== id), t('templateDeleted', victim?.label ?? id));
  }

  async function onImport(e: Event) {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    setImportProblems([]);
    setNotice(null);
    if (!file) return;
    let text: string;
    try {
      text = await file.text();
    } catch {
      setImportProblems([t('importUnreadable')]);
      return;
    } finally {
      input.value = '';
    }
    const parsed = parseTemplatesImport(text, reserved);
    if (!parsed.ok) {
      setImportProblems(parsed.problems);
      return;
    }
    const merged = mergeImported(user ?? [], parsed.templates);
    if (merged.length > MAX_USER_TEMPLATES) {
      setImportProblems([t('importTooMany', [MAX_USER_TEMPLATES, merged.length])]);
      return;
    }
    const n = parsed.templates.length;
    await save(merged, n === 1 ? t('importDoneOne') : t('importDone', n));
  }

  return (
    <section class="card stack" aria-labelledby="templates-heading">
      <h2 id="templates-heading">{t('templatesHeading')}</h2>
      <ul class="list" aria-label={t('templatesHeading')}>
        {readOnly.map((x, i) => (
          <li key={x.id} aria-labelledby={`tpl-ro-${i}`}>
            <RowHead tpl={x} labelId={`tpl-ro-${i}`} note={x.source === 'managed' ? t('managedNote') : t('builtinNote')} />
            <div class="actions">
              <DuplicateButton label={x.label} onClick={() => duplicate(x)} />
            </div>
          </li>
        ))}
        {(user ?? []).map((x, i) => (
          <li key={x.id} aria-labelledby={`tpl-user-${i}`}>
            <RowHead tpl={x} labelId={`tpl-user-${i}`} />
            <div class="actions">
              <button type="button" onClick={() => openEditor({ draft: x, isNew: false })}>
                {t('edit')}
              </button>
              <DuplicateButton label={x.label} onClick={() => duplicate(x)} />
              <button type="button" onClick={() => setConfirmDelete(x.id)}>
                {t('delete')}
              </button>
              <button type="button" disabled={i === 0} onClick={() => void move(i, -1)}>
                {t('moveUp')}
              </button>
              <button type="button" disabled={i === (user?.length ?? 0) - 1} onClick={() => void move(i, 1)}>
                {t('moveDown')}
              </button>
            </div>
            {confirmDelete === x.id && (
              <ConfirmDialog id={`tpl-del-${x.id}`} text={t('deleteTemplateConfirm', x.label)} confirm={t('delete')} onConfirm={() => void remove(x.id)} onCancel={() => setConfirmDelete(null)} />
            )}
          </li>
        ))}
      </ul>
      <div class="actions">
        <button type="button" class="primary" disabled={!user} onClick={startNew}>
          {t('newTemplate')}
        </button>
      </div>
      {editing && <TemplateEditor key={editing.draft.id} draft={editing.draft} isNew={editing.isNew} onSave={onEditorSave} onCancel={() => setEditing(null)} />}
      <p class={notice?.kind ?? ''} role="status">
        {notice?.text ?? ''}
      </p>

      <h3>{t('importExportHeading')}</h3>
      <label for="tpl-import">{t('importTemplates')}</label>
      <input id="tpl-import" type="file" accept="application/json,.json" disabled={!user} aria-describedby="tpl-import-help" onChange={(e) => void onImport(e)} />
      <p id="tpl-import-help" class="hint">
        {t('importHelp')}
      </p>
      {importProblems.length > 0 && (
        <div class="error" role="alert">
          <p>{t('importInvalid')}</p>
          <ul>
            {importProblems.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      <div class="actions">
        <button type="button" disabled={!user || user.length === 0} onClick={() => download('cloudcraft-key-helper-templates.json', exportTemplatesJson(user ?? []))}>
          {t('exportTemplates')}
        </button>
      </div>
    </section>
  );
}

/**
 * A template's label, then in words its permission, team access, name pattern, rotation period and
 * copy format (the defaults where it sets none); `note` below (built-in, managed). The label has id
 * `labelId`: its list item is named by it.
 */
function RowHead(props: { tpl: Pick<StoredTemplate, 'label' | 'permission' | 'teams' | 'namePattern' | 'rotationDays' | 'copyFormat'>; labelId: string; note?: string }) {
  const x = props.tpl;
  return (
    <div class="row-head">
      <span class="label" id={props.labelId}>
        {visibleName(x.label)}
      </span>
      <span class="meta">
        {permissionWords(x.permission)} · {teamWords(x.teams)} · {x.namePattern} · {rotationWords(rotationDaysOf(x))} · {t('copyFormatMeta', copyFormatLabel(x.copyFormat ?? 'key'))}
      </span>
      {props.note !== undefined && <span class="note">{props.note}</span>}
    </div>
  );
}

/** "Duplicate", named after its template for screen readers ("Duplicate Read-only"). */
function DuplicateButton(props: { label: string; onClick: () => void }) {
  return (
    <button type="button" aria-label={t('duplicateNamed', visibleName(props.label))} onClick={props.onClick}>
      {t('duplicate')}
    </button>
  );
}

function TemplateEditor(props: { draft: Draft; isNew: boolean; onSave: (d: StoredTemplate) => Promise<void>; onCancel: () => void }) {
  const { now } = useExtension();
  const [d, setD] = useState<Draft>(props.draft);
  const [extras, setExtras] = useState(() => editorExtras(props.draft));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  /** The team names Cloudcraft listed for the account (null until the user asked for them). */
  const [ccNames, setCcNames] = useState<string[] | null>(null);
  const form = useRef<HTMLFormElement>(null);

  useEffect(() => form.current?.querySelector<HTMLInputElement>('input')?.focus(), []);

  const set = <K extends keyof Draft>(k: K, val: Draft[K]) => setD((x) => ({ ...x, [k]: val }));
  const setTeam = (i: number, patch: Partial<Draft['teams'][number]>) => setD((x) => ({ ...x, teams: x.teams.map((g, j) => (j === i ? { ...g, ...patch } : g)) }));

  async function submit(e: Event) {
    e.preventDefault();
    const r = validateTemplate(withEditorExtras(d, props.draft, extras));
    if (!r.ok) {
      setErrors(r.errors);
      // Focus the first invalid field (document order).
      setTimeout(() => form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(), 0);
      return;
    }
    setErrors({});
    setBusy(true);
    await props.onSave(r.value);
    setBusy(false);
  }

  const err = (field: string) =>
    errors[field] ? (
      <p id={`err-${field.replace(/\./g, '-')}`} class="error">
        {errors[field]}
      </p>
    ) : null;
  const invalid = (field: string) => ({
    'aria-invalid': errors[field] ? true : undefined,
    'aria-describedby': errors[field] ? `err-${field.replace(/\./g, '-')}` : undefined,
  });
  /** A team row's name that Cloudcraft's list (once asked for) does not hold exactly. */
  const notInCloudcraft = (team: string) => ccNames !== null && ccNames.length > 0 && team.trim() !== '' && !ccNames.includes(team);

  let preview = '';
  try {
    preview = expandNamePattern(d.namePattern, { now: now(), purpose: d.description });
  } catch {
    preview = '';
  }

  return (
    <form
      ref={form}
      class="editor stack"
      aria-labelledby="editor-heading"
      noValidate
      onSubmit={(e) => void submit(e)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          props.onCancel();
        }
      }}
    >
      <h3 id="editor-heading">{props.isNew ? t('newTemplate') : t('editTemplate')}</h3>
      <label for="ed-label">{t('fieldLabel')}</label>
      <input id="ed-label" type="text" value={d.label} onInput={(e) => set('label', e.currentTarget.value)} {...invalid('label')} />
      {err('label')}
      <label for="ed-pattern">{t('fieldNamePattern')}</label>
      <input id="ed-pattern" type="text" spellcheck={false} value={d.namePattern} onInput={(e) => set('namePattern', e.currentTarget.value)} {...invalid('namePattern')} />
      {err('namePattern')}
      <p class="hint" aria-live="polite">
        {t('namePreview', preview)}
      </p>
      <fieldset>
        <legend>{t('fieldPermission')}</legend>
        {(['read', 'read-write'] as Permission[]).map((p) => (
          <label class="choice" key={p}>
            <input type="radio" name="ed-permission" checked={d.permission === p} onChange={() => set('permission', p)} /> {permissionWords(p)}
          </label>
        ))}
      </fieldset>
      {err('permission')}
      <fieldset>
        <legend>{t('fieldTeams')}</legend>
        {d.teams.length === 0 && <p class="hint">{t('teamsNone')}</p>}
        {d.teams.map((g, i) => (
          <div class="team-row" key={i}>
            <label for={`ed-team-${i}`}>{t('teamName', i + 1)}</label>
            <input
              id={`ed-team-${i}`}
              type="text"
              value={g.team}
              onInput={(e) => setTeam(i, { team: e.currentTarget.value })}
              aria-invalid={errors[`teams.${i}.team`] ? true : undefined}
              aria-describedby={[errors[`teams.${i}.team`] ? `err-teams-${i}-team` : '', notInCloudcraft(g.team) ? `ed-team-${i}-cc` : ''].filter(Boolean).join(' ') || undefined}
            />
            <label for={`ed-access-${i}`}>{t('teamAccess', i + 1)}</label>
            <select id={`ed-access-${i}`} value={g.access} onChange={(e) => setTeam(i, { access: e.currentTarget.value as Permission })}>
              <option value="read">{t('accessRead')}</option>
              <option value="read-write">{t('accessReadWrite')}</option>
            </select>
            <button type="button" onClick={() => setD((x) => ({ ...x, teams: x.teams.filter((_, j) => j !== i) }))}>
              {t('removeTeam', i + 1)}
            </button>
            {err(`teams.${i}.team`)}
            {notInCloudcraft(g.team) && (
              <p id={`ed-team-${i}-cc`} class="warn">
                {t('teamNotInCloudcraft')}
              </p>
            )}
          </div>
        ))}
        <button type="button" onClick={() => setD((x) => ({ ...x, teams: [...x.teams, { team: '', access: 'read' }] }))}>
          {t('addTeam')}
        </button>
        <CloudcraftTeams teams={d.teams} names={ccNames} onNames={setCcNames} onToggle={(name, on) => setD((x) => ({ ...x, teams: toggleTeam(x.teams, name, on) }))} />
      </fieldset>
      {err('teams')}
      <label for="ed-description">{t('fieldDescription')}</label>
      <textarea id="ed-description" rows={2} value={d.description} onInput={(e) => set('description', e.currentTarget.value)} {...invalid('description')} />
      {err('description')}
      <label for="ed-rotation">{t('fieldRotationDays')}</label>
      <input
        id="ed-rotation"
        class="days"
        type="number"
        inputMode="numeric"
        min={0}
        max={MAX_ROTATION_DAYS}
        step={1}
        value={extras.rotationText}
        onInput={(e) => setExtras((x) => ({ ...x, rotationText: e.currentTarget.value }))}
        aria-invalid={errors['rotationDays'] ? true : undefined}
        aria-describedby={errors['rotationDays'] ? 'err-rotationDays ed-rotation-help' : 'ed-rotation-help'}
      />
      <p id="ed-rotation-help" class="hint">
        {t('rotationDaysHelp', DEFAULT_ROTATION_DAYS)}
      </p>
      {err('rotationDays')}
      <label for="ed-copy-format">{t('fieldCopyFormat')}</label>
      <select
        id="ed-copy-format"
        value={extras.copyFormat}
        aria-describedby="ed-copy-format-help"
        onChange={(e) => setExtras((x) => ({ ...x, copyFormat: e.currentTarget.value as CopyFormat }))}
      >
        {COPY_FORMATS.map((f) => (
          <option key={f} value={f}>
            {copyFormatLabel(f)}
          </option>
        ))}
      </select>
      <p id="ed-copy-format-help" class="hint">
        {t('copyFormatHelp')}
      </p>
      {err('copyFormat')}
      {err('id')}
      {privilegeWarnings(d).map((w) => (
        <p class="warn" key={w}>
          {w}
        </p>
      ))}
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>
          {t('saveTemplate')}
        </button>
        <button type="button" onClick={props.onCancel}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
