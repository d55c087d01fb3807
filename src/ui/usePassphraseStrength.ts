import { useEffect, useState } from 'preact/hooks';
import type { StrengthVerdict } from '../shared/strengthTypes';
import { useExtension } from './extension';

/**
 * zxcvbn's verdict on `passphrase` as the user types: null while it is being estimated (the first
 * time the dictionaries load, ~0.5 s), `'unavailable'` when the estimator could not be loaded (the
 * service worker still checks). A later passphrase's answer replaces an earlier one's, never the
 * other way round.
 */
export function usePassphraseStrength(passphrase: string): StrengthVerdict | null | 'unavailable' {
  const { strength } = useExtension();
  const [verdict, setVerdict] = useState<{ for: string; v: StrengthVerdict | 'unavailable' } | null>(null);
  useEffect(() => {
    let current = true;
    if (!passphrase) return;
    strength(passphrase).then(
      (v) => current && setVerdict({ for: passphrase, v }),
      () => current && setVerdict({ for: passphrase, v: 'unavailable' }),
    );
    return () => {
      current = false;
    };
  }, [passphrase, strength]);
  return verdict && verdict.for === passphrase ? verdict.v : null;
}
