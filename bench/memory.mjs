/* global __bench */
/**
 * Figure 7: memory after 100 open/close cycles of the API keys dialog (User > API keys > Close,
 * through the page's own buttons). The content script runs in an isolated world of the page's V8
 * isolate, so no CDP call separates its heap from the page's: per run, the isolate's used heap
 * (Runtime.getHeapUsage after HeapProfiler.collectGarbage) is read before and after the cycles,
 * with the extension and, alternating, without it. The content script's growth = growth with −
 * growth without, per pair. Also reported: the raw growth with the extension.
 */
import { openCloudcraft } from '../scripts/lib/harness.mjs';
import { installHelpers } from './lib/session.mjs';
import { alternatingPairs } from './lib/stats.mjs';

const CYCLES = 100;

async function usedAfterGc(cdp) {
  for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
  return (await cdp.send('Runtime.getHeapUsage')).usedSize;
}

async function oneRun(browser) {
  const page = await openCloudcraft(browser, '');
  await installHelpers(page);
  const cdp = await page.createCDPSession();
  await cdp.send('HeapProfiler.enable');
  // One cycle first: lazily created things (React's dialog code paths, the content script's
  // first detection) are not growth.
  await page.evaluate(async () => {
    await __bench.openKeys();
    await __bench.closeKeys();
    await new Promise((r) => setTimeout(r, 50));
  });
  const before = await usedAfterGc(cdp);
  await page.evaluate(async (n) => {
    for (let i = 0; i < n; i++) {
      await __bench.openKeys();
      await __bench.tick();
      await __bench.closeKeys();
      await __bench.tick();
    }
    await new Promise((r) => setTimeout(r, 100));
  }, CYCLES);
  const after = await usedAfterGc(cdp);
  await cdp.detach().catch(() => {});
  await page.close();
  return after - before;
}

export async function measureMemory({ ext, bare, pairs = 5, log }) {
  const { withExt, without } = await alternatingPairs(
    pairs,
    () => oneRun(ext.browser),
    () => oneRun(bare.browser),
    (i, w, wo) => log?.(`  memory pair ${i + 1}/${pairs}: growth with ${(w / 1024).toFixed(0)} KB, without ${(wo / 1024).toFixed(0)} KB`),
  );
  return [
    {
      id: 'memory.content',
      figure: `Content script heap growth, ${CYCLES} dialog open/close cycles (with − without)`,
      unit: 'B',
      samples: withExt.map((w, i) => w - without[i]),
      budget: { max: 1024 * 1024, text: '≤ 1 MB', strict: false },
      note: 'isolate used heap after forced GC, paired alternating runs',
    },
    {
      id: 'memory.with',
      figure: `Page heap growth with the extension, ${CYCLES} cycles`,
      unit: 'B',
      samples: withExt,
      budget: null,
      note: `without the extension: ${without.map((x) => (x / 1024).toFixed(0)).join(', ')} KB`,
    },
  ];
}
