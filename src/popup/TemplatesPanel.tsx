/** Key name + the template list with Apply / Fill & save, and the per-field result of applying. */
import { useLayoutEffect, useMemo, useState } from 'preact/hooks';
import type { ApplyResult, FieldReport } from '../shared/messages';
import { t } from '../shared/i18n';
import { DEFAULT_TEMPLATE_ID, proposedName, sortLeastPrivilegeFirst, type Template } from '../shared/templates';
import { errorText, useExtension } from '../ui/extension';
import { permissionWords, privilegeWarnings, teamWords } from '../ui/words';
import type { TabInfo } from './Unlocked';

function fieldName(field: string): string {
  if (field === 'name') return t('fieldName');
  if (field === 'permission') return t('fieldPermission');
  if (field === 'form') return t('fieldForm');
  if (field === 'save') return t('fieldSave');
  if (field.startsWith('team:')) return t('fieldTeam', field.slice(5));
  return field;
}

function fieldOutcome(f: FieldReport): string {
  if (f.status === 'set') return t('fieldStatusSet');
  if (f.status === 'already-set') return t('fieldStatusAlreadySet');
  return f.detail ? t('fieldStatusFailedDetail', f.detail) : t('fieldStatusFailed');
}

/** `npm run bench` (bench/popup.mjs): marked once per popup, when the unlocked view first can act. */
let interactiveMarked = false;

export function TemplatesPanel(props: { tab: TabInfo; onApplied: (saved: boolean) => void; onError: (e: unknown) => boolean }) {
  const { send, sendToTab, now } = useExtension();
  const [templates, setTemplates] = useState<Template[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [selectedId, setSelectedId] = useState<string>(DEFAULT_TEMPLATE_ID);
  const [keyName, setKeyName] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ApplyResult | null>(null);
  const [applyError, setApplyError] = useState<string | null>(null);

  useLayoutEffect(() => {
    send('templates.list', {}).then(
      (r) => {
        const sorted = sortLeastPrivilegeFirst(r.templates);
        setTemplates(sorted);
        const initial = sorted.find((x) => x.id === DEFAULT_TEMPLATE_ID) ?? sorted[0];
        if (initial) {
          setSelectedId(initial.id);
          setKeyName(proposedName(initial, now()));
        }
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
  const trimmed = keyName.trim();
  const duplicate = trimmed !== '' && existing.some((n) => n.trim().toLowerCase() === trimmed.toLowerCase());
  // 'no-ui' and 'loading' (the keys UI still mounting): nothing to apply to yet.
  const ready = page !== null && 'existingNames' in page;

  function select(tpl: Template) {
    if (tpl.id === selectedId) return;
    setSelectedId(tpl.id);
    setKeyName(proposedName(tpl, now()));
    setResult(null);
    setApplyError(null);
  }

  async function apply(tpl: Template, save: boolean) {
    if (props.tab.kind !== 'page' || busy) return;
    // Apply on another row selects it and uses that template's proposed name.
    const name = tpl.id === selectedId ? keyName.trim() : proposedName(tpl, now());
    select(tpl);
    setResult(null);
    setApplyError(null);
    if (!name) {
      setApplyError(t('keyNameRequired'));
      return;
    }
    setBusy(true);
    try {
      setResult(await sendToTab(props.tab.tab.id, 'page.apply', { template: tpl, name, save }));
      props.onApplied(save);
    } catch (err) {
      setApplyError(t('applyFailed', errorText(err)));
    } finally {
      setBusy(false);
    }
  }

  const warnings = selected ? privilegeWarnings(selected) : [];

  return (
    <section class="stack" aria-labelledby="tpl-heading">
      <h2 id="tpl-heading">{t('templatesHeading')}</h2>
      <label for="key-name">{t('keyName')}</label>
      <input
        id="key-name"
        type="text"
        value={keyName}
        spellcheck={false}
        aria-describedby={duplicate ? 'key-name-dup' : undefined}
        onInput={(e) => setKeyName(e.currentTarget.value)}
        onKeyDown={(e) => {
          // Enter in the name applies the selected template (keyboard-only flow).
          if (e.key === 'Enter' && selected) {
            e.preventDefault();
            void apply(selected, false);
          }
        }}
      />
      {duplicate && (
        <p id="key-name-dup" class="warn">
          {t('duplicateName', trimmed)}
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
                <span class="label">{tpl.label}</span>
              </label>
              <span class="meta">
                {permissionWords(tpl.permission)} · {teamWords(tpl.teams)}
                {tpl.source === 'managed' ? ` · ${t('managedShort')}` : ''}
              </span>
              <span class="actions">
                <button type="button" class="primary" disabled={!ready || busy} onClick={(e) => (e.stopPropagation(), void apply(tpl, false))}>
                  {t('apply')}
                </button>
                <button type="button" disabled={!ready || busy} onClick={(e) => (e.stopPropagation(), void apply(tpl, true))}>
                  {t('fillAndSave')}
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
      <div class="result" aria-live="polite">
        {busy && <p>{t('applying')}</p>}
        {applyError && <p class="error">{applyError}</p>}
        {result && (
          <div>
            <p class={result.ok ? 'ok' : 'error'}>{result.ok ? (result.saved ? t('applyOkSaved') : t('applyOk')) : t('applyPartial')}</p>
            <ul class="fields">
              {result.fields.map((f) => (
                <li key={f.field} class={f.status === 'failed' ? 'error' : ''}>
                  {fieldName(f.field)}: {fieldOutcome(f)}
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </section>
  );
}
