/**
 * Templates, below the stored keys and compact: one "Key name" field, and each template a list item
 * with its label, its permission and teams in words, "Apply", and a menu with "Fill & save". The
 * result of applying reads as sentences (fillReport.ts).
 */
import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ApplyResult } from '../shared/protocol';
import { t } from '../shared/i18n';
import { MAX_META_TEXT as MAX_KEY_NAME_LENGTH } from '../shared/recordMeta';
import { DEFAULT_TEMPLATE_ID, grantsMoreThanReadOnly, proposedName, sortLeastPrivilegeFirst, type Template } from '../shared/templates';
import { errorText, useExtension } from '../ui/extension';
import { permissionWords, privilegeWarnings, sameName, teamWords, uniqueName, visibleName } from '../shared/words';
import { fillSentence } from './fillReport';
import { MenuButton } from './MenuButton';
import { canApply, type TabInfo } from './tabInfo';


/** `npm run bench` (bench/popup.mjs): marked once per popup, when the unlocked view first can act. */
let interactiveMarked = false;

/** Least privilege first, and the row selected at start: the default template, else the first. */
function listed(templates: readonly Template[]): { sorted: Template[]; initialId: string } {
  const sorted = sortLeastPrivilegeFirst(templates);
  const initial = sorted.find((x) => x.id === DEFAULT_TEMPLATE_ID) ?? sorted[0];
  return { sorted, initialId: initial?.id ?? DEFAULT_TEMPLATE_ID };
}

/**
 * @param props.templates the templates (null while Unlocked still asks templates.list for them).
 * @param props.vaultNames names of the stored keys: a new key's name should not repeat one either.
 */
export function TemplatesPanel(props: { tab: TabInfo; templates: readonly Template[] | null; vaultNames: readonly string[]; onApplied: (saved: boolean) => void }) {
  const { sendToTab, now } = useExtension();
  const start = useMemo(() => (props.templates ? listed(props.templates) : null), [props.templates]);
  const templates = start?.sorted ?? null;
  const [chosenId, setSelectedId] = useState<string | null>(null);
  const selectedId = chosenId ?? start?.initialId ?? DEFAULT_TEMPLATE_ID;
  /** What the user typed in "Key name"; null while the field shows the selected template's proposal. */
  const [typed, setTyped] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ applied: ApplyResult; template: Template; name: string } | null>(null);
  const [applyError, setApplyError] = useState<string | null>(null);
  /** The button ("<template id>:apply|save") whose next press confirms a warning (more privilege, a duplicate name). */
  const [armed, setArmed] = useState<string | null>(null);
  const nameInput = useRef<HTMLInputElement>(null);

  // The unlocked popup starts in "Key name" (keyboard flow: edit, Enter applies). Without
  // preventScroll, focus() lays the whole new view out on the spot to scroll the field into view
  // (~2 ms of the first render; the popup never scrolls there anyway).
  useLayoutEffect(() => nameInput.current?.focus({ preventScroll: true }), []);

  // Interactive: the templates are listed and the tab's status is known (Apply is enabled or says why not).
  useLayoutEffect(() => {
    if (interactiveMarked || !templates || props.tab.kind === 'loading') return;
    interactiveMarked = true;
    performance.mark?.('cckh:popup-interactive');
  }, [templates, props.tab.kind]);

  const selected = useMemo(() => templates?.find((x) => x.id === selectedId) ?? null, [templates, selectedId]);
  const page = props.tab.kind === 'page' ? props.tab.page : null;
  // Cloudcraft's names (as its list showed them last: the create form may cover it) and the vault's.
  const existing = [...(page && 'existingNames' in page ? page.existingNames : []), ...props.vaultNames];
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
  const ready = canApply(props.tab);

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
      const applied = await sendToTab(props.tab.tab.id, 'page.apply', { template: tpl, name, save });
      setResult({ applied, template: tpl, name });
      // Saved: that name is taken now; the field goes back to a proposal (unique again).
      if (applied.saved) setTyped(null);
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
      {templates && (
        <ul class="list templates" aria-label={t('templatesHeading')}>
          {templates.map((tpl, i) => (
            <li key={tpl.id} class={`tpl ${tpl.id === selectedId ? 'selected' : ''}`} aria-labelledby={`tpl-label-${i}`} onClick={() => select(tpl)}>
              <span class="tpl-text">
                <label class="choice">
                  <input type="radio" name="template" checked={tpl.id === selectedId} onChange={() => select(tpl)} />
                  <span class="label" id={`tpl-label-${i}`}>
                    {visibleName(tpl.label)}
                  </span>
                </label>
                <span class="meta">
                  {permissionWords(tpl.permission)} · {teamWords(tpl.teams)}
                  {tpl.source === 'managed' ? ` · ${t('managedShort')}` : ''}
                </span>
              </span>
              <span class="actions" onClick={(e) => e.stopPropagation()}>
                <button type="button" class="primary" disabled={!ready || busy} onClick={(e) => void apply(tpl, false, e.currentTarget)}>
                  {t('apply')}
                </button>
                <MenuButton
                  label={t('moreForTemplate', visibleName(tpl.label))}
                  disabled={!ready || busy}
                  items={[{ label: t('fillAndSave'), onSelect: () => void apply(tpl, true, document.activeElement as HTMLElement | null) }]}
                >
                  ⋯
                </MenuButton>
              </span>
            </li>
          ))}
        </ul>
      )}
      {/* Not atomic (a status is by default): a screen reader reads what was added, not all again. */}
      <div class="result" role="status" aria-label={t('applyResult')} aria-atomic="false">
        {armed && selected && grantsMoreThanReadOnly(selected) && <p class="warn">{t('pressAgainToConfirm', armedButton)}</p>}
        {busy && <p>{t('applying')}</p>}
        {applyError && <p class="error">{applyError}</p>}
        {result && (
          <div>
            <p class={result.applied.ok ? 'ok' : 'error'}>{result.applied.ok ? (result.applied.saved ? t('applyOkSaved') : t('applyOk')) : t('applyPartial')}</p>
            <ul class="fields">
              {result.applied.fields.map((f) => (
                <li key={f.field} class={f.status === 'failed' ? 'error' : f.status === 'limited' ? 'warn-text' : ''}>
                  {fillSentence(f, result.template, result.name)}
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </section>
  );
}
