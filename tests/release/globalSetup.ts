/**
 * Before the release tests: checks the three packages exist, unzips the Chrome one into
 * artifacts/release-chrome (what a user loads unpacked), and points the browser tests at the
 * packages: E2E_DIST (Chromium harness) at that folder, FIREFOX_DIST (Firefox harness) at the
 * Firefox zip itself. Test workers start after this and inherit the environment.
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { unzipTo } from '../../scripts/release/zip.mjs';
import { PACKAGES, UNPACKED_CHROME } from './packages';

export default async function setup(): Promise<void> {
  for (const file of Object.values(PACKAGES)) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run package\` (npm run test:release does) first`);
  }
  await rm(UNPACKED_CHROME, { recursive: true, force: true });
  await unzipTo(PACKAGES.chrome, UNPACKED_CHROME);
  process.env.E2E_DIST = UNPACKED_CHROME;
  process.env.FIREFOX_DIST = PACKAGES.firefox;
}
