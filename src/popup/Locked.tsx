/** Locked: the passphrase unlocks; a wrong one says so inline and keeps the input focused. */
import { useRef, useState } from 'preact/hooks';
import type { VaultState } from '../shared/protocol';
import { MAX_PASSPHRASE_LENGTH } from '../shared/passphrase';
import { t } from '../shared/i18n';
import { errorCode, errorText, useExtension } from '../ui/extension';

export function Locked(props: { onDone: (s: VaultState) => void }) {
  const { send } = useExtension();
  const [pass, setPass] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    if (!pass) {
      setError(t('passphraseRequired'));
      input.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const r = await send('vault.unlock', { passphrase: pass });
      props.onDone(r.state);
    } catch (err) {
      const code = errorCode(err);
      // RATE_LIMITED: the service worker's sentence says how long to wait ("… try again in 8 s.").
      setError(code === 'WRONG_PASSPHRASE' ? t('wrongPassphrase') : code === 'RATE_LIMITED' ? errorText(err) : t('unlockFailed', errorText(err)));
      setBusy(false);
      input.current?.focus();
      input.current?.select();
    }
  }

  return (
    <form class="stack" onSubmit={submit} noValidate>
      <h1>{t('lockedTitle')}</h1>
      <label for="lk-pass">{t('passphrase')}</label>
      <input
        id="lk-pass"
        ref={input}
        type="password"
        autoComplete="current-password"
        autoFocus
        maxLength={MAX_PASSPHRASE_LENGTH}
        value={pass}
        aria-invalid={error !== null}
        aria-describedby={error ? 'lk-error' : undefined}
        onInput={(e) => setPass(e.currentTarget.value)}
      />
      {error && (
        <p id="lk-error" class="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" class="primary" disabled={busy}>
        {t('unlock')}
      </button>
    </form>
  );
}
