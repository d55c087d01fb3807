/** Key name + the template list with Apply / Fill & save, and the per-field result of applying. */
import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ApplyResult, FieldReport } from '../shared/protocol';
import { t } from '../shared/i18n';
import { DEFAULT_TEMPLATE_ID, grantsMoreThanReadOnly, proposedName, sortLeastPrivilegeFirst, type Template } from '../shared/templates';
import { errorText, useExtension } from '../ui/extension';
import { permissionWords, privilegeWarnings, teamWords, uniqueName, visibleName } from '../ui/words';
import type { TabInfo } from './Unlocked';

function fieldName(field: string): string {
  if (field === 'name') return t('fieldName');
  if (field === 'permission') return t('fieldPermission');
  if (field === 'form') return t('fieldForm');
  if (field === 'save') return t('fieldSave');
  if (field.startsWith('team:')) return t('fieldTeam', field.slice(5));
  return field;
}

/** Cloudcraft's limit for a key name, as the protocol's KeyName schema (src/shared/schemas.ts). */
export const MAX_KEY_NAME_LENGTH = 200;

const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

function fieldOutcome(f: FieldReport, template: Template): string {
  if (f.status === 'set') return t('fieldStatusSet');
  if (f.status === 'already-set') {
    // A team the template does not list gets no access: "already set" would read as "has access".
    const team = f.field.startsWith('team:') ? f.field.slice(5) : null;
    if (team !== null && !template.teams.some((g) => sameName(g.team, team))) return t('fieldStatusNoAccessUnchanged');
    return t('fieldStatusAlreadySet');
  }
  return f.detail ? t('fieldStatusFailedDetail', f.detail) : t('fieldStatusFailed');
}

/** `npm run bench` (bench/popup.mjs): marked once per popup, when the unlocked view first can act. */
let interactiveMarked = false;

/** Least privilege first, and the row selected at start: the default template, else the first. */
function listed(templates: readonly Template[]): { sorted: Template[]; initialId: string } {
  const sorted = sortLeastPrivilegeFirst(templates);
  const initial = sorted.find((x) => x.id === DEFAULT_TEMPLATE_ID) ?? sorted[0];
  return { sorted, initialId: initial?.id ?? DEFAULT_TEMPLATE_ID };
}

/**
 * @param props.templates the templates when already known (answered as the popup opened); else
 *   the panel asks templates.list itself.
 */
export function TemplatesPanel(props: { tab: TabInfo; templates?: Template[]; onApplied: (saved: boolean) => void; onError: (e: unknown) => boolean }) {
  const { send, sendToTab, now } = useExtension();
  const [start] = useState(() => (props.templates ? listed(props.templates) : null));
  const [templates, setTemplates] = useState<Template[] | null>(start?.sorted ?? null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [selectedId, setSelectedId] = useState<string>(start?.initialId ?? DEFAULT_TEMPLATE_ID);
  /** What the user typed in "Key name"; null while the field shows the selected template's proposal. */
  const [typed, setTyped] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ applied: ApplyResult; template: Template } | null>(null);
  const [applyError, setApplyError] = useState<string | null>(null);
  /** The button ("<template id>:apply|save") whose next press confirms a warning (more privilege, a duplicate name). */
  const [armed, setArmed] = useState<string | null>(null);
  const nameInput = useRef<HTMLInputElement>(null);

  // The unlocked popup starts in "Key name" (keyboard flow: edit, Enter applies). Without
  // preventScroll, focus() lays the whole new view out on the spot to scroll the field into view
  // (~2 ms of the first render; the popup never scrolls there anyway).
  useLayoutEffect(() => nameInput.current?.focus({ preventScroll: true }), []);

  useLayoutEffect(() => {
    if (start) return;
    send('templates.list', {}).then(
      (r) => {
        const { sorted, initialId } = listed(r.templates);
        setTemplates(sorted);
        setSelectedId(initialId);
      },
      (e: unknown) => {
        if (!props.onError(e)) setLoadError(t('templatesLoadFailed', errorText(e)));
      },
    );
  }, []);

  // Interactive: the templates are listed and the tab's status is known (Apply is enabled or says why not).
  useLayoutEffect(() => {
    if (interactiveMarked || !templates || props.tab.kind === 'loading') return;
    interactiveMarked = true;
    performance.mark?.('cckh:popup-interactive');
  }, [templates, props.tab.kind]);

  const selected = useMemo(() => templates?.find((x) => x.id === selectedId) ?? null, [templates, selectedId]);
  const page = props.tab.kind === 'page' ? props.tab.page : null;
  const existing = page && 'existingNames' in page ? page.existingNames : [];
  const existingKey = existing.join('\n');
  /** The template's proposed name, made unique against the keys Cloudcraft lists ("-2", "-3"…). */
  const proposalFor = (tpl: Template) => uniqueName(proposedName(tpl, now()), existing);
  // Keyed on the names, not the array: page states arrive as new arrays.
  const proposal = useMemo(() => (selected ? proposalFor(selected) : ''), [selected, existingKey]);
  const keyName = typed ?? proposal;
  const trimmed = keyName.trim();
  const isDuplicate = (name: string) => name !== '' && existing.some((n) => sameName(n, name));
  const duplicate = isDuplicate(trimmed);
  // 'no-ui', 'loading' (the keys UI still mounting) and 'secret-shown' (Done not clicked yet):
  // nothing to apply to yet.
  const ready = page !== null && (page.kind === 'keys-list' || page.kind === 'create-form');

  /** The name after selecting another template: what the user typed stays; an untouched proposal follows the template. */
  const typedAfterSwitch = () => (typed !== null && typed.trim() === proposal.trim() ? null : typed);

  function select(tpl: Template) {
    if (tpl.id === selectedId) return;
    setSelectedId(tpl.id);
    setTyped(typedAfterSwitch());
    setResult(null);
    setApplyError(null);
    setArmed(null);
  }

  /**
   * Apply / Fill & save. On a row that is not selected the press first selects it; a template that
   * grants more than read-only then stops there (its warning shows, focus stays on the pressed
   * button) so that a second press confirms. A name Cloudcraft already lists also needs a second press.
   */
  async function apply(tpl: Template, save: boolean, pressed?: HTMLElement | null) {
    if (props.tab.kind !== 'page' || busy) return;
    const switching = tpl.id !== selectedId;
    const name = ((switching ? typedAfterSwitch() : typed) ?? (switching ? proposalFor(tpl) : proposal)).trim();
    select(tpl);
    setResult(null);
    setApplyError(null);
    if (!name) {
      setApplyError(t('keyNameRequired'));
      return;
    }
    if (name.length > MAX_KEY_NAME_LENGTH) {
      setApplyError(t('keyNameTooLong', MAX_KEY_NAME_LENGTH));
      return;
    }
    const key = `${tpl.id}:${save ? 'save' : 'apply'}`;
    if (((switching && grantsMoreThanReadOnly(tpl)) || isDuplicate(name)) && armed !== key) {
      setArmed(key);
      pressed?.focus();
      return;
    }
    setArmed(null);
    setBusy(true);
    try {
      setResult({ applied: await sendToTab(props.tab.tab.id, 'page.apply', { template: tpl, name, save }), template: tpl });
      props.onApplied(save);
    } catch (err) {
      setApplyError(t('applyFailed', errorText(err)));
    } finally {
      setBusy(false);
    }
  }

  const warnings = selected ? privilegeWarnings(selected) : [];
  const armedButton = armed?.endsWith(':save') ? t('fillAndSave') : t('apply');

  return (
    <section class="stack" aria-labelledby="tpl-heading">
      <h2 id="tpl-heading">{t('templatesHeading')}</h2>
      <label for="key-name">{t('keyName')}</label>
      <input
        id="key-name"
        type="text"
        ref={nameInput}
        value={keyName}
        maxLength={MAX_KEY_NAME_LENGTH}
        spellcheck={false}
        aria-describedby={duplicate ? 'key-name-dup' : undefined}
        onInput={(e) => {
          setTyped(e.currentTarget.value);
          setArmed(null);
        }}
        onKeyDown={(e) => {
          // Enter in the name applies the selected template (keyboard-only flow).
          if (e.key === 'Enter' && selected) {
            e.preventDefault();
            void apply(selected, false, e.currentTarget);
          }
        }}
      />
      {duplicate && (
        <p id="key-name-dup" class="warn">
          {t('duplicateNameConfirm', visibleName(trimmed))}
        </p>
      )}
      {warnings.map((w) => (
        <p class="warn" key={w}>
          {w}
        </p>
      ))}
      {loadError && (
        <p class="error" role="alert">
          {loadError}
        </p>
      )}
      {templates && (
        <ul class="list templates" aria-label={t('templatesHeading')}>
          {templates.map((tpl) => (
            <li key={tpl.id} class={tpl.id === selectedId ? 'selected' : ''} onClick={() => select(tpl)}>
              <label class="choice">
                <input type="radio" name="template" checked={tpl.id === selectedId} onChange={() => select(tpl)} />
                <span class="label">{visibleName(tpl.label)}</span>
              </label>
              <span class="meta">
                {permissionWords(tpl.permission)} · {teamWords(tpl.teams)}
                {tpl.source === 'managed' ? ` · ${t('managedShort')}` : ''}
              </span>
              <span class="actions">
                <button type="button" class="primary" disabled={!ready || busy} onClick={(e) => (e.stopPropagation(), void apply(tpl, false, e.currentTarget))}>
                  {t('apply')}
                </button>
                <button type="button" disabled={!ready || busy} onClick={(e) => (e.stopPropagation(), void apply(tpl, true, e.currentTarget))}>
                  {t('fillAndSave')}
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
      <div class="result" aria-live="polite">
        {armed && selected && grantsMoreThanReadOnly(selected) && <p class="warn">{t('pressAgainToConfirm', armedButton)}</p>}
        {busy && <p>{t('applying')}</p>}
        {applyError && <p class="error">{applyError}</p>}
        {result && (
          <div>
            <p class={result.applied.ok ? 'ok' : 'error'}>{result.applied.ok ? (result.applied.saved ? t('applyOkSaved') : t('applyOk')) : t('applyPartial')}</p>
            <ul class="fields">
              {result.applied.fields.map((f) => (
                <li key={f.field} class={f.status === 'failed' ? 'error' : ''}>
                  {fieldName(f.field)}: {fieldOutcome(f, result.template)}
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </section>
  );
}
