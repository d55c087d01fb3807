/** Stored keys: Copy, Test, and a menu with Reveal / Rename / Delete (confirmed). */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { BrokenRecord, KeyMeta, Settings } from '../shared/protocol';
import { t } from '../shared/i18n';
import { errorText, useExtension } from '../ui/extension';
import { ageWords, permissionWords, teamWords, verificationWords, visibleName } from '../ui/words';
import { MAX_KEY_NAME_LENGTH } from './TemplatesPanel';
import { clipboardFingerprint } from '../shared/fingerprint';

type Status = { text: string; kind: 'ok' | 'error' | 'info' } | null;

/** A revealed secret hides itself after this long (it should not sit on screen). */
export const REVEAL_HIDE_MS = 30_000;

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
  const removeBroken = (id: string) => setBroken((bs) => bs.filter((x) => x.id !== id));

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
            <BrokenRow key={b.id} b={b} onDeleted={removeBroken} onError={props.onError} />
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
  const [menuUp, setMenuUp] = useState(false);
  /** Copied with a clear due at `clearAt` (the worker's time): `leftMs` after `start` (Date.now()); the status counts down each second. */
  const [clearing, setClearing] = useState<{ leftMs: number; start: number; clearAt: number } | null>(null);
  const menuButton = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLUListElement>(null);
  const renameInput = useRef<HTMLInputElement>(null);

  // Open the menu upwards when it would run past the bottom of the popup and fits above the button.
  useLayoutEffect(() => {
    if (!menuOpen) return setMenuUp(false);
    const m = menu.current?.getBoundingClientRect();
    const b = menuButton.current?.getBoundingClientRect();
    if (m && b) setMenuUp(m.bottom > window.innerHeight && b.top - m.height - 4 >= 0);
  }, [menuOpen]);
  useEffect(() => {
    if (menuOpen) menu.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }, [menuOpen]);
  useEffect(() => {
    if (revealed === null) return;
    const timer = setTimeout(() => setRevealed(null), REVEAL_HIDE_MS);
    return () => clearTimeout(timer);
  }, [revealed]);
  useEffect(() => {
    if (!clearing) return;
    const update = () => {
      const left = Math.ceil((clearing.leftMs - (Date.now() - clearing.start)) / 1000);
      if (left > 0) setStatus({ text: t('copiedClears', left), kind: 'ok' });
      else {
        setStatus({ text: t('clipboardCleared'), kind: 'ok' });
        setClearing(null);
      }
    };
    update();
    const timer = setInterval(update, 1000);
    return () => clearInterval(timer);
  }, [clearing]);

  /** Shows a status (and ends a running "clears in" countdown). */
  const say = (st: Status) => {
    setClearing(null);
    setStatus(st);
  };
  useEffect(() => {
    if (renaming !== null) renameInput.current?.focus();
  }, [renaming !== null]);
  const fail = (prefix: 'copyFailed' | 'testFailed' | 'revealFailed' | 'renameFailed' | 'deleteFailed', err: unknown) => {
    if (!props.onError(err)) say({ text: t(prefix, errorText(err)), kind: 'error' });
  };

  /**
   * Copy: the clear is scheduled before the key is written, so a popup that closes during the
   * write (focus moved, window closed) still leaves a clear due in the service worker. A write that
   * fails leaves it scheduled too: it clears in the delay whatever the clipboard holds then (only
   * the key, with "clear only if unchanged").
   */
  async function copy() {
    say(null);
    const delay = props.settings.clipboardClearSeconds;
    let secret: string;
    let clearsAt: number | null = null;
    let scheduleError: unknown = null;
    try {
      secret = (await send('keys.reveal', { id: k.id })).secret;
    } catch (err) {
      fail('copyFailed', err);
      return;
    }
    try {
      // SHA-256 of the key: lets the clearer leave a newer copy of the user's alone
      // (setting "clear only if unchanged"; src/shared/fingerprint.ts).
      const fingerprint = await clipboardFingerprint(secret);
      clearsAt = (await send('clipboard.scheduleClear', { delaySeconds: delay, fingerprint })).clearsAt;
    } catch (err) {
      scheduleError = err;
    }
    try {
      // The secret lives only in this handler: fetched, scheduled, written, dropped.
      await writeClipboard(secret);
    } catch (err) {
      fail('copyFailed', err);
      return;
    }
    send('keys.markCopied', { id: k.id }).then((r) => props.onChanged(r.key), () => undefined);
    if (scheduleError) say({ text: t('copiedNoClear', errorText(scheduleError)), kind: 'error' });
    // Counted from the service worker's due time (the same clock), then down each second.
    else if (delay > 0 && clearsAt !== null) setClearing({ leftMs: clearsAt - now().getTime(), start: Date.now(), clearAt: clearsAt });
    else say({ text: t('copied'), kind: 'ok' });
  }

  /** "Clear now", while a clear is due: the popup clears the clipboard itself and the worker forgets the due time. */
  async function clearNow() {
    if (!clearing) return;
    try {
      await writeClipboard('');
    } catch (err) {
      say({ text: t('clearNowFailed', errorText(err)), kind: 'error' });
      return;
    }
    say({ text: t('clipboardCleared'), kind: 'ok' });
    send('clipboard.cleared', { clearAt: clearing.clearAt }).catch(() => undefined);
  }

  async function test() {
    say({ text: t('testing'), kind: 'info' });
    try {
      const r = await send('keys.test', { id: k.id });
      if (r.status === 'ok') say({ text: t('testOk', [r.name, r.email]), kind: 'ok' });
      else if (r.status === 'rejected') say({ text: t('testRejected', r.httpStatus), kind: 'error' });
      else if (r.status === 'http-error') say({ text: t('testHttpError', r.httpStatus), kind: 'error' });
      else say({ text: t('testNetwork', r.message), kind: 'error' });
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
      say({ text: t('keyNameRequired'), kind: 'error' });
      return;
    }
    if (name.length > MAX_KEY_NAME_LENGTH) {
      say({ text: t('keyNameTooLong', MAX_KEY_NAME_LENGTH), kind: 'error' });
      return;
    }
    try {
      props.onChanged((await send('keys.rename', { id: k.id, name })).key);
      setRenaming(null);
      say({ text: t('renamed'), kind: 'ok' });
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
          <span class="label">{visibleName(k.name)}</span>
        ) : (
          <span class="rename">
            <label for={`rn-${k.id}`}>{t('newName')}</label>
            <input
              id={`rn-${k.id}`}
              ref={renameInput}
              type="text"
              maxLength={MAX_KEY_NAME_LENGTH}
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
          {k.verification && (
            <>
              {' · '}
              <span class={`mark ${k.verification}`}>{verificationWords(k.verification)}</span>
            </>
          )}
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
            aria-label={t('moreActions', visibleName(k.name))}
            onClick={() => setMenuOpen((o) => !o)}
          >
            ⋯
          </button>
          {menuOpen && (
            <ul class={menuUp ? 'menu up' : 'menu'} role="menu" ref={menu} aria-label={t('moreActions', visibleName(k.name))} onKeyDown={onMenuKey}>
              <MenuItem label={t('reveal')} onSelect={() => void reveal()} />
              <MenuItem
                label={t('rename')}
                onSelect={() => {
                  setMenuOpen(false);
                  setRenaming(k.name);
                }}
              />
              <MenuItem
                label={t('delete')}
                onSelect={() => {
                  setMenuOpen(false);
                  setConfirming(true);
                }}
              />
            </ul>
          )}
        </span>
      </div>
      {revealed !== null && (
        <div class="reveal" role="group" aria-label={t('secretOf', visibleName(k.name))}>
          <code>{revealed}</code>
          <button type="button" onClick={() => (setRevealed(null), menuButton.current?.focus())}>
            {t('hide')}
          </button>
        </div>
      )}
      {confirming && (
        <ConfirmDelete
          id={confirmId}
          name={k.name}
          onDelete={() => void doDelete()}
          onCancel={() => (setConfirming(false), menuButton.current?.focus())}
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

/** An unreadable record (fails authentication or parsing): its reason, and Delete (confirmed) to remove it. */
function BrokenRow(props: { b: BrokenRecord; onDeleted: (id: string) => void; onError: (e: unknown) => boolean }) {
  const { send } = useExtension();
  const { b } = props;
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const deleteButton = useRef<HTMLButtonElement>(null);

  const cancel = () => {
    setConfirming(false);
    deleteButton.current?.focus();
  };

  async function doDelete() {
    try {
      await send('keys.delete', { id: b.id });
      setConfirming(false);
      props.onDeleted(b.id);
    } catch (err) {
      setConfirming(false);
      if (!props.onError(err)) setError(t('deleteFailed', errorText(err)));
    }
  }

  const confirmId = `del-broken-${b.id}`;
  return (
    <li class="broken">
      <span class="label">{visibleName(b.name)}</span>
      <span class="error">{t('brokenRecord', b.reason)}</span>
      <div class="actions">
        <button type="button" ref={deleteButton} aria-label={t('deleteNamed', visibleName(b.name))} onClick={() => setConfirming(true)}>
          {t('delete')}
        </button>
      </div>
      {confirming && <ConfirmDelete id={confirmId} name={b.name} onDelete={() => void doDelete()} onCancel={cancel} />}
      {error && (
        <p class="row-status error" role="status">
          {error}
        </p>
      )}
    </li>
  );
}

/**
 * "Delete <name>?" with Delete and Cancel, as an alert dialog inside the row. Focus starts on
 * Cancel (the safe choice); Escape cancels without reaching the popup's other handlers.
 */
function ConfirmDelete(props: { id: string; name: string; onDelete: () => void; onCancel: () => void }) {
  const cancelButton = useRef<HTMLButtonElement>(null);
  useEffect(() => cancelButton.current?.focus(), []);
  return (
    <div
      class="confirm"
      role="alertdialog"
      aria-labelledby={props.id}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          props.onCancel();
        }
      }}
    >
      <p id={props.id}>{t('deleteConfirm', visibleName(props.name))}</p>
      <button type="button" class="danger" onClick={props.onDelete}>
        {t('delete')}
      </button>
      <button type="button" ref={cancelButton} onClick={props.onCancel}>
        {t('cancel')}
      </button>
    </div>
  );
}

/** One entry of a key's ⋯ menu: a button in the menu's roving focus (arrow keys: onMenuKey). */
function MenuItem(props: { label: string; onSelect: () => void }) {
  return (
    <li role="none">
      <button type="button" role="menuitem" tabIndex={-1} onClick={props.onSelect}>
        {props.label}
      </button>
    </li>
  );
}
