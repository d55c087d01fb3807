/**
 * A rotation in the popup, step by step. Running: "Creating <new name> in Cloudcraft…", the fill
 * report when Cloudcraft's form differs, "Waiting for Cloudcraft to show the new key…", or why the
 * new key was not captured. Half done (derived from the vault: rotation.ts): "New key ready: copy it
 * to where the old one is used" with Copy; once copied, "Delete old key in Cloudcraft", confirmed
 * in the popup by a button "Delete" naming the key; then Cloudcraft's own UI deletes the old key's
 * row (page.deleteKey: matched by name and created date, nothing deleted on any doubt) and the old
 * record is marked revoked. Every step says what it saw when the page differs.
 */
import { useState } from 'preact/hooks';
import type { CopyFormat } from '../../shared/copyFormats';
import { t } from '../../shared/i18n';
import type { DeleteResult, KeyMeta, Settings } from '../../shared/protocol';
import { createdDates } from '../../shared/reconcile';
import { errorText, useExtension } from '../../ui/extension';
import { verificationWords, visibleName } from '../../shared/words';
import { CopyAsMenu } from './CopyAsMenu';
import { canApply, type TabInfo } from '../tabInfo';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { useCopy } from './useCopy';

/** A rotation this popup started, until its new key is stored (then it is half done: PendingRotation). */
export type RotationRun =
  /** Cloudcraft's keys UI is not open yet: the user opens it, then presses "Create new key". */
  | { step: 'ask'; old: KeyMeta; name: string }
  | { step: 'creating'; old: KeyMeta; name: string }
  /** Saved; waiting for the capture (the popup polls the tab). `since`: when Save was pressed (ms). */
  | { step: 'waiting'; old: KeyMeta; name: string; since: number }
  /** Nothing created, or the new key not captured: the sentences say why. */
  | { step: 'failed'; old: KeyMeta; name: string; lines: string[] };

export function RotationRunBox(props: { run: RotationRun; tab: TabInfo; onCreate: () => void; onCancel: () => void }) {
  const { run } = props;
  const old = visibleName(run.old.name);
  const ready = canApply(props.tab);
  return (
    <section class="rotation" aria-label={t('rotatingNamed', old)}>
      <h3>{t('rotatingNamed', old)}</h3>
      {run.step === 'ask' && (
        <>
          <p>{t('rotationOpenKeys', visibleName(run.name))}</p>
          <div class="actions">
            <button type="button" class="primary" disabled={!ready} onClick={props.onCreate}>
              {t('createNewKey')}
            </button>
            <button type="button" onClick={props.onCancel}>
              {t('cancel')}
            </button>
          </div>
        </>
      )}
      {run.step === 'creating' && <p role="status">{t('rotationCreating', visibleName(run.name))}</p>}
      {run.step === 'waiting' && <p role="status">{t('rotationWaiting', visibleName(run.name))}</p>}
      {run.step === 'failed' && (
        <>
          <ul class="fields" role="alert">
            {run.lines.map((l) => (
              <li key={l}>{l}</li>
            ))}
          </ul>
          <div class="actions">
            <button type="button" disabled={!ready} onClick={props.onCreate}>
              {t('tryAgain')}
            </button>
            <button type="button" onClick={props.onCancel}>
              {t('close')}
            </button>
          </div>
        </>
      )}
    </section>
  );
}

/** The created date Cloudcraft's list shows for a key (its local date), for the confirmation. */
const createdDay = (k: KeyMeta) => createdDates(k.createdAt)[0] ?? '';

export function PendingRotation(props: {
  next: KeyMeta;
  old: KeyMeta;
  settings: Settings;
  copyFormat: CopyFormat;
  tab: TabInfo;
  onChanged: (k: KeyMeta) => void;
  onError: (e: unknown) => boolean;
  /** Hides this rotation's box for the rest of this popup (the old key stays live). */
  onDismiss: () => void;
  /** The old key is deleted in Cloudcraft and marked revoked: this box goes (the rotation is done); `lines` say what was done. */
  onFinished: (lines: string[]) => void;
}) {
  const { send, sendToTab } = useExtension();
  const { next, old } = props;
  const { copy, status: copyStatus } = useCopy(next, props.settings, { onCopied: props.onChanged, onError: props.onError });
  const [confirming, setConfirming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  /** Why nothing was deleted; `gone`: Cloudcraft's list no longer has a key of that name (deleted by hand). */
  const [result, setResult] = useState<{ lines: string[]; gone?: boolean } | null>(null);
  const oldName = visibleName(old.name);
  const page = props.tab.kind === 'page' ? props.tab.page : null;
  const listShown = page?.kind === 'keys-list';
  const copied = next.lastCopiedAt !== null;

  /** The old key is already gone from Cloudcraft (deleted there by hand): only the vault's mark is left to set. */
  async function markOnly(lines: string[]) {
    try {
      const revoked = (await send('keys.setRevoked', { id: old.id, revoked: true })).key;
      props.onFinished([...lines, t('rotationMarkedRevoked', oldName)]);
      props.onChanged(revoked);
    } catch (err) {
      if (!props.onError(err)) setResult({ lines: [...lines, t('rotationMarkFailed', [oldName, errorText(err)])] });
    }
  }

  async function deleteOld() {
    if (props.tab.kind !== 'page') return;
    setDeleting(true);
    setResult(null);
    let r: DeleteResult;
    try {
      r = await sendToTab(props.tab.tab.id, 'page.deleteKey', { name: old.name, createdAt: old.createdAt });
    } catch (err) {
      setDeleting(false);
      setConfirming(false);
      setResult({ lines: [t('rotationDeleteNoAnswer', errorText(err)), t('rotationNothingDeleted')] });
      return;
    }
    if (!r.deleted) {
      setDeleting(false);
      setConfirming(false);
      setResult({ lines: r.steps, gone: r.notListed === true }); // its last line says why nothing was deleted
      return;
    }
    try {
      const revoked = (await send('keys.setRevoked', { id: old.id, revoked: true })).key;
      props.onFinished([...r.steps, t('rotationDone', oldName)]);
      props.onChanged(revoked);
    } catch (err) {
      if (!props.onError(err)) setResult({ lines: [...r.steps, t('rotationMarkFailed', [oldName, errorText(err)])] });
    } finally {
      setDeleting(false);
      setConfirming(false);
    }
  }

  const confirmId = `rot-del-${old.id}`;
  return (
    <section class="rotation" aria-label={t('rotatingNamed', oldName)}>
      <h3>{t('rotatingNamed', oldName)}</h3>
      <p class="ok">{t('rotationReady', visibleName(next.name))}</p>
      {next.verification && <p class="meta">{verificationWords(next.verification)}</p>}
      <div class="actions">
        <button type="button" class="primary" onClick={() => void copy(props.copyFormat)}>
          {t('copy')}
        </button>
        <CopyAsMenu onCopy={(f) => void copy(f)} />
      </div>
      {copyStatus && (
        <p class={`row-status ${copyStatus.kind}`} role="status">
          {copyStatus.text}
        </p>
      )}
      {!copied && <p class="hint">{t('rotationCopyFirst')}</p>}
      {copied && !confirming && (
        <div class="actions">
          <button type="button" class="danger" disabled={!listShown || deleting} onClick={() => setConfirming(true)}>
            {t('deleteOldKey')}
          </button>
          <button type="button" onClick={props.onDismiss}>
            {t('notNow')}
          </button>
        </div>
      )}
      {copied && !listShown && !result && <p class="hint">{page?.kind === 'secret-shown' ? t('rotationClickDone') : t('rotationOpenList')}</p>}
      {confirming && (
        <ConfirmDialog
          id={confirmId}
          text={t('rotationDeleteConfirm', [oldName, createdDay(old)])}
          detail={t('rotationDeleteDetail')}
          confirm={t('delete')}
          busy={deleting}
          onConfirm={() => void deleteOld()}
          onCancel={() => setConfirming(false)}
        />
      )}
      {deleting && <p role="status">{t('rotationDeleting', oldName)}</p>}
      {result && (
        <>
          <ul class="fields error" role="alert">
            {result.lines.map((l) => (
              <li key={l}>{l}</li>
            ))}
          </ul>
          {result.gone && (
            <div class="actions">
              <button type="button" onClick={() => void markOnly(result.lines)}>
                {t('markOldRevoked', oldName)}
              </button>
            </div>
          )}
        </>
      )}
    </section>
  );
}

/** A rotation just finished: what was done in Cloudcraft, until closed. */
export function RotationDone(props: { oldName: string; lines: string[]; onClose: () => void }) {
  const label = t('rotatingNamed', visibleName(props.oldName));
  return (
    <section class="rotation" aria-label={label}>
      <h3>{label}</h3>
      <ul class="fields ok" role="status">
        {props.lines.map((l) => (
          <li key={l}>{l}</li>
        ))}
      </ul>
      <div class="actions">
        <button type="button" onClick={props.onClose}>
          {t('close')}
        </button>
      </div>
    </section>
  );
}
