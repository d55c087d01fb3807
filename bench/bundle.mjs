/**
 * Figure 6: bundle sizes of each manifest entry (content script, popup, options page, service
 * worker), raw and gzip: every file the entry loads each time it opens (the HTML page, its scripts
 * and stylesheets, and the chunks they import statically), the figure its budget is for; and, as a
 * row of its own, what it may load later, on demand (dynamic imports, and modules imported by a
 * chrome.runtime.getURL path: the popup's passphrase-strength module, loaded only while a
 * passphrase is being set). Gzip is per file (each is read separately), level 9. Sizes are exact:
 * one "run".
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/** `import … from "./x.js"`, `import "./x.js"` (static); `import("./x.js")` (on demand). */
const STATIC_IMPORT = /(?:\bfrom|\bimport)\s*["'`]((?:\.{1,2}\/|\/)[^"'`]+?\.js)["'`]/g;
const DYNAMIC_IMPORT = /\bimport\s*\(\s*["'`]((?:\.{1,2}\/|\/)[^"'`]+?\.js)["'`]/g;
const GET_URL = /runtime\.getURL\(\s*["'`]([^"'`]+?\.(?:js|css))["'`]\s*\)/g;
const HTML_REF = /<(?:script[^>]*\bsrc|link[^>]*\bhref)="([^"]+)"/g;

/**
 * The files `entry` (dist-relative) loads: `eager`, loaded each time it opens (entry included),
 * and `lazy`, loaded only on demand (and what those load), not counted in eager.
 */
async function closure(distPath, entry) {
  const eager = new Set();
  const lazy = new Set();
  const queue = [{ file: entry, onDemand: false }];
  while (queue.length) {
    const { file, onDemand } = /** @type {{file: string, onDemand: boolean}} */ (queue.shift());
    if (eager.has(file) || (onDemand && lazy.has(file))) continue;
    (onDemand ? lazy : eager).add(file);
    if (!onDemand) lazy.delete(file);
    if (!/\.(js|html)$/.test(file)) continue;
    const text = await readFile(path.join(distPath, file), 'utf8');
    const dir = path.posix.dirname(file);
    const resolve = (ref) => (ref.startsWith('/') ? ref.slice(1) : path.posix.normalize(path.posix.join(dir, ref)));
    if (file.endsWith('.html')) {
      const refs = [...text.matchAll(HTML_REF)].map((m) => m[1]).filter((r) => !/^[a-z]+:/i.test(r) && /\.(js|css)$/.test(r));
      queue.push(...refs.map((r) => ({ file: resolve(r), onDemand })));
      continue;
    }
    queue.push(...[...text.matchAll(STATIC_IMPORT)].map((m) => ({ file: resolve(m[1]), onDemand })));
    queue.push(...[...text.matchAll(DYNAMIC_IMPORT)].map((m) => ({ file: resolve(m[1]), onDemand: true })));
    queue.push(...[...text.matchAll(GET_URL)].map((m) => ({ file: m[1], onDemand: true })));
  }
  return { eager: [...eager], lazy: [...lazy].filter((f) => !eager.has(f)) };
}

async function sizes(distPath, files) {
  let raw = 0;
  let gzip = 0;
  for (const f of files) {
    const buf = await readFile(path.join(distPath, f));
    raw += buf.length;
    gzip += gzipSync(buf, { level: 9 }).length;
  }
  return { raw, gzip };
}

export async function measureBundles({ distPath }) {
  const manifest = JSON.parse(await readFile(path.join(distPath, 'manifest.json'), 'utf8'));
  const entries = [
    // 30 KB: the control drivers (eight ARIA patterns), capture by change, deleting a key in the page,
    // the in-page menu's click check and the W3C accessible-name computation (dom-accessibility-api,
    // 4.3 KB) took it from 14.7 KB to ~25 KB; what it costs a page is the load figure (README, Performance).
    { id: 'bundle.content', label: 'Content script', files: (manifest.content_scripts ?? []).flatMap((c) => [...(c.js ?? []), ...(c.css ?? [])]), budget: 30 * 1024 },
    { id: 'bundle.popup', label: 'Popup', files: [manifest.action?.default_popup].filter(Boolean), budget: 30 * 1024 },
    { id: 'bundle.options', label: 'Options page', files: [manifest.options_ui?.page ?? manifest.options_page].filter(Boolean), budget: null },
    { id: 'bundle.worker', label: 'Service worker', files: [manifest.background?.service_worker].filter(Boolean), budget: null },
  ];
  const figures = [];
  for (const e of entries) {
    const eager = new Set();
    const lazy = new Set();
    for (const f of e.files) {
      const c = await closure(distPath, f);
      c.eager.forEach((x) => eager.add(x));
      c.lazy.forEach((x) => lazy.add(x));
    }
    const files = [...eager].sort();
    const later = [...lazy].filter((f) => !eager.has(f)).sort();
    const s = await sizes(distPath, files);
    figures.push({
      id: `${e.id}.gzip`,
      figure: `${e.label}, gzip (each time it opens)`,
      unit: 'B',
      samples: [s.gzip],
      budget: e.budget ? { max: e.budget, text: `< ${e.budget / 1024} KB gzip` } : null,
      note: `raw ${(s.raw / 1024).toFixed(1)} KB in ${files.length} files: ${files.join(', ')}`,
      extra: { raw: s.raw, gzip: s.gzip, files },
    });
    figures.push({ id: `${e.id}.raw`, figure: `${e.label}, raw`, unit: 'B', samples: [s.raw], budget: null, note: '' });
    if (later.length) {
      const l = await sizes(distPath, later);
      figures.push({
        id: `${e.id}.onDemand.gzip`,
        figure: `  ${e.label}, loaded on demand only, gzip`,
        unit: 'B',
        samples: [l.gzip],
        budget: null,
        note: `raw ${(l.raw / 1024).toFixed(1)} KB: ${later.join(', ')}`,
        extra: { raw: l.raw, gzip: l.gzip, files: later },
      });
    }
  }
  return figures;
}
