import { t } from '../shared/i18n';

/** The localized hint for a `passphraseStrength` score (src/shared/passphrase.ts). */
export function strengthWords(score: 0 | 1 | 2 | 3 | 4, typed: boolean): string {
  if (!typed) return t('strengthEmpty');
  return [t('strength0'), t('strength1'), t('strength2'), t('strength3'), t('strength4')][score]!;
}
