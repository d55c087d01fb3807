import { t } from '../shared/i18n';

/**
 * Sets the page title and language from the locale actually used (axe: document-title,
 * html-has-lang): `htmlLang` is translated with the messages, so it matches the text shown.
 */
export function applyDocumentLanguage(doc: Document, titleKey: 'extName' | 'optionsTitle' = 'extName'): void {
  doc.title = t(titleKey);
  doc.documentElement.lang = t('htmlLang');
}
