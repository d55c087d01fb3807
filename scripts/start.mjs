#!/usr/bin/env node
/**
 * npm start: build the extension, serve the Cloudcraft replica, open Chromium with the extension.
 *
 *   node scripts/start.mjs [--no-build] [--headless] [--query "mode=route&permission=listbox"]
 *
 * - With a display ($DISPLAY set, and no --headless): a Chromium window on
 *   https://app.cloudcraft.co/ (the replica); runs until Ctrl-C, then stops browser and replica, exit 0.
 * - Without a display: walks the main flow once (scripts/lib/walk.mjs), writes a screenshot per step
 *   into a folder it prints, exits 0 when every step passed, 1 otherwise (naming the failed step).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { APP_ORIGIN, REPO_ROOT, artifactsDir, launchBrowser } from './lib/harness.mjs';
import { walk } from './lib/walk.mjs';

function parseArgs(argv) {
  const opts = { build: true, headless: !process.env.DISPLAY, query: '' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--no-build') opts.build = false;
    else if (a === '--headless') opts.headless = true;
    else if (a === '--query') opts.query = argv[++i] ?? '';
    else if (a.startsWith('--query=')) opts.query = a.slice(8);
    else throw new Error(`Unknown argument ${a} (usage: node scripts/start.mjs [--no-build] [--headless] [--query Q])`);
  }
  return opts;
}

/** Runs `vite build` with this repo's vite.config.ts; rejects on a non-zero exit. */
function viteBuild() {
  return new Promise((resolve, reject) => {
    const vite = path.join(REPO_ROOT, 'node_modules/vite/bin/vite.js');
    const child = spawn(process.execPath, [vite, 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`vite build exited with ${code}`))));
  });
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.build) {
    console.log('start: building the extension (vite build)…');
    await viteBuild();
  }
  const distPath = path.join(REPO_ROOT, 'dist');
  if (opts.headless && !process.env.E2E_RUN_ID) process.env.E2E_RUN_ID = `start-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  // The toolbar button pinned, so it shows on the toolbar rather than in the extensions menu.
  const run = await launchBrowser({ distPath, pinAction: true, headless: opts.headless, defaultViewport: opts.headless ? undefined : null });
  console.log(`start: replica on 127.0.0.1:${run.replica.port} as ${APP_ORIGIN}; extension ${run.extensionId}`);

  if (!opts.headless) {
    const [blank] = await run.browser.pages();
    const page = blank ?? (await run.browser.newPage());
    const q = opts.query.replace(/^\?/, '');
    await page.goto(`${APP_ORIGIN}/${q ? `?${q}` : ''}`);
    console.log('start: Chromium is open. Ctrl-C stops it.');
    let stopping = false;
    const stop = async () => {
      if (stopping) return;
      stopping = true;
      console.log('\nstart: stopping…');
      await run.close();
      process.exit(0);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    run.browser.on('disconnected', () => void stop());
    return;
  }

  const dir = await artifactsDir();
  console.log(`start: no display; walking the main flow once. Screenshots: ${dir}`);
  let result;
  try {
    result = await walk({ browser: run.browser, query: opts.query });
  } finally {
    await run.close();
  }
  console.log(`start: ${result.shots.length} screenshot(s) in ${dir}`);
  if (!result.ok) {
    console.error(`start: the walk failed at step "${result.failedStep}": ${result.error}`);
    process.exit(1);
  }
  console.log('start: the walk passed every step.');
}

main().catch((err) => {
  console.error(`start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
