/**
 * Stored keys, first in the popup (they are used daily): rotations in progress, the list (due keys
 * first; search and sort once there are more than 5), the comparison with Cloudcraft's list while
 * the tab shows it, and Undo for a few seconds after a delete.
 */
import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import type { CopyFormat } from '../../shared/copyFormats';
import { t } from '../../shared/i18n';
import type { BrokenRecord, KeyMeta, Settings, StoredRecordCopy } from '../../shared/protocol';
import { daysUntilDue } from '../../shared/rotation';
import type { Template } from '../../shared/templates';
import { errorText, useExtension } from '../../ui/extension';
import { visibleName } from '../../shared/words';
import { fillSentence } from '../fillReport';
import { canApply, type TabInfo } from '../tabInfo';
import { BrokenRow } from './BrokenRow';
import { KeyRow } from './KeyRow';
import { Reconcile } from './Reconcile';
import { PendingRotation, RotationDone, RotationRunBox, type RotationRun } from './RotationBox';
import { pendingRotations, rotationName, rotationTemplate } from './rotation';

/** How long Undo is offered after a delete. */
export const UNDO_MS = 10_000;
/** More stored keys than this: a search box and a sort. */
export const SEARCH_FROM = 5;

type Sort = 'due' | 'newest' | 'name';

export function KeysPanel(props: {
  settings: Settings;
  templates: readonly Template[];
  tab: TabInfo;
  onError: (e: unknown) => boolean;
  /** Bumped when keys may have changed elsewhere (a capture): the list is read again. */
  version?: number;
  /** Asks the tab again (a rotation waits for its capture this way). */
  refreshTab: () => void;
  /** The stored keys' names, whenever the list changes (the templates' duplicate-name warning). */
  onNames?: (names: string[]) => void;
}) {
  const { send, sendToTab, now } = useExtension();
  const [keys, setKeys] = useState<KeyMeta[] | null>(null);
  const [broken, setBroken] = useState<BrokenRecord[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<Sort>('due');
  const [undo, setUndo] = useState<{ name: string; record: StoredRecordCopy } | null>(null);
  const [undoError, setUndoError] = useState<string | null>(null);
  const [run, setRun] = useState<RotationRun | null>(null);
  const [dismissed, setDismissed] = useState<Set<string>>(new Set());
  const [reload, setReload] = useState(0);
  const [done, setDone] = useState<{ oldName: string; lines: string[] } | null>(null);

  useLayoutEffect(() => {
    send('keys.list', {}).then(
      (r) => {
        setKeys(r.keys);
        setBroken(r.broken);
      },
      (e: unknown) => {
        if (!props.onError(e)) setError(t('keysLoadFailed', errorText(e)));
      },
    );
  }, [props.version, reload]);

  // Once the list is read (before, the parent already holds no names: nothing to re-render for).
  useEffect(() => {
    if (keys) props.onNames?.(keys.filter((k) => k.revokedAt === null).map((k) => k.name));
  }, [keys]);

  useEffect(() => {
    if (!undo) return;
    const timer = setTimeout(() => setUndo(null), UNDO_MS);
    return () => clearTimeout(timer);
  }, [undo]);

  const replace = (k: KeyMeta) => setKeys((ks) => ks?.map((x) => (x.id === k.id ? k : x)) ?? null);
  const nowMs = now().getTime();
  const templateOf = (k: KeyMeta) => (k.templateId ? props.templates.find((x) => x.id === k.templateId) : undefined);
  const copyFormatOf = (k: KeyMeta): CopyFormat => templateOf(k)?.copyFormat ?? 'key';
  const dueOf = (k: KeyMeta) => daysUntilDue(k, props.templates, nowMs);

  // A rotation this popup runs: follow its capture in the tab; once its new key is stored, the
  // half-done rotation (derived from the vault) takes over.
  const capture = props.tab.kind === 'page' ? props.tab.page.capture : undefined;
  useEffect(() => {
    if (run?.step !== 'waiting' || !capture || capture.at < run.since || capture.name !== run.name.trim()) return;
    if (capture.status === 'captured') {
      setRun(null);
      setReload((n) => n + 1);
    } else if (capture.status === 'missed' || capture.status === 'failed') {
      setRun({ step: 'failed', old: run.old, name: run.name, lines: [t(capture.status === 'missed' ? 'rotationMissed' : 'rotationNotStored', capture.reason), t('rotationOldKept')] });
    }
  }, [capture, run]);
  useEffect(() => {
    if (run?.step !== 'waiting') return;
    const timer = setInterval(props.refreshTab, 500);
    return () => clearInterval(timer);
  }, [run?.step]);

  const takenNames = () => [...(props.tab.kind === 'page' && 'existingNames' in props.tab.page ? props.tab.page.existingNames : []), ...(keys ?? []).map((k) => k.name)];

  function rotate(old: KeyMeta) {
    const name = rotationName(old, templateOf(old) ?? null, now(), takenNames());
    if (!canApply(props.tab)) setRun({ step: 'ask', old, name });
    else void create(old, name);
  }

  async function create(old: KeyMeta, name: string) {
    const tab = props.tab;
    if (!canApply(tab)) return;
    const template = rotationTemplate(old, props.templates, t('sameAccessTemplate'));
    setRun({ step: 'creating', old, name });
    const since = Date.now();
    try {
      const r = await sendToTab(tab.tab.id, 'page.apply', { template, name, save: true, rotatedFrom: old.id });
      if (r.saved) setRun({ step: 'waiting', old, name, since });
      else setRun({ step: 'failed', old, name, lines: [...r.fields.map((f) => fillSentence(f, template, name)), t('rotationNotCreated')] });
    } catch (err) {
      setRun({ step: 'failed', old, name, lines: [t('applyFailed', errorText(err)), t('rotationNotCreated')] });
    }
    props.refreshTab();
  }

  async function markRevoked(k: KeyMeta) {
    try {
      replace((await send('keys.setRevoked', { id: k.id, revoked: true })).key);
    } catch (err) {
      if (!props.onError(err)) setError(t('revokeFailed', errorText(err)));
    }
  }

  function deleted(k: KeyMeta, record: StoredRecordCopy | null) {
    setKeys((ks) => ks?.filter((x) => x.id !== k.id) ?? null);
    setUndoError(null);
    setUndo(record ? { name: k.name, record } : null);
  }

  async function deleteNow(k: KeyMeta) {
    try {
      deleted(k, (await send('keys.delete', { id: k.id })).removed);
    } catch (err) {
      if (!props.onError(err)) setError(t('deleteFailed', errorText(err)));
    }
  }

  async function doUndo() {
    if (!undo) return;
    try {
      const { key } = await send('keys.restore', { record: undo.record });
      setUndo(null);
      setKeys((ks) => (ks ? [...ks.filter((x) => x.id !== key.id), key] : ks));
    } catch (err) {
      if (!props.onError(err)) setUndoError(t('undoFailed', errorText(err)));
    }
  }

  // Computed each render: it depends on the time (due dates), and the list is a handful of keys.
  const shown = (() => {
    if (!keys) return [];
    const q = query.trim().toLowerCase();
    const hit = (k: KeyMeta) => !q || k.name.toLowerCase().includes(q) || k.note.toLowerCase().includes(q) || k.teams.some((g) => g.team.toLowerCase().includes(q));
    const rank = (k: KeyMeta) => dueOf(k) ?? Number.MAX_SAFE_INTEGER;
    const byOrder = (a: KeyMeta, b: KeyMeta) =>
      sort === 'name' ? a.name.localeCompare(b.name) : sort === 'due' ? rank(a) - rank(b) || b.createdAt - a.createdAt : b.createdAt - a.createdAt;
    // Revoked keys last, whatever the order.
    return keys.filter(hit).sort((a, b) => Number(a.revokedAt !== null) - Number(b.revokedAt !== null) || byOrder(a, b));
  })();

  const pending = keys ? pendingRotations(keys).filter((p) => !dismissed.has(p.next.id) && p.old.id !== (run?.old.id ?? '')) : [];
  /** Keys whose replacement is made and waiting: not rotated again meanwhile. */
  const pendingOld = new Set(keys ? pendingRotations(keys).map((p) => p.old.id) : []);
  const listed = props.tab.kind === 'page' && props.tab.page.kind === 'keys-list' ? props.tab.page.listed : null;
  const many = (keys?.length ?? 0) > SEARCH_FROM;

  return (
    <section class="stack" aria-labelledby="keys-heading">
      <h2 id="keys-heading">{t('keysHeading')}</h2>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {run && (
        <RotationRunBox
          run={run}
          tab={props.tab}
          onCreate={() => void create(run.old, run.step === 'failed' ? rotationName(run.old, templateOf(run.old) ?? null, now(), takenNames()) : run.name)}
          onCancel={() => setRun(null)}
        />
      )}
      {pending.map(({ next, old }) => (
        <PendingRotation
          key={next.id}
          next={next}
          old={old}
          settings={props.settings}
          copyFormat={copyFormatOf(next)}
          tab={props.tab}
          onChanged={replace}
          onError={props.onError}
          onDismiss={() => setDismissed((s) => new Set([...s, next.id]))}
          onFinished={(lines) => {
            setDone({ oldName: old.name, lines });
            props.refreshTab(); // Cloudcraft's list changed: the comparison reads it again
          }}
        />
      ))}
      {done && <RotationDone oldName={done.oldName} lines={done.lines} onClose={() => setDone(null)} />}
      {undo && (
        <div class="undo" role="status">
          <span>{t('deletedFromVault', visibleName(undo.name))}</span>
          <button type="button" onClick={() => void doUndo()}>
            {t('undo')}
          </button>
        </div>
      )}
      {undoError && (
        <p class="error" role="alert">
          {undoError}
        </p>
      )}
      {keys && keys.length === 0 && broken.length === 0 && <p class="hint">{t('keysEmpty')}</p>}
      {many && (
        <div class="find">
          <span class="find-q">
            <label for="key-search">{t('searchKeys')}</label>
            <input id="key-search" type="search" value={query} placeholder={t('searchKeysPlaceholder')} onInput={(e) => setQuery(e.currentTarget.value)} />
          </span>
          <span>
            <label for="key-sort">{t('sortKeys')}</label>
            <select id="key-sort" value={sort} onChange={(e) => setSort(e.currentTarget.value as Sort)}>
              <option value="due">{t('sortDue')}</option>
              <option value="newest">{t('sortNewest')}</option>
              <option value="name">{t('sortName')}</option>
            </select>
          </span>
        </div>
      )}
      {many && query.trim() !== '' && shown.length === 0 && <p class="hint">{t('searchNoMatch', query.trim())}</p>}
      {keys && (shown.length > 0 || broken.length > 0) && (
        <ul class="list keys" aria-label={t('keysHeading')}>
          {shown.map((k) => (
            <KeyRow
              key={k.id}
              k={k}
              settings={props.settings}
              copyFormat={copyFormatOf(k)}
              dueDays={dueOf(k)}
              rotating={(run !== null && run.step !== 'failed') || pendingOld.has(k.id)}
              onChanged={replace}
              onDeleted={deleted}
              onRotate={rotate}
              onError={props.onError}
            />
          ))}
          {broken.map((b) => (
            <BrokenRow key={b.id} b={b} onDeleted={(id) => setBroken((bs) => bs.filter((x) => x.id !== id))} onError={props.onError} />
          ))}
        </ul>
      )}
      {keys && listed && <Reconcile listed={listed} keys={keys} onMarkRevoked={(k) => void markRevoked(k)} onDelete={(k) => void deleteNow(k)} />}
    </section>
  );
}
