/**
 * Content script at page load: the time Chromium spends compiling and running content.js when a
 * Cloudcraft page loads (its `EvaluateScript` trace event for the script: compile, the top-level
 * code and start(), with the first detection pass over the page), and the compile part alone
 * (`v8.compile`). Read from a Chromium trace (devtools.timeline and v8 categories) of N fresh loads
 * of the replica's diagrams page, where the keys UI is absent: what every Cloudcraft page pays.
 */
import { APP_ORIGIN } from '../scripts/lib/harness.mjs';

const CATEGORIES = ['devtools.timeline', 'v8'];

export async function measureLoad({ ext, runs = 15 }) {
  const evaluate = [];
  const compile = [];
  for (let i = 0; i < runs; i++) {
    const page = await ext.browser.newPage();
    await page.tracing.start({ categories: CATEGORIES });
    await page.goto(`${APP_ORIGIN}/`, { waitUntil: 'load' });
    // The content script runs at document_idle: give it time to have run before stopping.
    await page.waitForFunction(() => performance.getEntriesByName('cckh:started').length > 0, { timeout: 10_000, polling: 50 });
    const trace = JSON.parse(Buffer.from(await page.tracing.stop()).toString('utf8'));
    await page.close();
    const ours = (e) => JSON.stringify(e.args ?? {}).includes('/content.js');
    const ev = trace.traceEvents.find((e) => e.name === 'EvaluateScript' && e.ph === 'X' && ours(e));
    const co = trace.traceEvents.find((e) => e.name === 'v8.compile' && e.ph === 'X' && ours(e));
    if (!ev) throw new Error('no EvaluateScript event for content.js in the trace');
    evaluate.push(ev.dur / 1000);
    if (co) compile.push(co.dur / 1000);
  }
  return [
    {
      id: 'load.evaluate',
      figure: 'Content script at page load: compile + run (EvaluateScript), no keys UI',
      unit: 'ms',
      samples: evaluate,
      budget: null,
      note: 'Chromium trace of a fresh load of the diagrams page: content.js compiled, its top-level code and start() run (context, features, the first detection pass, the observer attached)',
    },
    { id: 'load.compile', figure: 'of which compile (v8.compile)', unit: 'ms', samples: compile, budget: null, note: '' },
  ];
}
