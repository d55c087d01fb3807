#!/usr/bin/env node
/**
 * `npm run bench`: builds the extension once (vite, into a temp folder), measures every figure of
 * the README's Performance table in headless Chromium on the replica, prints a table (median, min–max, runs, budget,
 * pass/OVER) and writes it as JSON into this run's artifacts folder (artifacts/bench-<time>/results.json,
 * ignored by git): the working tree stays clean. `--write-results` writes bench/results.json instead,
 * the committed file the README's figures are quoted from. A report, not a test: exits 0 even when a
 * figure is over budget (the OVER column says so); exits 1 only when a measurement itself failed.
 *
 *   npm run bench                           all figures
 *   npm run bench -- --only=fill            some (comma-separated ids: overhead, detect, fill, popup, vault, bundle, load, memory)
 *   npm run bench -- --write-results        update bench/results.json (the README's figures)
 *   npm run bench -- --out=FILE             JSON elsewhere
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, artifactsDir, newRunId } from '../scripts/lib/harness.mjs';
import { buildOnce } from './lib/build.mjs';
import { launchWithExtension, launchWithout } from './lib/session.mjs';
import { fmt, summarize, table } from './lib/stats.mjs';
import { measureBundles } from './bundle.mjs';
import { measureDetection } from './detection.mjs';
import { measureFill } from './fill.mjs';
import { measureLoad } from './load.mjs';
import { measureMemory } from './memory.mjs';
import { measureOverhead } from './overhead.mjs';
import { measurePopup } from './popup.mjs';
import { measureVault } from './vault.mjs';

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')));
const only = args.only ? new Set(args.only.split(',')) : null;
process.env.E2E_RUN_ID ||= newRunId('bench');
/** Where the JSON goes: --out, else bench/results.json with --write-results, else this run's artifacts folder. */
async function outPath() {
  if (args.out) return path.resolve(REPO_ROOT, args.out);
  if ('write-results' in args) return path.join(REPO_ROOT, 'bench/results.json');
  return path.join(await artifactsDir(), 'results.json');
}
const log = (m) => console.error(m);

/** Measurements in run order; `needs` says which browsers they use. */
const STEPS = [
  { id: 'bundle', needs: [], run: (c) => measureBundles(c) },
  { id: 'load', needs: ['ext'], run: (c) => measureLoad(c) },
  { id: 'vault', needs: ['ext'], run: (c) => measureVault(c) },
  { id: 'detect', needs: ['ext'], run: (c) => measureDetection(c) },
  { id: 'fill', needs: ['ext'], run: (c) => measureFill(c) },
  { id: 'popup', needs: ['ext'], run: (c) => measurePopup(c) },
  { id: 'memory', needs: ['ext', 'bare'], run: (c) => measureMemory(c) },
  { id: 'overhead', needs: ['ext', 'bare'], run: (c) => measureOverhead(c) },
];

function verdict(f, s) {
  if (!f.budget) return '';
  if (f.budget.extraOk === false) return `OVER (${f.budget.extraWhy})`;
  const over = f.budget.strict ? s.median >= f.budget.max : s.median > f.budget.max;
  return over ? 'OVER' : 'pass';
}

const loadAtStart = os.loadavg()[0];

async function main() {
  const t0 = Date.now();
  const steps = STEPS.filter((s) => !only || only.has(s.id));
  log(`bench: building…`);
  const { distPath } = await buildOnce(log);
  const ctx = { distPath, log, ext: null, bare: null };
  let chromium = null;
  const figures = [];
  const failures = [];
  try {
    for (const step of steps) {
      const ts = Date.now();
      log(`bench: ${step.id}…`);
      try {
        // Each browser starts when a step first needs it, not before: an idle Chromium (and its
        // replica) running beside a step that does not use it is load on 2 cores all the same.
        if (step.needs.includes('ext') && !ctx.ext) ctx.ext = await launchWithExtension({ distPath });
        if (step.needs.includes('bare') && !ctx.bare) ctx.bare = await launchWithout();
        chromium ??= (await (ctx.ext ?? ctx.bare)?.browser.version()) ?? null;
        figures.push(...(await step.run(ctx)));
      } catch (err) {
        failures.push({ step: step.id, error: err instanceof Error ? err.stack ?? err.message : String(err) });
        log(`bench: ${step.id} FAILED: ${err instanceof Error ? err.message : err}`);
      }
      log(`bench: ${step.id} done in ${((Date.now() - ts) / 1000).toFixed(1)} s`);
    }
  } finally {
    await ctx.ext?.close();
    await ctx.bare?.close();
    await rm(distPath, { recursive: true, force: true }).catch(() => {});
  }

  const rows = [['Figure', 'Median', 'Min – max', 'Runs', 'Budget', 'Result']];
  const results = figures.map((f) => {
    const s = summarize(f.samples);
    const v = verdict(f, s);
    rows.push([f.figure, fmt(s.median, f.unit), s.runs > 1 ? `${fmt(s.min, f.unit)} – ${fmt(s.max, f.unit)}` : '(exact)', String(s.runs), f.budget?.text ?? '', v]);
    return { id: f.id, figure: f.figure, unit: f.unit, ...s, samples: f.samples, budget: f.budget, result: v || null, note: f.note, extra: f.extra };
  });
  console.log('');
  console.log(table(rows));
  console.log('');
  for (const r of results) if (r.note) console.log(`  ${r.id}: ${r.note}`);
  const over = results.filter((r) => r.result?.startsWith('OVER'));
  const report = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version, load1AtStart: loadAtStart, load1AtEnd: os.loadavg()[0] },
    chromium,
    seconds: (Date.now() - t0) / 1000,
    figures: results,
    failures,
  };
  const outFile = await outPath();
  await mkdir(path.dirname(outFile), { recursive: true });
  await writeFile(outFile, `${JSON.stringify(report, null, 2)}\n`);
  console.log('');
  console.log(`${over.length ? `OVER budget: ${over.map((r) => r.id).join(', ')}` : 'All figures within budget.'}${failures.length ? `  FAILED: ${failures.map((f) => f.step).join(', ')}` : ''}`);
  console.log(`JSON: ${path.relative(process.cwd(), outFile) || outFile}  (${report.seconds.toFixed(0)} s)`);
  const load = Math.max(loadAtStart, os.loadavg()[0]);
  if (load > os.cpus().length * 0.75)
    console.log(`Note: the machine was busy (load average up to ${load.toFixed(1)} on ${os.cpus().length} CPUs): timings are noisier than usual.`);
  process.exitCode = failures.length ? 1 : 0;
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
