/**
 * Entry of `assets/strength.js`: zxcvbn for the extension pages that set a passphrase, loaded by
 * them on demand (ui/extension.tsx, `pageStrength`), so the popup's own script stays small.
 */
import { createStrengthEstimator, fetchStrengthData } from '../shared/strength';

/** The estimator over the dictionaries at `dataUrl` (the extension's `zxcvbn/dictionaries.json`). */
export function createPageStrength(dataUrl: string) {
  return createStrengthEstimator(fetchStrengthData(dataUrl));
}
