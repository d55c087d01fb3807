/** Vitest setup (ui and core projects): `t()` has no browser i18n API in tests, so give it the English file. */
import en from '../../public/_locales/en/messages.json';
import { setFallbackMessages } from '../shared/i18n';

setFallbackMessages(en);
