import { t } from '../shared/i18n';

/** "Strength: …" for a zxcvbn score (shared/strength.ts); the empty-field hint when nothing is typed. */
export function strengthWords(score: 0 | 1 | 2 | 3 | 4, typed: boolean): string {
  if (!typed) return t('strengthEmpty');
  return [t('strength0'), t('strength1'), t('strength2'), t('strength3'), t('strength4')][score]!;
}
