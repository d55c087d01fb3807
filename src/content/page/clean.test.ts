import { describe, expect, it } from 'vitest';
import { cleanName } from './clean';

describe('cleanName', () => {
  it('drops bidi controls (U+202A–202E, U+2066–2069, U+200E/F) and C0/C1 controls, then trims', () => {
    expect(cleanName('\u202Ecod.exe\u202C')).toBe('cod.exe');
    expect(cleanName('\u2066a\u2067b\u2068c\u2069\u200Ed\u200F\u202A\u202B\u202D')).toBe('abcd');
    expect(cleanName(' \u0000ci\u0007-\u001Fkey\u007F\u0085\u009F\t\n')).toBe('ci-key');
    expect(cleanName('Données · 東京 🔑')).toBe('Données · 東京 🔑');
  });

  it('caps at 200 UTF-16 units, never splitting a surrogate pair', () => {
    expect(cleanName('a'.repeat(300))).toBe('a'.repeat(200));
    expect(cleanName('\u202E' + 'b'.repeat(210))).toHaveLength(200);
    const cut = cleanName('a'.repeat(199) + '🔑🔑');
    expect(cut).toBe('a'.repeat(199));
    expect(cleanName('\u200E'.repeat(500))).toBe('');
  });
});
