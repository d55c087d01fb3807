import { describe, expect, it } from 'vitest';
import { MIN_PASSPHRASE_LENGTH, passphraseProblem } from './passphrase';

describe('passphrase policy', () => {
  it('requires 12 characters, counted as a user counts them', () => {
    expect(MIN_PASSPHRASE_LENGTH).toBe(12);
    expect(passphraseProblem('elevenchars')).toMatch(/at least 12/);
    expect(passphraseProblem('twelve chars')).toBeNull();
    expect(passphraseProblem('🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑')).not.toBeNull(); // 11 emoji, 22 UTF-16 units
    expect(passphraseProblem('aaaaaaaaaaaaaaaa')).not.toBeNull();
    expect(passphraseProblem('x'.repeat(1025))).toMatch(/at most/);
  });

  it('limits the length in UTF-16 units, as the protocol does', () => {
    const emoji = 'a1🔑B'.repeat(205); // 820 code points, 1025 UTF-16 units
    expect(passphraseProblem(emoji)).toBe('The passphrase must have at most 1024 characters (emoji and some symbols count as two).');
    expect(passphraseProblem('a1🔑B'.repeat(204) + 'x')).toBeNull(); // 1021 units
    expect(passphraseProblem('elevenchars')).toBe('The passphrase must have at least 12 characters.');
  });
});
