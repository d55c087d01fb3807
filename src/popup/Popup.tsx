/** The popup: vault.status decides between first run, locked and unlocked. */
import { useLayoutEffect, useState } from 'preact/hooks';
import type { VaultState } from '../shared/messages';
import { t } from '../shared/i18n';
import { errorText, useExtension } from '../ui/extension';
import { FirstRun } from './FirstRun';
import { Locked } from './Locked';
import { Unlocked, type UnlockedStart } from './Unlocked';

/** The answers main.tsx collected before the first render (each field optional: see UnlockedStart). */
export interface PopupStart extends UnlockedStart {
  vault?: VaultState;
}

export function Popup(props: { start?: PopupStart }) {
  const { send } = useExtension();
  const [state, setState] = useState<VaultState | null>(props.start?.vault ?? null);
  const [error, setError] = useState<string | null>(null);
  // The start answers describe the popup as it opened: they fill the unlocked view only if the
  // vault was unlocked then, and only that first view (after a lock and unlock it asks afresh).
  const [start, setStart] = useState(props.start?.vault === 'unlocked' ? props.start : undefined);
  const go = (next: VaultState) => {
    setStart(undefined);
    setState(next);
  };

  // Layout effects, not effects: Preact runs effects after a paint, and the popup's first requests
  // should not wait a frame each (npm run bench, figure 4).
  useLayoutEffect(() => {
    if (props.start?.vault) return;
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
      {state === 'uninitialized' && <FirstRun onDone={go} />}
      {state === 'locked' && <Locked onDone={go} />}
      {state === 'unlocked' && <Unlocked start={start} onLocked={() => go('locked')} />}
    </main>
  );
}
