/**
 * What the pages need to know of passphrase strength without loading zxcvbn (shared/strength.ts):
 * where the build puts its dictionaries, and the shape of a verdict.
 */

/**
 * Where the build puts zxcvbn's code for the pages (vite.config.ts), as a path from the extension's
 * root: the pages import it by this literal path (ui/extension.tsx, `pageStrength`).
 */
export const STRENGTH_MODULE_PATH = '/assets/strength.js';

/** Where the build puts the dictionaries, inside the extension (vite.config.ts). */
export const STRENGTH_DATA_PATH = 'zxcvbn/dictionaries.json';

export interface StrengthVerdict {
  /** zxcvbn's score, 0 (too guessable) … 4 (very unguessable); 0 when the length rules fail. */
  score: 0 | 1 | 2 | 3 | 4;
  /** Whether the vault accepts it (length rules, and score ≥ MIN_STRENGTH_SCORE of shared/strength.ts). */
  acceptable: boolean;
  /** Why it is refused or how to improve it, localized: zxcvbn's warning first, then its suggestions. Empty when there is nothing to say. */
  reasons: string[];
}
