/**
 * Figure 1: content-script overhead on a page that churns the DOM. The replica's `stress=1` canvas
 * replaces 2,000 nodes every animation frame for 5 s and times its own work per frame
 * (window.__replicaStress.result: `scriptMs` = DOM work + forced style/layout, `observerMs` = the
 * MutationObserver callbacks queued by those mutations, i.e. the content script's observer).
 * Runs alternate between Chromium with the extension and Chromium without it (two browsers, only
 * one busy at a time). Per run, the median over its frames (robust to the renderer being
 * descheduled on a busy machine); per pair, the ratio with / without of those medians.
 * Also reported: CDP Performance.getMetrics ScriptDuration over the run (all script in the tab,
 * both worlds) per frame, and the observer's time per frame with the extension.
 */
import { openCloudcraft } from '../scripts/lib/harness.mjs';
import { alternatingPairs, median } from './lib/stats.mjs';

const STRESS_MS = 5000;

async function oneRun(browser) {
  const page = await openCloudcraft(browser, 'stress=1');
  const cdp = await page.createCDPSession();
  await cdp.send('Performance.enable');
  // Let the load-time autostart run be replaced by ours once the content script (document_idle) is in.
  await new Promise((r) => setTimeout(r, 400));
  const metric = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const before = await metric();
  const result = await page.evaluate((ms) => window.__replicaStress.start(ms).then((r) => ({ ...r })), STRESS_MS);
  const after = await metric();
  await cdp.detach().catch(() => {});
  await page.close();
  const frames = result.frames;
  return {
    frames,
    scriptPerFrame: median(result.frameScriptMs),
    observerPerFrame: median(result.frameObserverMs),
    scriptMeanPerFrame: result.scriptMs / frames,
    observerMeanPerFrame: result.observerMs / frames,
    cdpScriptPerFrame: ((after.ScriptDuration - before.ScriptDuration) * 1000) / frames,
    cdpTaskPerFrame: ((after.TaskDuration - before.TaskDuration) * 1000) / frames,
  };
}

/**
 * Figure 1 and its companions. `pairs` alternating pairs (11: one pair's ratio moves ±8 % on this
 * machine, so the median of 7 moved ±3 % from run to run, as much as the budget's margin).
 */
export async function measureOverhead({ ext, bare, pairs = 11, log }) {
  // Warm-up pair (JIT, caches), not counted.
  await oneRun(bare.browser);
  await oneRun(ext.browser);
  const { withExt, without } = await alternatingPairs(
    pairs,
    () => oneRun(ext.browser),
    () => oneRun(bare.browser),
    (i, w, wo) =>
      log?.(
        `  overhead pair ${i + 1}/${pairs}: script/frame ${w.scriptPerFrame.toFixed(2)} vs ${wo.scriptPerFrame.toFixed(2)} ms, observer ${w.observerPerFrame.toFixed(3)} vs ${wo.observerPerFrame.toFixed(3)} ms, frames ${w.frames}/${wo.frames}`,
      ),
  );
  const ratio = (k) => withExt.map((w, i) => w[k] / without[i][k]);
  const withFrame = withExt.map((w) => w.scriptPerFrame + w.observerPerFrame);
  const withoutFrame = without.map((w) => w.scriptPerFrame + w.observerPerFrame);
  return [
    {
      id: 'overhead.script',
      figure: "Content-script overhead: page's own script time, with / without",
      unit: 'ratio',
      samples: ratio('scriptPerFrame'),
      budget: { max: 1.03, text: '≤ 1.03', strict: false },
      note: 'stress=1, 2,000 nodes replaced per frame for 5 s; per run the median frame; ratio per alternating pair',
      extra: { withExt, without },
    },
    {
      id: 'overhead.frame',
      figure: 'Same, page script + MutationObserver callbacks, with / without',
      unit: 'ratio',
      samples: withFrame.map((w, i) => w / withoutFrame[i]),
      budget: null,
      note: 'scriptMs + observerMs per frame (the observer is the content script’s cost inside the frame)',
    },
    {
      id: 'overhead.observer',
      figure: 'MutationObserver time per frame, median (with extension)',
      unit: 'ms',
      samples: withExt.map((w) => w.observerPerFrame),
      budget: null,
      note: `without extension: median ${without.map((w) => w.observerPerFrame).sort((a, b) => a - b)[Math.floor(without.length / 2)].toFixed(3)} ms/frame`,
    },
    {
      id: 'overhead.mean',
      figure: "Page's own script time, with / without, frame means",
      unit: 'ratio',
      samples: ratio('scriptMeanPerFrame'),
      budget: null,
      note: 'the same runs, total scriptMs / frames (sensitive to descheduling on a busy machine)',
    },
    {
      id: 'overhead.cdp',
      figure: 'CDP ScriptDuration per frame (both worlds), with / without',
      unit: 'ratio',
      samples: ratio('cdpScriptPerFrame'),
      budget: null,
      note: 'Performance.getMetrics over the run',
    },
  ];
}
