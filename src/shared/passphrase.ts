/**
 * Passphrase policy and a strength hint for the UI. Pure: no browser API, no crypto.
 *
 * Minimum 12 characters. NIST SP 800-63B (§5.1.1.2, "Memorized Secret Verifiers") asks for at least
 * 8 characters and for allowing at least 64 without composition rules; we ask for 12 because this
 * passphrase guards data an attacker can copy and guess offline (the wrapped vault key), which is
 * why OWASP's Password Storage and Authentication cheat sheets pair slow hashing with longer
 * secrets. Long passphrases are welcome (up to 1024 characters, the protocol's limit); no rule
 * demands digits or symbols: the hint only suggests length and variety.
 */

export const MIN_PASSPHRASE_LENGTH = 12;
export const MAX_PASSPHRASE_LENGTH = 1024;

export interface PassphraseStrength {
  /** 0 (unusable) … 4 (strong). Below MIN_PASSPHRASE_LENGTH the score is at most 1. */
  score: 0 | 1 | 2 | 3 | 4;
  hint: string;
}

const COMMON = ['password', 'passphrase', 'qwerty', 'azerty', 'letmein', 'welcome', 'cloudcraft', 'admin', 'secret', '123456', 'abc123', 'iloveyou', 'monkey', 'dragon'];

/** Length in code points (an emoji counts as one character, as a user would count it). */
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
  if (len === 0) return { score: 0, hint: `Choose a passphrase of at least ${MIN_PASSPHRASE_LENGTH} characters.` };
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
    return { score: bits >= 28 ? 1 : 0, hint: `Too short: use at least ${MIN_PASSPHRASE_LENGTH} characters (${len} so far). Several unrelated words work well.` };
  }
  if (commonHit && bits < 60) return { score: 1, hint: 'Avoid common words and patterns such as "password" or "123456".' };
  if (bits < 45) return { score: 1, hint: 'Weak: avoid repeated characters and sequences; add more unrelated words.' };
  if (bits < 60) return { score: 2, hint: 'Fair: a few more words or characters would make it much harder to guess.' };
  if (bits < 80) return { score: 3, hint: 'Good.' };
  return { score: 4, hint: 'Strong.' };
}

/** Why `p` cannot be a vault passphrase, or null when it can. */
export function passphraseProblem(p: string): string | null {
  const len = passphraseLength(p);
  if (len < MIN_PASSPHRASE_LENGTH) return `The passphrase must have at least ${MIN_PASSPHRASE_LENGTH} characters.`;
  if (len > MAX_PASSPHRASE_LENGTH) return `The passphrase must have at most ${MAX_PASSPHRASE_LENGTH} characters.`;
  if (new Set(p).size < 4) return 'The passphrase repeats too few different characters.';
  return null;
}
