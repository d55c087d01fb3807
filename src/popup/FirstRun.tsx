/**
 * First run: choose the vault passphrase (min 12 characters, confirmed). Its strength is zxcvbn's
 * (shared/strength.ts, loaded when this view shows), with the reasons a weak one is refused; the
 * service worker checks the same again.
 */
import { useState } from 'preact/hooks';
import type { VaultState } from '../shared/protocol';
import { t } from '../shared/i18n';
import { MAX_PASSPHRASE_LENGTH, MIN_PASSPHRASE_LENGTH, passphraseLength, passphraseProblem } from '../shared/passphrase';
import { errorText, useExtension } from '../ui/extension';
import { strengthWords } from '../ui/strength';
import { usePassphraseStrength } from '../ui/usePassphraseStrength';

export function FirstRun(props: { onDone: (s: VaultState) => void }) {
  const { send } = useExtension();
  const [pass, setPass] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const verdict = usePassphraseStrength(pass);

  const mismatch = confirm.length > 0 && confirm !== pass;
  const problem = passphraseProblem(pass);
  const reason =
    pass.length === 0
      ? t('createReasonEmpty', MIN_PASSPHRASE_LENGTH)
      : passphraseLength(pass) < MIN_PASSPHRASE_LENGTH
        ? t('createReasonShort', [MIN_PASSPHRASE_LENGTH, passphraseLength(pass)])
        : pass.length > MAX_PASSPHRASE_LENGTH
          ? t('createReasonLong', MAX_PASSPHRASE_LENGTH)
          : problem
            ? t('createReasonWeak')
            : verdict === null
              ? t('createReasonChecking')
              : verdict !== 'unavailable' && !verdict.acceptable
                ? t('createReasonGuessable', verdict.reasons.join(' '))
                : confirm !== pass
                  ? t('createReasonConfirm')
                  : null;
  const strengthLine =
    pass.length === 0 || problem || verdict === null
      ? strengthWords(0, pass.length > 0 && !!problem)
      : verdict === 'unavailable'
        ? t('strengthUnavailable')
        : strengthWords(verdict.score, true);
  const tips = verdict && verdict !== 'unavailable' && verdict.acceptable ? verdict.reasons : [];

  async function submit(e: Event) {
    e.preventDefault();
    if (reason || busy) return;
    setBusy(true);
    setError(null);
    try {
      const r = await send('vault.create', { passphrase: pass });
      props.onDone(r.state);
    } catch (err) {
      setError(t('createFailed', errorText(err)));
      setBusy(false);
    }
  }

  return (
    <form class="stack" onSubmit={submit} noValidate>
      <h1>{t('firstRunTitle')}</h1>
      <p>{t('firstRunIntro')}</p>
      <label for="fr-pass">{t('passphrase')}</label>
      <input
        id="fr-pass"
        type="password"
        autoComplete="new-password"
        autoFocus
        maxLength={MAX_PASSPHRASE_LENGTH}
        value={pass}
        aria-describedby="fr-strength"
        onInput={(e) => setPass(e.currentTarget.value)}
      />
      <p id="fr-strength" class="hint" aria-live="polite">
        {strengthLine}
        {tips.length > 0 && ` ${tips.join(' ')}`}
      </p>
      <label for="fr-confirm">{t('confirmPassphrase')}</label>
      <input
        id="fr-confirm"
        type="password"
        autoComplete="new-password"
        maxLength={MAX_PASSPHRASE_LENGTH}
        value={confirm}
        aria-invalid={mismatch}
        aria-describedby={mismatch ? 'fr-mismatch' : undefined}
        onInput={(e) => setConfirm(e.currentTarget.value)}
      />
      {mismatch && (
        <p id="fr-mismatch" class="error">
          {t('passphraseMismatch')}
        </p>
      )}
      <button type="submit" class="primary" disabled={reason !== null || busy} aria-describedby={reason ? 'fr-reason' : undefined}>
        {t('createVault')}
      </button>
      {reason && (
        <p id="fr-reason" class="hint">
          {reason}
        </p>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
