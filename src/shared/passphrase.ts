/**
 * Passphrase length rules. Pure: no browser API, no crypto. How guessable a passphrase is, is
 * zxcvbn's call (shared/strength.ts), after these rules.
 *
 * Minimum 12 characters. NIST SP 800-63B (§5.1.1.2, "Memorized Secret Verifiers") asks for at least
 * 8 characters and for allowing at least 64 without composition rules; we ask for 12 because this
 * passphrase guards data an attacker can copy and guess offline (the wrapped vault key), which is
 * why OWASP's Password Storage and Authentication cheat sheets pair slow hashing with longer
 * secrets. Long passphrases are welcome (up to 1024 UTF-16 code units, the protocol's limit: the
 * `Passphrase` schema in messages.ts and an `<input maxlength>` count the same unit); no rule demands
 * digits or symbols. Texts come from _locales (`t`).
 */
import { t } from './i18n';

export const MIN_PASSPHRASE_LENGTH = 12;
/** In UTF-16 code units (`string.length`), as the protocol's `v.maxLength(1024)` and `maxlength` count. */
export const MAX_PASSPHRASE_LENGTH = 1024;

/** Length in code points (an emoji counts as one character, as a user would count it): the minimum. */
export function passphraseLength(p: string): number {
  return [...p].length;
}

/** Why `p` cannot be a vault passphrase (localized), or null when it can. */
export function passphraseProblem(p: string): string | null {
  if (passphraseLength(p) < MIN_PASSPHRASE_LENGTH) return t('ppProblemShort', MIN_PASSPHRASE_LENGTH);
  // UTF-16 units, not code points: 600 emoji are 600 characters to a user but 1200 units to the protocol.
  if (p.length > MAX_PASSPHRASE_LENGTH) return t('ppProblemLong', MAX_PASSPHRASE_LENGTH);
  if (new Set(p).size < 4) return t('ppProblemRepeats');
  return null;
}
