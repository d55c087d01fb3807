import { describe, expect, it } from 'vitest';
import { MIN_PASSPHRASE_LENGTH, passphraseProblem, passphraseStrength } from './passphrase';

describe('passphrase policy', () => {
  it('requires 12 characters, counted as a user counts them', () => {
    expect(MIN_PASSPHRASE_LENGTH).toBe(12);
    expect(passphraseProblem('elevenchars')).toMatch(/at least 12/);
    expect(passphraseProblem('twelve chars')).toBeNull();
    expect(passphraseProblem('🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑')).not.toBeNull(); // 11 emoji, 22 UTF-16 units
    expect(passphraseProblem('aaaaaaaaaaaaaaaa')).not.toBeNull();
    expect(passphraseProblem('x'.repeat(1025))).toMatch(/at most/);
  });

  it('scores 0-4 with a hint', () => {
    expect(passphraseStrength('')).toMatchObject({ score: 0 });
    expect(passphraseStrength('abc').score).toBeLessThanOrEqual(1);
    expect(passphraseStrength('password1234').score).toBeLessThanOrEqual(1);
    expect(passphraseStrength('abcdefghijklmnop').score).toBeLessThanOrEqual(1);
    expect(passphraseStrength('correct horse battery staple').score).toBeGreaterThanOrEqual(3);
    expect(passphraseStrength('Tr0ub4dor&3-purple-Ocean-lamp!').score).toBe(4);
    for (const p of ['', 'a', 'password1234', 'correct horse battery staple']) {
      const s = passphraseStrength(p);
      expect(s.score).toBeGreaterThanOrEqual(0);
      expect(s.score).toBeLessThanOrEqual(4);
      expect(s.hint.length).toBeGreaterThan(0);
      if (p.length >= 12) expect(s.hint).not.toContain(p);
    }
  });

  it('limits the length in UTF-16 units, as the protocol does, and never rates a refused passphrase strong', () => {
    const emoji = 'a1🔑B'.repeat(205); // 820 code points, 1025 UTF-16 units
    expect(passphraseProblem(emoji)).toBe('The passphrase must have at most 1024 characters (emoji and some symbols count as two).');
    expect(passphraseProblem('a1🔑B'.repeat(204) + 'x')).toBeNull(); // 1021 units
    const long = 'Tr0ub4dor&3-purple-Ocean-lamp!'.repeat(35);
    expect(passphraseStrength(long)).toEqual({ score: 1, hint: 'The passphrase must have at most 1024 characters (emoji and some symbols count as two).' });
    expect(passphraseStrength('password1234')).toEqual({ score: 1, hint: 'Avoid common words and patterns such as "password" or "123456".' });
    expect(passphraseProblem('elevenchars')).toBe('The passphrase must have at least 12 characters.');
  });
});
