/** Builds the extension once, with the project's own vite config, and keeps a private copy. */
import { spawn } from 'node:child_process';
import { cp, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../../scripts/lib/harness.mjs';

/**
 * `vite build` exactly as `npm run build` does (into dist/: the config's content-script plugin writes
 * there whatever --outDir says), then a copy to a temp folder, so an e2e run's `vite build` in the
 * same working tree cannot swap files under a running benchmark.
 * @returns {Promise<{distPath: string, ms: number}>}
 */
export async function buildOnce(log) {
  const t0 = Date.now();
  await new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, TARGET: 'chrome' },
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`vite build exited with ${code}`))));
  });
  const distPath = await mkdtemp(path.join(os.tmpdir(), 'cckh-bench-dist-'));
  await cp(path.join(REPO_ROOT, 'dist'), distPath, { recursive: true });
  const ms = Date.now() - t0;
  log?.(`built dist/ and copied it to ${distPath} in ${(ms / 1000).toFixed(1)} s`);
  return { distPath, ms };
}
