/**
 * The popup: the vault's state decides between first run, locked and unlocked. The state read from
 * storage as the popup opened (`start.vault`, shared/firstView.ts) shows at once; the worker's
 * answer to vault.touch confirms it, or decides alone where there is no start.
 */
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { VaultState } from '../shared/protocol';
import { t } from '../shared/i18n';
import { errorCode, errorText, useExtension } from '../ui/extension';
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
  /** The user moved on (created, unlocked or locked the vault): the opening's answer no longer applies. */
  const moved = useRef(false);
  const go = (next: VaultState) => {
    moved.current = true;
    setStart(undefined);
    setState(next);
  };

  // Opening the popup is user activity (vault.touch re-arms auto-lock when unlocked) and the
  // worker's answer is the vault's state: it confirms the one read from storage, and where they
  // differ the worker wins (e.g. a session it rejects: the locked view, and the worker has locked it
  // by now), or it is the only answer when there was no start. A layout effect, not an effect:
  // Preact runs effects after a paint (npm run bench, figure 4).
  useLayoutEffect(() => {
    send('vault.touch', {}).then(
      (r) => {
        if (moved.current) return;
        if (r.state !== props.start?.vault) setStart(undefined);
        setState(r.state);
      },
      (e: unknown) => {
        if (moved.current) return;
        // Only the error then: no view the worker did not confirm. A damaged header is the
        // worker's own answer, not a failure to reach it: its text says what to do.
        setError(errorCode(e) === 'CORRUPT_RECORD' ? errorText(e) : t('statusFailed', errorText(e)));
        setStart(undefined);
        setState(null);
      },
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
