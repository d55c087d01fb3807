/** Builds the extension once, with the project's own vite config, into a private folder. */
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../../scripts/lib/harness.mjs';

/**
 * `vite build --outDir <tmp>`: a folder of our own, so an e2e run's `vite build` into dist/ in the same
 * working tree cannot swap files under a running benchmark.
 * @returns {Promise<{distPath: string, ms: number}>}
 */
export async function buildOnce(log) {
  const outDir = await mkdtemp(path.join(os.tmpdir(), 'cckh-bench-dist-'));
  const t0 = Date.now();
  await new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, TARGET: 'chrome' },
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`vite build exited with ${code}`))));
  });
  const ms = Date.now() - t0;
  log?.(`built ${outDir} in ${(ms / 1000).toFixed(1)} s`);
  return { distPath: outDir, ms };
}
