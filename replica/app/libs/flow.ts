/**
 * The API keys flow every library variant draws with its own components: the dialog's list, the
 * create form, a "Generating…" step and the secret shown once. One state machine, so every library
 * variant keeps `window.__replica` exactly as the hand-written replica does (replica/README.md) and
 * the tests read React's real state the same way whichever library drew the controls.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { ReplicaApi } from '../api';
import { emptyForm, PRELOADED_KEYS, type ReplicaForm, type ReplicaKey, type View } from '../model';
import type { Permission, TeamAccess, Variant } from '../variant';

export type Step = 'list' | 'create' | 'generating' | 'secret';

/**
 * The keys Cloudcraft holds and the save that makes a new one, shared by the replica's own UI
 * (App.tsx) and every library variant: `save(form, waitMs, setStep)` shows "Generating…" for
 * `waitMs` (0: none) while the server makes the key, then the secret (unless the variant shows
 * none), or back to the form with the server's error.
 */
export function useKeyStore(variant: Variant, api: ReplicaApi) {
  const [keys, setKeys] = useState<ReplicaKey[]>(() => [...PRELOADED_KEYS]);
  const [saves, setSaves] = useState(0);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [lastSecretShown, setLastSecretShown] = useState<string | null>(null);
  const [deletes, setDeletes] = useState(0);

  /** Deletes `key` (the server revokes it when it made it); the list loses that row. */
  async function remove(key: ReplicaKey): Promise<void> {
    if (key.id) await api.deleteKey(key.id);
    setKeys((ks) => ks.filter((k) => k !== key));
    setDeletes((n) => n + 1);
  }

  async function save(form: ReplicaForm, waitMs: number, setStep: (s: 'create' | 'generating' | 'secret') => void): Promise<void> {
    const name = form.name.trim();
    if (!name || saving) return;
    setSaving(true);
    setError(null);
    if (waitMs > 0) setStep('generating');
    try {
      const [res] = await Promise.all([
        api.createKey({ name, permission: form.permission, teams: form.teams }, variant),
        new Promise((r) => setTimeout(r, waitMs)),
      ]);
      setKeys((ks) => [...ks, { id: res.id, name, permission: form.permission, teams: { ...form.teams }, createdAt: res.createdAt }]);
      setSaves((n) => n + 1);
      setSecret(res.secret);
      if (variant.secret !== 'none') setLastSecretShown(res.secret);
      setStep('secret');
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setStep('create');
    } finally {
      setSaving(false);
    }
  }

  return { keys, saves, deletes, saving, error, setError, secret, setSecret, lastSecretShown, save, remove };
}

export interface KeysFlow {
  variant: Variant;
  /** The keys dialog is open. */
  open: boolean;
  step: Step;
  keys: ReplicaKey[];
  form: ReplicaForm;
  /** The secret of the key just created (shown once), null otherwise. */
  secret: string | null;
  /** The server refused the key (shown in the form). */
  error: string | null;
  saving: boolean;
  /** Save is possible (a name that is not only spaces, not already saving). */
  canSave: boolean;
  openKeys(): void;
  close(): void;
  startCreate(): void;
  cancel(): void;
  setName(name: string): void;
  setPermission(p: Permission): void;
  setTeam(team: string, access: TeamAccess): void;
  save(): Promise<void>;
  /** "Done" on the secret view: back to the list, the secret gone for good. */
  done(): void;
  /** Deletes a key from the list (after the UI's own confirmation). */
  remove(key: ReplicaKey): Promise<void>;
}

/**
 * The flow's state and actions. `generatingMs` is how long the "Generating…" step lasts after Save
 * (the form is unmounted meanwhile); the variant's `generating` parameter, when set, wins.
 */
export function useKeysFlow(variant: Variant, api: ReplicaApi, generatingMs: number): KeysFlow {
  const [open, setOpen] = useState(false);
  const [step, setStep] = useState<Step>('list');
  const [form, setForm] = useState<ReplicaForm>(() => emptyForm(variant));
  const store = useKeyStore(variant, api);
  const { keys, saves, deletes, saving, error, setError, secret, setSecret, lastSecretShown } = store;
  const wait = variant.generating > 0 ? variant.generating : generatingMs;

  const view: View = !open ? 'diagrams' : step === 'list' ? 'keys-list' : step === 'create' ? 'create-form' : step;
  useLayoutEffect(() => {
    window.__replica = { variant, view, loading: false, form, keys, saves, deletes, lastSecretShown };
  });
  useEffect(() => () => void delete window.__replica, []);

  const save = useCallback(() => store.save(form, wait, setStep), [store, form, wait]);

  return {
    variant,
    open,
    step,
    keys,
    form,
    secret,
    error,
    saving,
    canSave: form.name.trim() !== '' && !saving,
    openKeys: () => {
      setStep('list');
      setOpen(true);
    },
    close: () => {
      setOpen(false);
      setStep('list');
      setSecret(null);
    },
    startCreate: () => {
      setForm(emptyForm(variant));
      setError(null);
      setStep('create');
    },
    cancel: () => setStep('list'),
    setName: (name) => setForm((f) => ({ ...f, name })),
    setPermission: (permission) => setForm((f) => ({ ...f, permission })),
    setTeam: (team, access) => setForm((f) => ({ ...f, teams: { ...f.teams, [team]: access } })),
    save,
    done: () => {
      setSecret(null);
      setStep('list');
    },
    remove: store.remove,
  };
}

/**
 * A confirmation's delete, as every library variant's confirmation runs it: `remove(key, onDone)`
 * asks the server, `busy` meanwhile (a second press is ignored), `error` holding the server's
 * refusal (the key stays), `onDone` once the row is gone.
 */
export function useRemoval(flow: Pick<KeysFlow, 'remove'>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const busyRef = useRef(false);
  const remove = (key: ReplicaKey, onDone: () => void) => {
    if (busyRef.current) return;
    busyRef.current = true;
    setBusy(true);
    setError(null);
    flow
      .remove(key)
      .then(onDone, (err: unknown) => setError(err instanceof Error ? err.message : String(err)))
      .finally(() => {
        busyRef.current = false;
        setBusy(false);
      });
  };
  /** Whether a delete is under way now (for handlers that run before a re-render). */
  const isBusy = () => busyRef.current;
  return { busy, error, setError, remove, isBusy };
}
