/**
 * `npm start` stops cleanly on Ctrl-C (scripts/start.mjs): it says it is stopping, removes its
 * temporary profile and exits 0. Runs it headless and kept open (`--keep-open`) on the built dist/,
 * then sends SIGINT as a terminal's Ctrl-C does.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../scripts/lib/harness.mjs';

describe('npm start', () => {
  it('on SIGINT prints that it is stopping, removes its profile and exits 0', async () => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'scripts/start.mjs'), '--no-build', '--headless', '--keep-open'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => (out += String(d)));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 30_000;
      while (!out.includes('Chromium is open')) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`start did not open Chromium:\n${out}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const profile = /profile (\S+cckh-profile-\S+)/.exec(out)?.[1];
      expect(profile, out).toBeDefined();
      expect(existsSync(profile!)).toBe(true);

      child.kill('SIGINT');
      expect(await exited, out).toBe(0);
      expect(out).toContain('start: stopping (SIGINT)');
      expect(existsSync(profile!)).toBe(false);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
