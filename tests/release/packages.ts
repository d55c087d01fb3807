/**
 * Where the release tests find the store packages: release/<name>-<version>-{chrome,firefox,source}.zip
 * (`npm run package`), and the folder the Chrome one is unzipped into for Chromium.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { packageNames } from '../../scripts/package.mjs';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const PKG = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
export const RELEASE_DIR = path.join(ROOT, 'release');
const names = packageNames(PKG.name, PKG.version);
/** Absolute paths of the three packages. */
export const PACKAGES = {
  chrome: path.join(RELEASE_DIR, names.chrome),
  firefox: path.join(RELEASE_DIR, names.firefox),
  source: path.join(RELEASE_DIR, names.source),
};
/** The unzipped Chrome package, as a user loads it unpacked (globalSetup.ts writes it). */
export const UNPACKED_CHROME = path.join(ROOT, 'artifacts', 'release-chrome');
