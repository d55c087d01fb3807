import { describe, expect, it } from 'vitest';
import { diskStrength } from '../test/strength';

describe('passphrase strength (zxcvbn)', () => {
  it('refuses short passphrases people do pick (common words, keyboard rows, the site name), and says why', async () => {
    expect(await diskStrength('password1234')).toEqual({
      score: 1,
      acceptable: false,
      reasons: ['This is similar to a commonly used password.', 'Add more words that are less common.'],
    });
    expect(await diskStrength('qwertyuiop12')).toMatchObject({ score: 1, acceptable: false });
    expect(await diskStrength('cloudcraft12')).toEqual({
      score: 1,
      acceptable: false,
      reasons: ['Words about Cloudcraft, API keys or this vault are easy to guess.', 'Add more words that are less common.'],
    });
  });

  it('accepts several unrelated words, and applies the length rules first', async () => {
    expect(await diskStrength('correct horse battery staple')).toEqual({ score: 4, acceptable: true, reasons: [] });
    expect(await diskStrength('short')).toEqual({ score: 0, acceptable: false, reasons: ['The passphrase must have at least 12 characters.'] });
    expect(await diskStrength('aaaaaaaaaaaaaaaa')).toEqual({ score: 0, acceptable: false, reasons: ['The passphrase repeats too few different characters.'] });
  });
});
