/**
 * Passphrase strength, estimated by zxcvbn (`@zxcvbn-ts/core`, the maintained TypeScript port of
 * Dropbox's zxcvbn; D. L. Wheeler, "zxcvbn: Low-Budget Password Strength Estimation", USENIX
 * Security 2016) with its common and English dictionaries: common passwords, words, names,
 * keyboard patterns, sequences, dates, l33t. Used by the pages that set a passphrase (the popup's
 * first run, the options page) to say why one is weak, and by the service worker, which refuses a
 * weak one whatever the page did.
 *
 * The dictionaries (2.4 MB of JSON) are not part of any script: the build writes them to
 * `STRENGTH_DATA_PATH` (vite.config.ts) and they are fetched only when a passphrase is being set.
 * Pages and the worker pass a loader (`StrengthLoader`); tests load the same packages from disk.
 *
 * Policy: a passphrase must pass the length rules (shared/passphrase.ts) and score at least
 * `MIN_STRENGTH_SCORE`. zxcvbn's scores (its documentation): 3 is "safely unguessable: moderate
 * protection from offline slow-hash scenario" (about 10^8 to 10^10 guesses), 4 "very unguessable"
 * (10^10 or more). A stolen profile or backup is exactly that offline scenario, slowed by PBKDF2
 * (600,000 iterations each guess), so 3 is the floor. Words that describe this extension and its
 * vault ("cloudcraft", "vault", "passphrase"…) count as guessable, as zxcvbn's user inputs.
 */
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { t, type MessageKey } from './i18n';
import { passphraseProblem } from './passphrase';

import { STRENGTH_DATA_PATH, type StrengthVerdict } from './strengthTypes';

export { STRENGTH_DATA_PATH, type StrengthVerdict };
/** The lowest zxcvbn score a vault passphrase may have (see the module comment). */
export const MIN_STRENGTH_SCORE = 3;
/** Guessable in the context of this extension (zxcvbn "user inputs"). */
export const CONTEXT_WORDS = ['cloudcraft', 'cloud', 'craft', 'api', 'key', 'keys', 'helper', 'vault', 'passphrase', 'password', 'secret'];

/** The dictionaries: what `@zxcvbn-ts/language-common` and `-en` export, as plain JSON. */
export interface StrengthData {
  dictionary: Record<string, string[]>;
  graphs: Record<string, Record<string, (string | null)[]>>;
}
export type StrengthLoader = () => Promise<StrengthData>;

const WARNINGS = {
  straightRow: 'zxWarnStraightRow',
  keyPattern: 'zxWarnKeyPattern',
  simpleRepeat: 'zxWarnSimpleRepeat',
  extendedRepeat: 'zxWarnExtendedRepeat',
  sequences: 'zxWarnSequences',
  recentYears: 'zxWarnRecentYears',
  dates: 'zxWarnDates',
  topTen: 'zxWarnTopTen',
  topHundred: 'zxWarnTopHundred',
  common: 'zxWarnCommon',
  similarToCommon: 'zxWarnSimilarToCommon',
  wordByItself: 'zxWarnWordByItself',
  namesByThemselves: 'zxWarnNamesByThemselves',
  commonNames: 'zxWarnCommonNames',
  userInputs: 'zxWarnUserInputs',
} as const satisfies Record<string, MessageKey>;

const SUGGESTIONS = {
  l33t: 'zxSuggestL33t',
  reverseWords: 'zxSuggestReverseWords',
  allUppercase: 'zxSuggestAllUppercase',
  capitalization: 'zxSuggestCapitalization',
  dates: 'zxSuggestDates',
  recentYears: 'zxSuggestRecentYears',
  associatedYears: 'zxSuggestAssociatedYears',
  sequences: 'zxSuggestSequences',
  repeated: 'zxSuggestRepeated',
  longerKeyboardPattern: 'zxSuggestLongerKeyboardPattern',
  anotherWord: 'zxSuggestAnotherWord',
  useWords: 'zxSuggestUseWords',
  noNeed: 'zxSuggestNoNeed',
} as const satisfies Record<string, MessageKey>;

const localized = (table: Record<string, MessageKey>, key: string | null): string | null => {
  if (!key) return null;
  const k = table[key];
  return k ? t(k) : null;
};

/**
 * An estimator over the dictionaries `load` returns (loaded at the first call, once; a failed load
 * is tried again at the next call).
 * @returns `(passphrase) => verdict`; the first call also builds zxcvbn's ranked dictionaries
 *   (~0.2 s here), later calls take a few ms.
 * @throws what `load` throws (the caller refuses the passphrase: the worker fails closed).
 */
export function createStrengthEstimator(load: StrengthLoader): (passphrase: string) => Promise<StrengthVerdict> {
  let factory: Promise<ZxcvbnFactory> | null = null;
  return async (passphrase) => {
    const lengthProblem = passphraseProblem(passphrase);
    if (lengthProblem) return { score: 0, acceptable: false, reasons: [lengthProblem] };
    if (!factory) {
      factory = load().then((data) => new ZxcvbnFactory({ dictionary: data.dictionary, graphs: data.graphs }));
      factory.catch(() => (factory = null));
    }
    const result = (await factory).check(passphrase, CONTEXT_WORDS);
    const score = result.score as StrengthVerdict['score'];
    const acceptable = score >= MIN_STRENGTH_SCORE;
    const warning = localized(WARNINGS, result.feedback.warning);
    const suggestions = result.feedback.suggestions.map((s) => localized(SUGGESTIONS, s)).filter((s): s is string => s !== null);
    const reasons = [...(warning ? [warning] : []), ...suggestions];
    if (!acceptable && reasons.length === 0) reasons.push(t('ppTooGuessable'));
    return { score, acceptable, reasons };
  };
}

/** Loads the dictionaries the build wrote, from the extension's own files. @throws when the fetch fails. */
export function fetchStrengthData(url: string): StrengthLoader {
  return async () => {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`dictionaries: HTTP ${res.status}`);
    return (await res.json()) as StrengthData;
  };
}
