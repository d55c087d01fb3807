/**
 * The passphrase strength estimator of the product (shared/strength.ts) over the same zxcvbn
 * dictionaries the build ships, read from the packages on disk instead of fetched from the
 * extension. Built once per test file (~0.5 s).
 */
import { createStrengthEstimator } from '../shared/strength';

export const diskStrength = createStrengthEstimator(async () => {
  const common = await import('@zxcvbn-ts/language-common');
  const en = await import('@zxcvbn-ts/language-en');
  return { dictionary: { ...common.dictionary, ...en.dictionary }, graphs: common.adjacencyGraphs };
});
