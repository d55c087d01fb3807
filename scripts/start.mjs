#!/usr/bin/env node
/**
 * npm start: build the extension, serve the Cloudcraft replica, open Chromium with the extension.
 *
 *   node scripts/start.mjs [--no-build] [--headless] [--keep-open] [--query "mode=route&permission=listbox"]
 *
 * - With a display ($DISPLAY set, and no --headless), or with --keep-open: a Chromium window on
 *   https://app.cloudcraft.co/ (the replica), headless with --headless --keep-open; runs until
 *   Ctrl-C (SIGINT, or SIGTERM / SIGHUP) or until the window is closed.
 * - Without a display (and no --keep-open): walks the main flow once (scripts/lib/walk.mjs), writes
 *   a screenshot per step into a folder it prints, exits 0 when every step passed, 1 otherwise
 *   (naming the failed step).
 *
 * Stopping: at any point, Ctrl-C prints "start: stopping…", closes Chromium and the replica,
 * removes the temporary profile (/tmp/cckh-profile-*) and exits 0. Puppeteer's own signal handlers
 * are off (they would exit 130 before the profile is removed): this script handles the signals.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { APP_ORIGIN, REPO_ROOT, artifactsDir, launchBrowser, newRunId } from './lib/harness.mjs';
import { walk } from './lib/walk.mjs';

/** @param {string[]} argv */
function parseArgs(argv) {
  const opts = { build: true, headless: !process.env.DISPLAY, keepOpen: false, query: '' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--no-build') opts.build = false;
    else if (a === '--headless') opts.headless = true;
    else if (a === '--keep-open') opts.keepOpen = true;
    else if (a === '--query') opts.query = argv[++i] ?? '';
    else if (a.startsWith('--query=')) opts.query = a.slice(8);
    else throw new Error(`Unknown argument ${a} (usage: node scripts/start.mjs [--no-build] [--headless] [--keep-open] [--query Q])`);
  }
  return opts;
}

/** Runs `vite build` with this repo's vite.config.ts; rejects on a non-zero exit. */
function viteBuild() {
  return new Promise((resolve, reject) => {
    const vite = path.join(REPO_ROOT, 'node_modules/vite/bin/vite.js');
    const child = spawn(process.execPath, [vite, 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(undefined) : reject(new Error(`vite build exited with ${code}`))));
  });
}

/** The browser being launched or running (null before the launch starts). */
let launching = null;
let stopping = false;

/**
 * Stops everything this script started and exits 0: Chromium and the replica closed, the temporary
 * profile removed. Waits for a launch in progress first (so its profile is removed too). Idempotent.
 * @param {string} why what asked to stop (a signal's name, or "the browser closed")
 */
async function stop(why) {
  if (stopping) return;
  stopping = true;
  console.log(`\nstart: stopping (${why})…`);
  const run = launching ? await launching.catch(() => null) : null;
  await run?.close();
  if (run) console.log(`start: Chromium closed; removed the profile ${run.userDataDir}`);
  process.exit(0);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void stop(signal));

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.build) {
    console.log('start: building the extension (vite build)…');
    await viteBuild();
  }
  if (stopping) return;
  const distPath = path.join(REPO_ROOT, 'dist');
  const interactive = !opts.headless || opts.keepOpen;
  if (!interactive && !process.env.E2E_RUN_ID) process.env.E2E_RUN_ID = newRunId('start');
  // The toolbar button pinned, so it shows on the toolbar rather than in the extensions menu.
  launching = launchBrowser({
    distPath,
    pinAction: true,
    headless: opts.headless,
    defaultViewport: opts.headless ? undefined : null,
    handleSignals: false,
  });
  const run = await launching;
  if (stopping) return;
  console.log(`start: replica on 127.0.0.1:${run.replica.port} as ${APP_ORIGIN}; extension ${run.extensionId}; profile ${run.userDataDir}`);

  if (interactive) {
    run.browser.on('disconnected', () => void stop('the browser closed'));
    const [blank] = await run.browser.pages();
    const page = blank ?? (await run.browser.newPage());
    const q = opts.query.replace(/^\?/, '');
    await page.goto(`${APP_ORIGIN}/${q ? `?${q}` : ''}`);
    console.log('start: Chromium is open. Ctrl-C stops it.');
    return;
  }

  const dir = await artifactsDir();
  console.log(`start: no display; walking the main flow once. Screenshots: ${dir}`);
  let result;
  try {
    result = await walk({ browser: run.browser, query: opts.query });
  } finally {
    if (!stopping) await run.close();
  }
  if (stopping) return;
  console.log(`start: ${result.shots.length} screenshot(s) in ${dir}`);
  if (!result.ok) {
    console.error(`start: the walk failed at step "${result.failedStep}": ${result.error}`);
    process.exit(1);
  }
  console.log('start: the walk passed every step.');
}

main().catch((err) => {
  if (stopping) return; // a stop in progress exits 0 when it is done
  console.error(`start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
