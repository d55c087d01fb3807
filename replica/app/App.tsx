/** @jsxImportSource react */
/**
 * The replica of Cloudcraft's app shell and its API keys UI (User > API keys > Create API key >
 * Save key > secret shown once). Texts, roles and labels are the vocabulary the content script
 * finds; everything docs/content-script.md lists as unknown varies with the Variant.
 */
import { useEffect, useId, useLayoutEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { fetchApi, type ReplicaApi } from './api';
import { PermissionField, TeamsField } from './controls';
import { HOSTILE_FAKE_SECRET, startHostile } from './hostile';
import { installStress } from './stress';
import { useKeyStore } from './libs/flow';
import { DecoyBanner, Diagram, TopBar } from './shell';
import { STYLES } from './styles';
import { ConfirmDelete, RowActions } from './deleting';
import { emptyForm, type ReplicaForm, type ReplicaKey, type View } from './model';
import { PERMISSION_LABELS, type Variant } from './variant';

export const KEYS_PATH = '/user/api-keys';

export type { ReplicaForm, ReplicaKey, ReplicaState, View } from './model';
export { PRELOADED_KEYS, emptyForm } from './model';

/** True after `ms` (immediately when 0); restarts whenever `key` changes. */
function useDelay(ms: number, key: unknown): boolean {
  const [readyKey, setReadyKey] = useState<unknown>(ms > 0 ? undefined : key);
  useEffect(() => {
    if (ms <= 0) {
      setReadyKey(key);
      return;
    }
    const t = setTimeout(() => setReadyKey(key), ms);
    return () => clearTimeout(t);
  }, [ms, key]);
  return ms <= 0 || readyKey === key;
}

export function App(props: { variant: Variant; api?: ReplicaApi }) {
  const { variant } = props;
  const api = props.api ?? fetchApi;
  const [path, setPath] = useState(() => (typeof location !== 'undefined' ? location.pathname : '/'));
  const [modalOpen, setModalOpen] = useState(false);
  const [sub, setSub] = useState<'list' | 'create' | 'generating' | 'secret'>('list');
  const [form, setForm] = useState<ReplicaForm>(() => emptyForm(variant));
  const { keys, saves, deletes, saving, error, setError, secret, setSecret, lastSecretShown, save: saveKey, remove } = useKeyStore(variant, api);
  const [deleting, setDeleting] = useState<ReplicaKey | null>(null);
  const [deleteBusy, setDeleteBusy] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const [openCount, setOpenCount] = useState(0);
  const [formCount, setFormCount] = useState(0);
  const userButton = useRef<HTMLButtonElement>(null);
  const canvasRef = useRef<HTMLDivElement>(null);

  const keysOpen = variant.mode === 'route' ? path === KEYS_PATH : modalOpen;
  const keysReady = useDelay(keysOpen ? variant.lazy : 0, `keys-${openCount}-${keysOpen}`);
  const formReady = useDelay(sub === 'create' ? variant.lazy : 0, `form-${formCount}`);
  const view: View = !keysOpen ? 'diagrams' : sub === 'list' ? 'keys-list' : sub === 'create' ? 'create-form' : sub;
  const loading = keysOpen && (!keysReady || (sub === 'create' && !formReady));

  // window.__replica mirrors React state after every commit, in the same task as the DOM update
  // (a layout effect), so whoever sees the new DOM also sees the matching state.
  useLayoutEffect(() => {
    window.__replica = { variant, view, loading, form, keys, saves, deletes, lastSecretShown };
  });
  useEffect(() => () => void delete window.__replica, []);

  useEffect(() => {
    if (variant.mode !== 'route') return;
    const onPop = () => setPath(location.pathname);
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, [variant.mode]);

  // Leaving the keys UI resets it to the list, like an unmounted route would.
  useEffect(() => {
    if (!keysOpen) {
      setSub('list');
      setSecret(null);
    }
  }, [keysOpen]);

  useEffect(() => {
    if (!variant.hostile) return;
    return startHostile();
  }, [variant.hostile]);

  useEffect(() => {
    if (!variant.stress || !canvasRef.current) return;
    return installStress(canvasRef.current, true);
  }, [variant.stress]);

  // Modal: Escape closes it.
  useEffect(() => {
    if (variant.mode !== 'modal' || !modalOpen) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !e.defaultPrevented) closeKeys();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  });

  // Modal: focus moves into the dialog when it opens (and back to "User" when it closes, in closeKeys).
  const dialogRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (variant.mode === 'modal' && modalOpen) dialogRef.current?.focus();
  }, [variant.mode, modalOpen]);

  function navigate(to: string) {
    history.pushState(null, '', to + location.search);
    setPath(to);
  }

  function openKeys() {
    setSub('list');
    setOpenCount((n) => n + 1);
    if (variant.mode === 'route') navigate(KEYS_PATH);
    else setModalOpen(true);
  }

  function closeKeys() {
    if (variant.mode === 'route') navigate('/');
    else setModalOpen(false);
    userButton.current?.focus();
  }

  function startCreate() {
    setForm(emptyForm(variant));
    setError(null);
    setFormCount((n) => n + 1);
    setSub('create');
  }

  function save(e: FormEvent) {
    e.preventDefault();
    // generating=ms: the form unmounts at once and "Generating…" shows until the key is ready.
    void saveKey(form, variant.generating, setSub);
  }

  const labels = PERMISSION_LABELS[variant.labels];
  let body: ReactNode;
  if (!keysReady) body = <p className="loading">Loading…</p>;
  else if (sub === 'list')
    body = (
      <>
        <table className="keys">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Permission</th>
              <th scope="col">Created</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k, i) => (
              <tr key={`${k.name}-${i}`}>
                <td>{k.name}</td>
                <td>{labels[k.permission]}</td>
                <td>
                  <time dateTime={k.createdAt}>{k.createdAt.slice(0, 10)}</time>
                </td>
                <td>
                  <RowActions ui={variant.deleteUi} keyName={k.name} onDelete={() => (setDeleteError(null), setDeleting(k))} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" className="primary" onClick={startCreate}>
          Create API key
        </button>
        {deleting && (
          <ConfirmDelete
            target={deleting}
            typed={variant.deleteUi === 'typed'}
            busy={deleteBusy}
            error={deleteError}
            onCancel={() => setDeleting(null)}
            onConfirm={() => {
              setDeleteBusy(true);
              remove(deleting).then(
                () => setDeleting(null),
                (err: unknown) => setDeleteError(err instanceof Error ? err.message : String(err)),
              ).finally(() => setDeleteBusy(false));
            }}
          />
        )}
      </>
    );
  else if (sub === 'generating')
    body = (
      <p className="loading" role="status">
        <span className="spinner" aria-hidden="true" /> Generating…
      </p>
    );
  else if (sub === 'create')
    body = !formReady ? (
      <p className="loading">Loading…</p>
    ) : (
      <CreateForm
        variant={variant}
        form={form}
        setForm={setForm}
        saving={saving}
        error={error}
        onSubmit={save}
        onCancel={() => setSub('list')}
      />
    );
  else
    body = (
      <SecretPanel
        variant={variant}
        secret={secret ?? ''}
        onDone={() => {
          setSecret(null);
          setSub('list');
        }}
      />
    );

  return (
    <div className="replica">
      <style>{STYLES}</style>
      <TopBar onApiKeys={openKeys} focusRef={userButton} />
      {variant.decoy && <DecoyBanner />}
      {variant.mode === 'route' && keysOpen ? (
        <main className="keys-page">
          <a
            href={`/${typeof location !== 'undefined' ? location.search : ''}`}
            onClick={(e) => {
              e.preventDefault();
              closeKeys();
            }}
          >
            Back to diagrams
          </a>
          <section aria-labelledby="replica-keys-heading">
            <h2 id="replica-keys-heading">API keys</h2>
            {body}
          </section>
        </main>
      ) : (
        <main className="diagrams">
          <Diagram />
          {variant.stress && <div ref={canvasRef} className="stress-canvas" aria-hidden="true" />}
        </main>
      )}
      {variant.mode === 'modal' && keysOpen && (
        <div className="backdrop">
          <div ref={dialogRef} role="dialog" aria-modal="true" aria-labelledby="replica-keys-heading" className="dialog" tabIndex={-1}>
            <div className="dialog-head">
              <h2 id="replica-keys-heading">API keys</h2>
              <button type="button" className="close" onClick={closeKeys}>
                Close
              </button>
            </div>
            {body}
          </div>
        </div>
      )}
      {variant.hostile && <HostileDecoys />}
    </div>
  );
}

function CreateForm(props: {
  variant: Variant;
  form: ReplicaForm;
  setForm(f: (prev: ReplicaForm) => ReplicaForm): void;
  saving: boolean;
  error: string | null;
  onSubmit(e: FormEvent): void;
  onCancel(): void;
}) {
  const { variant, form, setForm, saving, error } = props;
  const id = useId();
  return (
    <form className="create" aria-labelledby={`${id}-h`} onSubmit={props.onSubmit}>
      <h3 id={`${id}-h`}>Create API key</h3>
      <div className="field">
        <label htmlFor={`${id}-name`}>Name</label>
        <input
          id={`${id}-name`}
          type="text"
          autoComplete="off"
          value={form.name}
          onChange={(e) => {
            const name = e.currentTarget.value;
            setForm((f) => ({ ...f, name }));
          }}
        />
      </div>
      <PermissionField
        control={variant.permission}
        labels={variant.labels}
        value={form.permission}
        onChange={(permission) => setForm((f) => ({ ...f, permission }))}
      />
      <TeamsField
        control={variant.teams}
        labels={variant.labels}
        value={form.teams}
        onChange={(team, access) => setForm((f) => ({ ...f, teams: { ...f.teams, [team]: access } }))}
      />
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={form.name.trim() === '' || saving}>
          Save key
        </button>
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** The sentence over the secret: `once` (the replica's usual wording) or `plain` (no phrase the extension knows). */
export const SECRET_NOTE_TEXT = {
  once: 'Copy this key now. It will not be shown again.',
  plain: 'Keep this value somewhere safe: for security reasons the page forgets it when you leave.',
} as const;

function SecretPanel(props: { variant: Variant; secret: string; onDone(): void }) {
  const { variant, secret } = props;
  const id = useId();
  const [revealed, setRevealed] = useState(false);
  const [copied, setCopied] = useState(false);
  let shown: ReactNode;
  if (variant.secret === 'input')
    shown = (
      <div className="field">
        <label htmlFor={`${id}-secret`}>API key</label>
        <input id={`${id}-secret`} type="text" readOnly value={secret} className="secret" onFocus={(e) => e.currentTarget.select()} />
      </div>
    );
  else if (variant.secret === 'masked')
    // Masked like a password field, with the Show and Copy buttons such fields come with.
    shown = (
      <div className="field">
        <label htmlFor={`${id}-secret`}>API key</label>
        <div className="masked-row">
          <input id={`${id}-secret`} type={revealed ? 'text' : 'password'} readOnly value={secret} className="secret" />
          <button type="button" aria-pressed={revealed} onClick={() => setRevealed((r) => !r)}>
            {revealed ? 'Hide' : 'Show'}
          </button>
          <button type="button" onClick={() => void navigator.clipboard?.writeText(secret).then(() => setCopied(true), () => undefined)}>
            {copied ? 'Copied' : 'Copy'}
          </button>
        </div>
      </div>
    );
  else if (variant.secret === 'code') shown = <code className="secret">{secret}</code>;
  else if (variant.secret === 'text') shown = <p className="secret">{secret}</p>;
  else shown = <p>The key was created. It is not displayed here.</p>;
  return (
    <section className="secret-panel" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Your new API key</h3>
      {variant.secret !== 'none' && <p className="warning">{SECRET_NOTE_TEXT[variant.secretNote]}</p>}
      {shown}
      <button type="button" className="primary" onClick={props.onDone}>
        Done
      </button>
    </section>
  );
}

/** hostile=1: decoys a naive finder would take for the real UI. Not visible to users. */
function HostileDecoys() {
  const decoy = (
    <>
      <h2>API keys</h2>
      <h3>Your new API key</h3>
      <p>Copy this key now. It will not be shown again.</p>
      <code>{HOSTILE_FAKE_SECRET}</code>
      <input type="text" readOnly aria-label="API key" value={HOSTILE_FAKE_SECRET} />
    </>
  );
  return (
    <>
      <div className="hostile-hidden" style={{ display: 'none' }}>
        {decoy}
      </div>
      <div className="hostile-offscreen" style={{ position: 'absolute', left: '-9999px', top: '0', width: '300px' }}>
        {decoy}
      </div>
    </>
  );
}
