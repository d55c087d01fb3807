/** Stored keys: Copy, Test, and a menu with Reveal / Rename / Delete (confirmed). */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { BrokenRecord, KeyMeta, Settings } from '../shared/messages';
import { t } from '../shared/i18n';
import { errorText, useExtension } from '../ui/extension';
import { ageWords, permissionWords, teamWords } from '../ui/words';

type Status = { text: string; kind: 'ok' | 'error' | 'info' } | null;

export function KeysPanel(props: { settings: Settings; onError: (e: unknown) => boolean; version?: number }) {
  const { send } = useExtension();
  const [keys, setKeys] = useState<KeyMeta[] | null>(null);
  const [broken, setBroken] = useState<BrokenRecord[]>([]);
  const [error, setError] = useState<string | null>(null);

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
  }, [props.version]);

  const replace = (k: KeyMeta) => setKeys((ks) => ks?.map((x) => (x.id === k.id ? k : x)) ?? null);
  const remove = (id: string) => setKeys((ks) => ks?.filter((x) => x.id !== id) ?? null);

  return (
    <section class="stack" aria-labelledby="keys-heading">
      <h2 id="keys-heading">{t('keysHeading')}</h2>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {keys && keys.length === 0 && broken.length === 0 && <p class="hint">{t('keysEmpty')}</p>}
      {keys && (keys.length > 0 || broken.length > 0) && (
        <ul class="list keys" aria-label={t('keysHeading')}>
          {keys.map((k) => (
            <KeyRow key={k.id} k={k} settings={props.settings} onChanged={replace} onDeleted={remove} onError={props.onError} />
          ))}
          {broken.map((b) => (
            <li key={b.id} class="broken">
              <span class="label">{b.name}</span>
              <span class="error">{t('brokenRecord', b.reason)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function KeyRow(props: {
  k: KeyMeta;
  settings: Settings;
  onChanged: (k: KeyMeta) => void;
  onDeleted: (id: string) => void;
  onError: (e: unknown) => boolean;
}) {
  const { send, writeClipboard, now } = useExtension();
  const { k } = props;
  const [status, setStatus] = useState<Status>(null);
  const [menuOpen, setMenuOpen] = useState(false);
  const [revealed, setRevealed] = useState<string | null>(null);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLUListElement>(null);
  const renameInput = useRef<HTMLInputElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (menuOpen) menu.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }, [menuOpen]);
  useEffect(() => {
    if (renaming !== null) renameInput.current?.focus();
  }, [renaming !== null]);
  useEffect(() => {
    if (confirming) cancelButton.current?.focus();
  }, [confirming]);

  const fail = (prefix: 'copyFailed' | 'testFailed' | 'revealFailed' | 'renameFailed' | 'deleteFailed', err: unknown) => {
    if (!props.onError(err)) setStatus({ text: t(prefix, errorText(err)), kind: 'error' });
  };

  async function copy() {
    setStatus(null);
    try {
      // The secret lives only in this handler: fetched, written, dropped.
      const { secret } = await send('keys.reveal', { id: k.id });
      await writeClipboard(secret);
    } catch (err) {
      fail('copyFailed', err);
      return;
    }
    send('keys.markCopied', { id: k.id }).then((r) => props.onChanged(r.key), () => undefined);
    const delay = props.settings.clipboardClearSeconds;
    try {
      await send('clipboard.scheduleClear', { delaySeconds: delay });
      setStatus({ text: delay > 0 ? t('copiedClears', delay) : t('copied'), kind: 'ok' });
    } catch (err) {
      setStatus({ text: t('copiedNoClear', errorText(err)), kind: 'error' });
    }
  }

  async function test() {
    setStatus({ text: t('testing'), kind: 'info' });
    try {
      const r = await send('keys.test', { id: k.id });
      if (r.status === 'ok') setStatus({ text: t('testOk', [r.name, r.email]), kind: 'ok' });
      else if (r.status === 'rejected') setStatus({ text: t('testRejected', r.httpStatus), kind: 'error' });
      else if (r.status === 'http-error') setStatus({ text: t('testHttpError', r.httpStatus), kind: 'error' });
      else setStatus({ text: t('testNetwork', r.message), kind: 'error' });
    } catch (err) {
      fail('testFailed', err);
    }
  }

  function closeMenu(focusButton = true) {
    setMenuOpen(false);
    if (focusButton) menuButton.current?.focus();
  }

  function onMenuKey(e: KeyboardEvent) {
    const items = [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const i = items.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      closeMenu();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = (i + (e.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length;
      items[next]?.focus();
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      items[e.key === 'Home' ? 0 : items.length - 1]?.focus();
    } else if (e.key === 'Tab') {
      setMenuOpen(false);
    }
  }

  async function reveal() {
    closeMenu();
    try {
      setRevealed((await send('keys.reveal', { id: k.id })).secret);
    } catch (err) {
      fail('revealFailed', err);
    }
  }

  async function saveRename() {
    const name = (renaming ?? '').trim();
    if (!name) {
      setStatus({ text: t('keyNameRequired'), kind: 'error' });
      return;
    }
    try {
      props.onChanged((await send('keys.rename', { id: k.id, name })).key);
      setRenaming(null);
      setStatus({ text: t('renamed'), kind: 'ok' });
      menuButton.current?.focus();
    } catch (err) {
      fail('renameFailed', err);
    }
  }

  async function doDelete() {
    try {
      await send('keys.delete', { id: k.id });
      setConfirming(false);
      props.onDeleted(k.id);
    } catch (err) {
      setConfirming(false);
      fail('deleteFailed', err);
    }
  }

  const confirmId = `del-${k.id}`;
  return (
    <li>
      <div class="row-head">
        {renaming === null ? (
          <span class="label">{k.name}</span>
        ) : (
          <span class="rename">
            <label for={`rn-${k.id}`}>{t('newName')}</label>
            <input
              id={`rn-${k.id}`}
              ref={renameInput}
              type="text"
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
                  menuButton.current?.focus();
                }
              }}
            />
          </span>
        )}
        <span class="meta">
          {permissionWords(k.permission)} · {teamWords(k.teams)} · {ageWords(k.createdAt, now())}
        </span>
      </div>
      <div class="actions">
        <button type="button" onClick={() => void copy()}>
          {t('copy')}
        </button>
        <button type="button" onClick={() => void test()}>
          {t('test')}
        </button>
        <span
          class="menu-wrap"
          onFocusOut={(e) => {
            // Focus left the button and its menu (Tab, click elsewhere): close it.
            if (menuOpen && !e.currentTarget.contains(e.relatedTarget as Node | null)) setMenuOpen(false);
          }}
        >
          <button
            type="button"
            ref={menuButton}
            aria-haspopup="menu"
            aria-expanded={menuOpen}
            aria-label={t('moreActions', k.name)}
            onClick={() => setMenuOpen((o) => !o)}
          >
            ⋯
          </button>
          {menuOpen && (
            <ul class="menu" role="menu" ref={menu} aria-label={t('moreActions', k.name)} onKeyDown={onMenuKey}>
              <li role="none">
                <button type="button" role="menuitem" tabIndex={-1} onClick={() => void reveal()}>
                  {t('reveal')}
                </button>
              </li>
              <li role="none">
                <button
                  type="button"
                  role="menuitem"
                  tabIndex={-1}
                  onClick={() => {
                    setMenuOpen(false);
                    setRenaming(k.name);
                  }}
                >
                  {t('rename')}
                </button>
              </li>
              <li role="none">
                <button
                  type="button"
                  role="menuitem"
                  tabIndex={-1}
                  onClick={() => {
                    setMenuOpen(false);
                    setConfirming(true);
                  }}
                >
                  {t('delete')}
                </button>
              </li>
            </ul>
          )}
        </span>
      </div>
      {revealed !== null && (
        <div class="reveal" role="group" aria-label={t('secretOf', k.name)}>
          <code>{revealed}</code>
          <button type="button" onClick={() => (setRevealed(null), menuButton.current?.focus())}>
            {t('hide')}
          </button>
        </div>
      )}
      {confirming && (
        <div
          class="confirm"
          role="alertdialog"
          aria-labelledby={confirmId}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              e.stopPropagation();
              setConfirming(false);
              menuButton.current?.focus();
            }
          }}
        >
          <p id={confirmId}>{t('deleteConfirm', k.name)}</p>
          <button type="button" class="danger" onClick={() => void doDelete()}>
            {t('delete')}
          </button>
          <button type="button" ref={cancelButton} onClick={() => (setConfirming(false), menuButton.current?.focus())}>
            {t('cancel')}
          </button>
        </div>
      )}
      <p class={`row-status ${status?.kind ?? ''}`} role="status">
        {status?.text ?? ''}
      </p>
    </li>
  );
}
