/* global __bench */
/**
 * Figure 4: popup. From chrome.action.openPopup() in the service worker (the toolbar click) to the
 * unlocked view's first interactive render: the popup's `cckh:popup-interactive` mark
 * (TemplatesPanel.tsx: templates listed and the tab's status known). Both ends are absolute times
 * (performance.timeOrigin + now) in two processes of one browser. The vault is unlocked and the
 * Cloudcraft tab shows the API keys UI, so the view ends with Apply enabled.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, openCloudcraft } from '../scripts/lib/harness.mjs';
import { closePopup, interactiveAt, openPopupTimed } from './lib/popup.mjs';
import { installHelpers } from './lib/session.mjs';

const BLANK = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/blank-extension');

/**
 * How long after the popup appears the benchmark attaches to it (bench/lib/popup.mjs explains why):
 * well after the mark in every run seen (the slowest first open: ~350 ms); a later mark is still
 * waited for.
 */
const ATTACH_AFTER_MS = 500;

/** openPopup() → mark, `runs` times, on the Cloudcraft `page` of `browser`. */
async function timeOpens(browser, page, runs, onFirst) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const { popup, t0 } = await openPopupTimed(browser, page, { attachAfterMs: ATTACH_AFTER_MS });
    const t1 = await interactiveAt(popup);
    const doc = await popup.evaluate(() => ({ origin: performance.timeOrigin, dcl: performance.getEntriesByType('navigation')[0]?.domContentLoadedEventEnd ?? NaN }));
    samples.push({ total: t1 - t0, browser: doc.origin - t0, scripts: doc.dcl, doc: t1 - doc.origin });
    if (i === 0) await onFirst?.(popup);
    await closePopup(popup);
    await new Promise((r) => setTimeout(r, 150));
  }
  return samples;
}

/** The same on a blank extension whose popup marks in its first script: what Chromium alone costs here. */
async function blankBaseline(runs) {
  const launched = await launchBrowser({ distPath: BLANK });
  try {
    const page = await openCloudcraft(launched.browser, '');
    return await timeOpens(launched.browser, page, runs);
  } finally {
    await launched.close();
  }
}

export async function measurePopup({ ext, runs = 8 }) {
  const page = await openCloudcraft(ext.browser, '');
  await installHelpers(page);
  await page.evaluate(() => __bench.openKeys());
  let enabled = true;
  const runsOf = await timeOpens(ext.browser, page, runs, async (popup) => {
    // The mark must mean what it says: Apply is enabled at that point.
    enabled = await popup.evaluate(() => [...document.querySelectorAll('button')].some((b) => b.textContent.trim() === 'Apply' && !b.disabled));
  });
  const samples = runsOf.map((r) => r.total);
  const browserPart = runsOf.map((r) => r.browser);
  const scriptsPart = runsOf.map((r) => r.scripts);
  const docPart = runsOf.map((r) => r.doc);
  await page.close();
  const blank = await blankBaseline(runs);
  return [
    {
      id: 'popup',
      figure: 'Popup: openPopup() → unlocked view interactive',
      unit: 'ms',
      samples,
      budget: { max: 150, text: '< 150 ms', strict: true },
      note: `first run is the first open in this browser${enabled ? '' : '; WARNING: Apply was not enabled at the mark'}`,
    },
    {
      id: 'popup.browser',
      figure: '  of which: openPopup() → popup document time origin',
      unit: 'ms',
      samples: browserPart,
      budget: null,
      note: 'Chromium creating the popup window and navigating it, before any of our code runs',
    },
    {
      id: 'popup.document',
      figure: '  of which: popup time origin → interactive',
      unit: 'ms',
      samples: docPart,
      budget: null,
      note: 'includes the scripts and the message waterfall (vault.status → templates.list, tabs.query, page.getState)',
    },
    {
      id: 'popup.scripts',
      figure: '    (its time origin → DOMContentLoaded)',
      unit: 'ms',
      samples: scriptsPart,
      budget: null,
      note: 'loading and running the popup module graph (first render is synchronous in it)',
    },
    {
      id: 'popup.blank',
      figure: 'Reference: blank popup, openPopup() → its first script',
      unit: 'ms',
      samples: blank.map((r) => r.total),
      budget: null,
      note: 'bench/fixtures/blank-extension: the floor Chromium sets on this machine',
    },
  ];
}
