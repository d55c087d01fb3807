/** The options page: templates, settings, vault backup, passphrase, vault key rotation. */
import { useEffect, useState } from 'preact/hooks';
import type { Settings } from '../shared/protocol';
import { t } from '../shared/i18n';
import { MAX_PASSPHRASE_LENGTH, MIN_PASSPHRASE_LENGTH, passphraseLength, passphraseProblem } from '../shared/passphrase';
import { errorCode, errorText, useExtension } from '../ui/extension';
import { usePassphraseStrength } from '../ui/usePassphraseStrength';
import { TemplatesSection } from './TemplatesSection';

type Notice = { text: string; kind: 'ok' | 'error' } | null;

function NoticeLine(props: { notice: Notice }) {
  return (
    <p class={props.notice?.kind ?? ''} role="status">
      {props.notice?.text ?? ''}
    </p>
  );
}

/** LOCKED errors say where to unlock; others show their message. */
function failure(key: 'settingsSaveFailed' | 'backupFailed' | 'restoreFailed' | 'changeFailed' | 'rotateFailed', err: unknown): string {
  return errorCode(err) === 'LOCKED' ? t('needUnlock') : t(key, errorText(err));
}

export function Options() {
  return (
    <main class="options stack">
      <h1>{t('optionsTitle')}</h1>
      <TemplatesSection />
      <SettingsSection />
      <BackupSection />
      <PassphraseSection />
      <RotateSection />
    </main>
  );
}

const LIMITS = {
  autoLockMinutes: { min: 0, max: 1440 },
  clipboardClearSeconds: { min: 0, max: 3600 },
} as const;

export function SettingsSection() {
  const { send, setClipboardRead } = useExtension();
  const [form, setForm] = useState<{
    autoLockMinutes: string;
    clipboardClearSeconds: string;
    autoCapture: boolean;
    verifyOnCapture: boolean;
    onlyIfUnchanged: boolean;
    lockOnScreenLock: boolean;
  } | null>(null);
  /** The settings as loaded: fields this form does not show are saved back unchanged. */
  const [loaded, setLoaded] = useState<Settings | null>(null);
  const [errors, setErrors] = useState<Partial<Record<keyof typeof LIMITS, string>>>({});
  const [notice, setNotice] = useState<Notice>(null);

  useEffect(() => {
    send('settings.get', {}).then(
      ({ settings: s }) => {
        setLoaded(s);
        setForm({
          autoLockMinutes: String(s.autoLockMinutes),
          clipboardClearSeconds: String(s.clipboardClearSeconds),
          autoCapture: s.autoCapture,
          verifyOnCapture: s.verifyOnCapture ?? true,
          onlyIfUnchanged: s.clipboardClearOnlyIfUnchanged ?? false,
          lockOnScreenLock: s.lockOnScreenLock ?? true,
        });
      },
      (e: unknown) => setNotice({ text: t('settingsLoadFailed', errorText(e)), kind: 'error' }),
    );
  }, []);

  async function submit(e: Event) {
    e.preventDefault();
    if (!form) return;
    const errs: typeof errors = {};
    const nums: Record<string, number> = {};
    for (const k of Object.keys(LIMITS) as (keyof typeof LIMITS)[]) {
      const raw = form[k].trim();
      const n = Number(raw);
      if (raw === '' || !Number.isInteger(n) || n < LIMITS[k].min || n > LIMITS[k].max) errs[k] = t('numberRange', [LIMITS[k].min, LIMITS[k].max]);
      else nums[k] = n;
    }
    setErrors(errs);
    // A stale "Settings saved." must not sit next to a new error.
    setNotice(null);
    if (Object.keys(errs).length > 0) return;
    const settings: Settings = {
      ...loaded,
      autoLockMinutes: nums['autoLockMinutes']!,
      clipboardClearSeconds: nums['clipboardClearSeconds']!,
      autoCapture: form.autoCapture,
      verifyOnCapture: form.verifyOnCapture,
      clipboardClearOnlyIfUnchanged: form.onlyIfUnchanged,
      lockOnScreenLock: form.lockOnScreenLock,
    };
    try {
      const r = await send('settings.set', { settings });
      setLoaded(r.settings);
      setNotice({ text: t('settingsSaved'), kind: 'ok' });
    } catch (err) {
      setNotice({ text: failure('settingsSaveFailed', err), kind: 'error' });
    }
  }

  /** The option needs the optional clipboardRead permission: asked here, in the click (a user gesture). */
  async function toggleOnlyIfUnchanged(box: HTMLInputElement) {
    if (!form) return;
    const want = box.checked;
    setNotice(null);
    let granted = false;
    try {
      granted = await setClipboardRead(want);
    } catch (err) {
      box.checked = form.onlyIfUnchanged;
      setNotice({ text: failure('settingsSaveFailed', err), kind: 'error' });
      return;
    }
    if (want && !granted) {
      box.checked = false;
      setForm({ ...form, onlyIfUnchanged: false });
      setNotice({ text: t('clearOnlyIfUnchangedDenied'), kind: 'error' });
      return;
    }
    setForm({ ...form, onlyIfUnchanged: want });
  }

  const num = (k: keyof typeof LIMITS, label: string, help: string) => (
    <>
      <label for={`set-${k}`}>{label}</label>
      <input
        id={`set-${k}`}
        type="number"
        inputMode="numeric"
        min={LIMITS[k].min}
        max={LIMITS[k].max}
        step={1}
        value={form?.[k] ?? ''}
        aria-invalid={errors[k] ? true : undefined}
        aria-describedby={errors[k] ? `set-${k}-err set-${k}-help` : `set-${k}-help`}
        onInput={(e) => form && (setForm({ ...form, [k]: e.currentTarget.value }), setNotice(null))}
      />
      <p id={`set-${k}-help`} class="hint">
        {help}
      </p>
      {errors[k] && (
        <p id={`set-${k}-err`} class="error">
          {errors[k]}
        </p>
      )}
    </>
  );

  return (
    <section class="card" aria-labelledby="settings-heading">
      <form class="stack" noValidate onSubmit={(e) => void submit(e)}>
        <h2 id="settings-heading">{t('settingsHeading')}</h2>
        {form && (
          <>
            {num('autoLockMinutes', t('autoLockLabel'), t('autoLockHelp'))}
            <label class="choice">
              <input type="checkbox" checked={form.lockOnScreenLock} onChange={(e) => (setForm({ ...form, lockOnScreenLock: e.currentTarget.checked }), setNotice(null))} />{' '}
              {t('lockOnScreenLockLabel')}
            </label>
            {num('clipboardClearSeconds', t('clipboardClearLabel'), t('clipboardClearHelp'))}
            <label class="choice">
              <input type="checkbox" checked={form.autoCapture} onChange={(e) => (setForm({ ...form, autoCapture: e.currentTarget.checked }), setNotice(null))} /> {t('autoCaptureLabel')}
            </label>
            <label class="choice">
              <input
                type="checkbox"
                checked={form.verifyOnCapture}
                aria-describedby="set-verify-help"
                onChange={(e) => (setForm({ ...form, verifyOnCapture: e.currentTarget.checked }), setNotice(null))}
              />{' '}
              {t('verifyOnCaptureLabel')}
            </label>
            <p id="set-verify-help" class="hint">
              {t('verifyOnCaptureHint')}
            </p>
            <label class="choice">
              <input
                type="checkbox"
                checked={form.onlyIfUnchanged}
                aria-describedby="set-only-unchanged-help"
                onChange={(e) => void toggleOnlyIfUnchanged(e.currentTarget)}
              />{' '}
              {t('clearOnlyIfUnchangedLabel')}
            </label>
            <p id="set-only-unchanged-help" class="hint">
              {t('clearOnlyIfUnchangedHelp')}
            </p>
            <div class="actions">
              <button type="submit" class="primary">
                {t('saveSettings')}
              </button>
            </div>
          </>
        )}
        <NoticeLine notice={notice} />
      </form>
    </section>
  );
}

/** The protocol's limit for a backup file's text (backup.import: maxLength 20,000,000). */
export const MAX_BACKUP_BYTES = 20_000_000;

/** "Added 1 key, skipped 0 duplicates." with singular and plural forms. */
export function restoreSummary(added: number, skipped: number): string {
  return t('restoreSummary', [
    added === 1 ? t('restoreAddedOne') : t('restoreAddedMany', added),
    skipped === 1 ? t('restoreSkippedOne') : t('restoreSkippedMany', skipped),
  ]);
}

export function BackupSection() {
  const { send, download } = useExtension();
  const [exportNotice, setExportNotice] = useState<Notice>(null);
  const [file, setFile] = useState<File | null>(null);
  const [pass, setPass] = useState('');
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);

  async function exportBackup() {
    try {
      const r = await send('backup.export', {});
      download(r.fileName, r.json);
      setExportNotice({ text: t('backupExported', r.fileName), kind: 'ok' });
    } catch (err) {
      setExportNotice({ text: failure('backupFailed', err), kind: 'error' });
    }
  }

  async function restore(e: Event) {
    e.preventDefault();
    if (!file) return setNotice({ text: t('restoreNeedFile'), kind: 'error' });
    if (!pass) return setNotice({ text: t('passphraseRequired'), kind: 'error' });
    // The protocol's limits, checked here so the user reads a sentence, not a validation summary.
    if (file.size > MAX_BACKUP_BYTES) return setNotice({ text: t('restoreTooBig', MAX_BACKUP_BYTES / 1_000_000), kind: 'error' });
    setBusy(true);
    try {
      const json = await file.text();
      if (json.length > MAX_BACKUP_BYTES) return setNotice({ text: t('restoreTooBig', MAX_BACKUP_BYTES / 1_000_000), kind: 'error' });
      try {
        JSON.parse(json);
      } catch {
        return setNotice({ text: t('restoreNotJson'), kind: 'error' });
      }
      const r = await send('backup.import', { json, passphrase: pass });
      setNotice({ text: restoreSummary(r.added, r.skipped), kind: 'ok' });
      setPass('');
    } catch (err) {
      const code = errorCode(err);
      setNotice({ text: code === 'WRONG_PASSPHRASE' ? t('wrongPassphrase') : code === 'BAD_BACKUP' ? t('restoreBadBackup') : failure('restoreFailed', err), kind: 'error' });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="card stack" aria-labelledby="backup-heading">
      <h2 id="backup-heading">{t('backupHeading')}</h2>
      <p class="hint">{t('backupHelp')}</p>
      <div class="actions">
        <button type="button" onClick={() => void exportBackup()}>
          {t('exportBackup')}
        </button>
      </div>
      <NoticeLine notice={exportNotice} />
      <form class="stack" noValidate onSubmit={(e) => void restore(e)}>
        <h3>{t('restoreHeading')}</h3>
        <label for="bk-file">{t('backupFile')}</label>
        <input id="bk-file" type="file" accept="application/json,.json" onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />
        <label for="bk-pass">{t('backupPassphrase')}</label>
        <input id="bk-pass" type="password" autoComplete="off" maxLength={MAX_PASSPHRASE_LENGTH} value={pass} onInput={(e) => setPass(e.currentTarget.value)} />
        <div class="actions">
          <button type="submit" class="primary" disabled={busy}>
            {t('restoreBackup')}
          </button>
        </div>
        <NoticeLine notice={notice} />
      </form>
    </section>
  );
}

export function PassphraseSection() {
  const { send, strength } = useExtension();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<{ current?: string; next?: string; confirm?: string }>({});
  const [notice, setNotice] = useState<Notice>(null);
  // Loads zxcvbn as soon as a new passphrase is typed, so the check on submit is quick.
  usePassphraseStrength(next);

  async function submit(e: Event) {
    e.preventDefault();
    const errs: typeof errors = {};
    if (!current) errs.current = t('passphraseRequired');
    const len = passphraseLength(next);
    if (len < MIN_PASSPHRASE_LENGTH) errs.next = t('createReasonShort', [MIN_PASSPHRASE_LENGTH, len]);
    // UTF-16 units, as the protocol (and maxlength) count: not code points.
    else if (next.length > MAX_PASSPHRASE_LENGTH) errs.next = t('createReasonLong', MAX_PASSPHRASE_LENGTH);
    else if (passphraseProblem(next)) errs.next = t('createReasonWeak');
    else {
      // zxcvbn (shared/strength.ts); when it cannot load here, the service worker's check decides.
      const verdict = await strength(next).catch(() => null);
      if (verdict && !verdict.acceptable) errs.next = t('createReasonGuessable', verdict.reasons.join(' '));
    }
    if (confirm !== next) errs.confirm = t('passphraseMismatch');
    setErrors(errs);
    setNotice(null);
    if (Object.keys(errs).length > 0) return;
    try {
      // Changing the passphrase of a locked vault leaves it unlocked (it had to be opened): say so.
      const before = await send('vault.status', {}).then((r) => r.state, () => null);
      const r = await send('vault.changePassphrase', { current, next });
      setCurrent('');
      setNext('');
      setConfirm('');
      setNotice({ text: before === 'locked' && r.state === 'unlocked' ? t('passphraseChangedUnlocked') : t('passphraseChanged'), kind: 'ok' });
    } catch (err) {
      if (errorCode(err) === 'WRONG_PASSPHRASE') setErrors({ current: t('wrongPassphrase') });
      else setNotice({ text: failure('changeFailed', err), kind: 'error' });
    }
  }

  const field = (id: 'current' | 'next' | 'confirm', label: string, value: string, set: (s: string) => void, auto: string) => (
    <>
      <label for={`pp-${id}`}>{label}</label>
      <input
        id={`pp-${id}`}
        type="password"
        autoComplete={auto}
        maxLength={MAX_PASSPHRASE_LENGTH}
        value={value}
        aria-invalid={errors[id] ? true : undefined}
        aria-describedby={errors[id] ? `pp-${id}-err` : undefined}
        onInput={(e) => set(e.currentTarget.value)}
      />
      {errors[id] && (
        <p id={`pp-${id}-err`} class="error">
          {errors[id]}
        </p>
      )}
    </>
  );

  return (
    <section class="card" aria-labelledby="pp-heading">
      <form class="stack" noValidate onSubmit={(e) => void submit(e)}>
        <h2 id="pp-heading">{t('changePassphraseHeading')}</h2>
        {field('current', t('currentPassphrase'), current, setCurrent, 'current-password')}
        {field('next', t('newPassphrase'), next, setNext, 'new-password')}
        {field('confirm', t('confirmNewPassphrase'), confirm, setConfirm, 'new-password')}
        <div class="actions">
          <button type="submit" class="primary">
            {t('changePassphrase')}
          </button>
        </div>
        <NoticeLine notice={notice} />
      </form>
    </section>
  );
}

/** "Rotate vault key": a new key pair and vault id, every stored key re-sealed; the passphrase stays. */
export function RotateSection() {
  const { send } = useExtension();
  const [pass, setPass] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    setNotice(null);
    if (!pass) return setError(t('passphraseRequired'));
    setError(null);
    setBusy(true);
    try {
      await send('vault.rotateKey', { passphrase: pass });
      setPass('');
      setNotice({ text: t('rotated'), kind: 'ok' });
    } catch (err) {
      if (errorCode(err) === 'WRONG_PASSPHRASE') setError(t('wrongPassphrase'));
      else setNotice({ text: failure('rotateFailed', err), kind: 'error' });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="card" aria-labelledby="rot-heading">
      <form class="stack" noValidate onSubmit={(e) => void submit(e)}>
        <h2 id="rot-heading">{t('rotateHeading')}</h2>
        <p id="rot-help" class="hint">
          {t('rotateHelp')}
        </p>
        <label for="rot-pass">{t('rotatePassphrase')}</label>
        <input
          id="rot-pass"
          type="password"
          autoComplete="current-password"
          maxLength={MAX_PASSPHRASE_LENGTH}
          value={pass}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'rot-pass-err rot-help' : 'rot-help'}
          onInput={(e) => setPass(e.currentTarget.value)}
        />
        {error && (
          <p id="rot-pass-err" class="error">
            {error}
          </p>
        )}
        <div class="actions">
          <button type="submit" class="primary" disabled={busy}>
            {t('rotateKey')}
          </button>
        </div>
        <NoticeLine notice={notice} />
      </form>
    </section>
  );
}
