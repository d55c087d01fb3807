/** The popup: vault.status decides between first run, locked and unlocked. */
import { useLayoutEffect, useState } from 'preact/hooks';
import type { VaultState } from '../shared/messages';
import { t } from '../shared/i18n';
import { errorText, useExtension } from '../ui/extension';
import { FirstRun } from './FirstRun';
import { Locked } from './Locked';
import { Unlocked } from './Unlocked';

export function Popup() {
  const { send } = useExtension();
  const [state, setState] = useState<VaultState | null>(null);
  const [error, setError] = useState<string | null>(null);

  // Layout effects, not effects: Preact runs effects after a paint, and the popup's first requests
  // should not wait a frame each (npm run bench, figure 4).
  useLayoutEffect(() => {
    send('vault.status', {}).then(
      (r) => setState(r.state),
      (e: unknown) => setError(t('statusFailed', errorText(e))),
    );
  }, [send]);

  return (
    <main class="popup">
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {!error && state === null && <p role="status">{t('loading')}</p>}
      {state === 'uninitialized' && <FirstRun onDone={setState} />}
      {state === 'locked' && <Locked onDone={setState} />}
      {state === 'unlocked' && <Unlocked onLocked={() => setState('locked')} />}
    </main>
  );
}
