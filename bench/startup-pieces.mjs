#!/usr/bin/env node
/**
 * What each piece of the popup's start-up path buys: `npm run bench -- --only=popup` on the
 * committed code (HEAD) and on HEAD with one piece taken out, each a patch in bench/startup-pieces/:
 *
 *   no-first-view       the first view (vault state, templates, settings) is not read from storage
 *                       (src/shared/firstView.ts, src/popup/startWithin.ts): the popup renders
 *                       "Loading…" and asks the service worker, as its views do without a start
 *   no-early-page       the Cloudcraft tab's page state is asked when the view mounts, not as the
 *                       popup script starts (src/popup/earlyPageState.ts)
 *   no-guess            asked early, but only once tabs.query found the active tab: no guess from
 *                       the last Cloudcraft tab id (earlyPageState.ts's localStorage memory)
 *   modules             the popup built by crxjs as ES modules, not as one classic script
 *                       (vite.config.ts popupAsOneFile)
 *   no-layout-effects   the first requests sent from effects, not layout effects (Popup.tsx,
 *                       Unlocked.tsx)
 *
 * Each variant is a git worktree of HEAD in a temp folder (node_modules linked), built and measured
 * by the bench itself; the runs are interleaved round by round, in a rotated order, so a machine
 * that gets busier does not favour one variant. Prints, per variant, the medians over all its
 * opens (15 a run) and their difference to HEAD: the whole figure (openPopup() → interactive) and
 * its two parts a piece can change (time origin → script running; script running → interactive);
 * then HEAD's medians run by run and their spread: a difference smaller than that is noise.
 * Takes about 80 s a run: 6 variants × 3 rounds ≈ 25 minutes on 2 cores. Commit first: the
 * worktrees are of HEAD, and a patch that no longer applies is reported, not guessed around.
 *
 *   node bench/startup-pieces.mjs                       all pieces, 3 rounds
 *   node bench/startup-pieces.mjs --rounds=2 --only=no-guess,modules
 */
import { spawn, execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../scripts/lib/harness.mjs';
import { median } from './lib/stats.mjs';

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')));
const ROUNDS = Number(args.rounds ?? 3);
const PATCHES = path.join(REPO_ROOT, 'bench/startup-pieces');
const FIGURES = [
  ['popup', 'openPopup() → interactive'],
  ['popup.script', 'origin → script'],
  ['popup.answers', 'script → interactive'],
];

const git = (cwd, ...a) => execFileSync('git', a, { cwd, stdio: ['ignore', 'pipe', 'pipe'] }).toString();

/** Runs the popup bench in `dir`, its JSON to `out`; rejects when it exits non-zero. */
function benchPopup(dir, out) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bench/run.mjs', '--only=popup', `--out=${out}`], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`bench in ${dir} exited with ${code}: ${err.slice(-500)}`))));
  });
}

async function main() {
  const only = args.only ? new Set(args.only.split(',')) : null;
  const pieces = (await readdir(PATCHES)).filter((f) => f.endsWith('.patch')).map((f) => f.slice(0, -'.patch'.length)).filter((p) => !only || only.has(p));
  const variants = ['HEAD', ...pieces];
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'cckh-startup-pieces-'));
  const dirs = new Map();
  try {
    for (const v of variants) {
      const dir = path.join(tmp, v);
      git(REPO_ROOT, 'worktree', 'add', '--detach', dir, 'HEAD');
      dirs.set(v, dir);
      await symlink(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'));
      if (v !== 'HEAD') {
        try {
          git(dir, 'apply', path.join(PATCHES, `${v}.patch`));
        } catch (err) {
          throw new Error(`bench/startup-pieces/${v}.patch does not apply to HEAD any more: update it (${String(err.stderr ?? err).trim()})`);
        }
      }
    }
    const samples = new Map(variants.map((v) => [v, Object.fromEntries(FIGURES.map(([id]) => [id, []]))]));
    /** HEAD's median of each segment in each run: how much a segment moves by itself. */
    const headRuns = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (let i = 0; i < variants.length; i++) {
        const v = variants[(i + round) % variants.length];
        const out = path.join(tmp, `${v}-${round}.json`);
        const t0 = Date.now();
        await benchPopup(dirs.get(v), out);
        const figures = JSON.parse(await readFile(out, 'utf8')).figures;
        for (const [id] of FIGURES) samples.get(v)[id].push(...figures.find((f) => f.id === id).samples);
        if (v === 'HEAD') headRuns.push(FIGURES.map(([id]) => median(figures.find((f) => f.id === id).samples)));
        console.error(`round ${round + 1}/${ROUNDS}: ${v} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
      }
    }
    const base = Object.fromEntries(FIGURES.map(([id]) => [id, median(samples.get('HEAD')[id])]));
    console.log(`\nMedians of ${ROUNDS} × 15 opens each (ms); in brackets the difference to HEAD: what the piece buys when positive.\n`);
    console.log(['variant'.padEnd(20), ...FIGURES.map(([, label]) => label.padStart(28))].join(''));
    for (const v of variants) {
      const cells = FIGURES.map(([id]) => {
        const m = median(samples.get(v)[id]);
        return (v === 'HEAD' ? m.toFixed(1) : `${m.toFixed(1)} (${m - base[id] >= 0 ? '+' : ''}${(m - base[id]).toFixed(1)})`).padStart(28);
      });
      console.log([v.padEnd(20), ...cells].join(''));
    }
    // A piece buys something only beyond what its segment moves from one HEAD run to the next.
    const spread = FIGURES.map((_, i) => Math.max(...headRuns.map((r) => r[i])) - Math.min(...headRuns.map((r) => r[i])));
    console.log(`\nHEAD run by run: ${headRuns.map((r) => r.map((x) => x.toFixed(1)).join(' / ')).join(';  ')} (spread ${spread.map((x) => x.toFixed(1)).join(' / ')} ms)`);
  } finally {
    for (const dir of dirs.values()) {
      try {
        git(REPO_ROOT, 'worktree', 'remove', '--force', dir);
      } catch {
        // removed below with the folder
      }
    }
    await rm(tmp, { recursive: true, force: true });
    git(REPO_ROOT, 'worktree', 'prune');
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
