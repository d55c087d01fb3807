/**
 * Passphrase policy and a strength hint for the UI. Pure: no browser API, no crypto.
 *
 * Minimum 12 characters. NIST SP 800-63B (§5.1.1.2, "Memorized Secret Verifiers") asks for at least
 * 8 characters and for allowing at least 64 without composition rules; we ask for 12 because this
 * passphrase guards data an attacker can copy and guess offline (the wrapped vault key), which is
 * why OWASP's Password Storage and Authentication cheat sheets pair slow hashing with longer
 * secrets. Long passphrases are welcome (up to 1024 UTF-16 code units, the protocol's limit: the
 * `Passphrase` schema in messages.ts and an `<input maxlength>` count the same unit); no rule demands
 * digits or symbols: the hint only suggests length and variety. Texts come from _locales (`t`).
 */
import { t } from './i18n';

export const MIN_PASSPHRASE_LENGTH = 12;
/** In UTF-16 code units (`string.length`), as the protocol's `v.maxLength(1024)` and `maxlength` count. */
export const MAX_PASSPHRASE_LENGTH = 1024;

export interface PassphraseStrength {
  /** 0 (unusable) … 4 (strong). Below MIN_PASSPHRASE_LENGTH the score is at most 1. */
  score: 0 | 1 | 2 | 3 | 4;
  hint: string;
}

const COMMON = ['password', 'passphrase', 'qwerty', 'azerty', 'letmein', 'welcome', 'cloudcraft', 'admin', 'secret', '123456', 'abc123', 'iloveyou', 'monkey', 'dragon'];

/** Length in code points (an emoji counts as one character, as a user would count it): the minimum. */
export function passphraseLength(p: string): number {
  return [...p].length;
}

/**
 * A rough estimate, not a guarantee: bits ≈ effective length × log2(alphabet), where repeated
 * characters, runs like "abcd"/"1234" and common words count for little.
 */
export function passphraseStrength(p: string): PassphraseStrength {
  const chars = [...p];
  const len = chars.length;
  if (len === 0) return { score: 0, hint: t('ppHintEmpty', MIN_PASSPHRASE_LENGTH) };
  let pool = 0;
  if (/[a-z]/.test(p)) pool += 26;
  if (/[A-Z]/.test(p)) pool += 26;
  if (/[0-9]/.test(p)) pool += 10;
  if (/[^A-Za-z0-9]/.test(p)) pool += 33;
  let lower = p.toLowerCase();
  let commonHit = false;
  for (const w of COMMON) {
    if (lower.includes(w)) {
      commonHit = true;
      lower = lower.split(w).join('#');
    }
  }
  // Effective length: drop characters equal to, or one step from, the previous one.
  const reduced = [...lower];
  let effective = 0;
  for (let i = 0; i < reduced.length; i++) {
    const prev = i > 0 ? reduced[i - 1]!.codePointAt(0)! : -10;
    const cur = reduced[i]!.codePointAt(0)!;
    effective += Math.abs(cur - prev) <= 1 ? 0.25 : 1;
  }
  const distinct = new Set(chars).size;
  effective = Math.min(effective, distinct * 2.5);
  const bits = effective * Math.log2(Math.max(pool, 2));

  if (len < MIN_PASSPHRASE_LENGTH) {
    return { score: bits >= 28 ? 1 : 0, hint: t('ppHintShort', [MIN_PASSPHRASE_LENGTH, len]) };
  }
  // A passphrase the vault refuses is never "strong" (the UI would show "Strength: strong" next to its problem).
  const problem = passphraseProblem(p);
  if (problem) return { score: bits >= 28 ? 1 : 0, hint: problem };
  if (commonHit && bits < 60) return { score: 1, hint: t('ppHintCommon') };
  if (bits < 45) return { score: 1, hint: t('ppHintWeak') };
  if (bits < 60) return { score: 2, hint: t('ppHintFair') };
  if (bits < 80) return { score: 3, hint: t('ppHintGood') };
  return { score: 4, hint: t('ppHintStrong') };
}

/** Why `p` cannot be a vault passphrase (localized), or null when it can. */
export function passphraseProblem(p: string): string | null {
  if (passphraseLength(p) < MIN_PASSPHRASE_LENGTH) return t('ppProblemShort', MIN_PASSPHRASE_LENGTH);
  // UTF-16 units, not code points: 600 emoji are 600 characters to a user but 1200 units to the protocol.
  if (p.length > MAX_PASSPHRASE_LENGTH) return t('ppProblemLong', MAX_PASSPHRASE_LENGTH);
  if (new Set(p).size < 4) return t('ppProblemRepeats');
  return null;
}
