/**
 * One stored key: its name, access, age, rotation due date, Cloudcraft's verdict and note; Copy (in
 * the template's default form), "Copy as" (.env line, shell export, Terraform env), Test, Rotate and
 * a ⋯ menu (Reveal, Rename, Note, Delete). A revoked key is kept, greyed, with "Revoked" and a menu
 * to delete it or mark it live again.
 */
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { CopyFormat } from '../../shared/copyFormats';
import { t } from '../../shared/i18n';
import type { KeyMeta, Settings, StoredRecordCopy } from '../../shared/protocol';
import { MAX_NOTE, MAX_META_TEXT } from '../../shared/recordMeta';
import { errorText, useExtension } from '../../ui/extension';
import { ageWords, permissionWords, teamWords, verificationWords, visibleName } from '../../shared/words';
import { MenuButton } from '../MenuButton';
import { CopyAsMenu } from './CopyAsMenu';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { useCopy, type Status } from './useCopy';

/** A revealed secret hides itself after this long (it should not sit on screen). */
export const REVEAL_HIDE_MS = 30_000;

export interface KeyRowProps {
  k: KeyMeta;
  settings: Settings;
  /** The format Copy uses: the key's template's, else the key itself. */
  copyFormat: CopyFormat;
  /** Whole days until the key is due for rotation (negative: overdue), or null when never. */
  dueDays: number | null;
  /** A rotation is running (Rotate is disabled meanwhile). */
  rotating: boolean;
  onChanged: (k: KeyMeta) => void;
  /** Deleted from the vault; `removed` is the sealed record for Undo (null when none came back). */
  onDeleted: (k: KeyMeta, removed: StoredRecordCopy | null) => void;
  onRotate: (k: KeyMeta) => void;
  onError: (e: unknown) => boolean;
}

/** "rotation due today", "rotation overdue by 3 days", "rotate within 5 days" (near), '' otherwise. */
function dueWords(days: number | null): string {
  if (days === null || days > 14) return '';
  if (days < 0) return t('rotationOverdue', -days);
  if (days === 0) return t('rotationDueToday');
  return t('rotationDueIn', days);
}

export function KeyRow(props: KeyRowProps) {
  const { send, now } = useExtension();
  const { k } = props;
  /** The row is a list item named by the key's name (its label's id: record ids are not checked for spaces). */
  const nameId = useId();
  const { copy, clearNow, clearing, status: copyStatus, say: sayCopy } = useCopy(k, props.settings, { onCopied: props.onChanged, onError: props.onError });
  const [own, setOwn] = useState<Status>(null);
  const [revealed, setRevealed] = useState<string | null>(null);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [noting, setNoting] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const moreButton = useRef<HTMLSpanElement>(null);
  const renameInput = useRef<HTMLInputElement>(null);
  const noteInput = useRef<HTMLTextAreaElement>(null);
  const revoked = k.revokedAt !== null;
  const name = visibleName(k.name);

  /** One status line for the row: the latest of copy's and the other actions'. */
  const say = (st: Status) => {
    sayCopy(null);
    setOwn(st);
  };
  const status = copyStatus ?? own;
  const focusMore = () => moreButton.current?.querySelector('button')?.focus();

  useEffect(() => {
    if (revealed === null) return;
    const timer = setTimeout(() => setRevealed(null), REVEAL_HIDE_MS);
    return () => clearTimeout(timer);
  }, [revealed]);
  useEffect(() => {
    if (renaming !== null) renameInput.current?.focus();
  }, [renaming !== null]);
  useEffect(() => {
    if (noting !== null) noteInput.current?.focus();
  }, [noting !== null]);

  const fail = (prefix: 'testFailed' | 'revealFailed' | 'renameFailed' | 'deleteFailed' | 'noteFailed' | 'revokeFailed', err: unknown) => {
    if (!props.onError(err)) say({ text: t(prefix, errorText(err)), kind: 'error' });
  };

  async function doCopy(format: CopyFormat) {
    setOwn(null);
    await copy(format);
  }

  async function test() {
    say({ text: t('testing'), kind: 'info' });
    try {
      const r = await send('keys.test', { id: k.id });
      if (r.key) props.onChanged(r.key);
      if (r.status === 'ok') say({ text: t('testOk', [r.name, r.email]), kind: 'ok' });
      else if (r.status === 'rejected') say({ text: t('testRejectedRevoked', r.httpStatus), kind: 'error' });
      else if (r.status === 'http-error') say({ text: t('testHttpError', r.httpStatus), kind: 'error' });
      else say({ text: t('testNetwork', r.message), kind: 'error' });
    } catch (err) {
      fail('testFailed', err);
    }
  }

  async function reveal() {
    try {
      setRevealed((await send('keys.reveal', { id: k.id })).secret);
    } catch (err) {
      fail('revealFailed', err);
    }
  }

  async function saveRename() {
    const next = (renaming ?? '').trim();
    if (!next) return say({ text: t('keyNameRequired'), kind: 'error' });
    if (next.length > MAX_META_TEXT) return say({ text: t('keyNameTooLong', MAX_META_TEXT), kind: 'error' });
    try {
      props.onChanged((await send('keys.rename', { id: k.id, name: next })).key);
      setRenaming(null);
      say({ text: t('renamed'), kind: 'ok' });
      focusMore();
    } catch (err) {
      fail('renameFailed', err);
    }
  }

  async function saveNote() {
    try {
      props.onChanged((await send('keys.setNote', { id: k.id, note: (noting ?? '').trim() })).key);
      setNoting(null);
      say({ text: t('noteSaved'), kind: 'ok' });
      focusMore();
    } catch (err) {
      fail('noteFailed', err);
    }
  }

  async function setRevoked(revoke: boolean) {
    try {
      props.onChanged((await send('keys.setRevoked', { id: k.id, revoked: revoke })).key);
      say({ text: t(revoke ? 'markedRevoked' : 'markedLive'), kind: 'ok' });
    } catch (err) {
      fail('revokeFailed', err);
    }
  }

  async function doDelete() {
    try {
      const { removed } = await send('keys.delete', { id: k.id });
      setConfirming(false);
      props.onDeleted(k, removed);
    } catch (err) {
      setConfirming(false);
      fail('deleteFailed', err);
    }
  }

  const due = revoked ? '' : dueWords(props.dueDays);
  const menuItems = [
    { label: t('reveal'), onSelect: () => void reveal() },
    { label: t('rename'), onSelect: () => setRenaming(k.name) },
    { label: k.note ? t('editNote') : t('addNote'), onSelect: () => setNoting(k.note) },
    ...(revoked ? [{ label: t('markLive'), onSelect: () => void setRevoked(false) }] : []),
    { label: t('delete'), onSelect: () => setConfirming(true) },
  ];

  return (
    <li
      class={revoked ? 'revoked' : props.dueDays !== null && props.dueDays <= 0 ? 'due' : ''}
      // Named by its label; while the label is a rename field, by the name it still has.
      {...(renaming === null ? { 'aria-labelledby': nameId } : { 'aria-label': name })}
    >
      <div class="row-head">
        {renaming === null ? (
          <span class="label-line">
            <span class="label" id={nameId}>
              {name}
            </span>
            {revoked && <span class="tag">{t('revoked')}</span>}
          </span>
        ) : (
          <span class="inline-edit">
            <label for={`rn-${k.id}`}>{t('newName')}</label>
            <input
              id={`rn-${k.id}`}
              ref={renameInput}
              type="text"
              maxLength={MAX_META_TEXT}
              value={renaming}
              onInput={(e) => setRenaming(e.currentTarget.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  void saveRename();
                } else if (e.key === 'Escape') {
                  e.preventDefault();
                  e.stopPropagation();
                  setRenaming(null);
                  focusMore();
                }
              }}
            />
          </span>
        )}
        <span class="meta">
          {permissionWords(k.permission)} · {teamWords(k.teams)} · {ageWords(k.createdAt, now())}
          {k.verification && !revoked && (
            <>
              {' · '}
              <span class={`mark ${k.verification}`}>{verificationWords(k.verification)}</span>
            </>
          )}
        </span>
        {due && <span class="due-words">{due}</span>}
        {k.note && noting === null && <span class="note-text">{t('noteShown', k.note)}</span>}
      </div>
      {noting !== null && (
        <div class="inline-edit">
          <label for={`note-${k.id}`}>{t('noteLabel')}</label>
          <textarea
            id={`note-${k.id}`}
            ref={noteInput}
            rows={2}
            maxLength={MAX_NOTE}
            placeholder={t('notePlaceholder')}
            value={noting}
            onInput={(e) => setNoting(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                e.preventDefault();
                e.stopPropagation();
                setNoting(null);
                focusMore();
              }
            }}
          />
          <div class="actions">
            <button type="button" class="primary" onClick={() => void saveNote()}>
              {t('saveNote')}
            </button>
            <button type="button" onClick={() => (setNoting(null), focusMore())}>
              {t('cancel')}
            </button>
          </div>
        </div>
      )}
      <div class="actions">
        {!revoked && (
          <>
            <button type="button" class="primary" onClick={() => void doCopy(props.copyFormat)}>
              {t('copy')}
            </button>
            <CopyAsMenu onCopy={(f) => void doCopy(f)} />
            <button type="button" onClick={() => void test()}>
              {t('test')}
            </button>
            <button type="button" disabled={props.rotating} onClick={() => props.onRotate(k)}>
              {t('rotate')}
            </button>
          </>
        )}
        <span ref={moreButton}>
          <MenuButton label={t('moreActions', name)} items={menuItems}>
            ⋯
          </MenuButton>
        </span>
      </div>
      {revealed !== null && (
        <div class="reveal" role="group" aria-label={t('secretOf', name)}>
          <code>{revealed}</code>
          <button type="button" onClick={() => (setRevealed(null), focusMore())}>
            {t('hide')}
          </button>
        </div>
      )}
      {confirming && (
        <ConfirmDialog
          id={`del-${k.id}`}
          text={t('deleteStoredConfirm', name)}
          detail={revoked ? '' : t('deleteStaysValid')}
          confirm={t('delete')}
          onConfirm={() => void doDelete()}
          onCancel={() => (setConfirming(false), focusMore())}
        />
      )}
      <p class={`row-status ${status?.kind ?? ''}`} role="status">
        {status?.text ?? ''}
      </p>
      {clearing && (
        <div class="actions">
          <button type="button" onClick={() => void clearNow()}>
            {t('clearNow')}
          </button>
        </div>
      )}
    </li>
  );
}
