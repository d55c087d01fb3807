/**
 * Figure 6: bundle sizes of each manifest entry (content script, popup, options page, service
 * worker), raw and gzip, counting every file the entry loads: the HTML page, its scripts and
 * stylesheets, and the chunks they import statically or dynamically (crxjs's content-script loader
 * imports the real script through chrome.runtime.getURL). Gzip is per file (each is read separately),
 * level 9. Sizes are exact: one "run".
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const JS_IMPORT = /(?:\bfrom|\bimport)\s*\(?\s*["'`]((?:\.{1,2}\/|\/)[^"'`]+?\.js)["'`]/g;
const GET_URL = /runtime\.getURL\(\s*["'`]([^"'`]+?\.(?:js|css))["'`]\s*\)/g;
const HTML_REF = /<(?:script[^>]*\bsrc|link[^>]*\bhref)="([^"]+)"/g;

/** All files `entry` (dist-relative) loads, entry included. */
async function closure(distPath, entry) {
  const seen = new Set();
  const queue = [entry];
  while (queue.length) {
    const file = queue.shift();
    if (seen.has(file)) continue;
    seen.add(file);
    if (!/\.(js|html)$/.test(file)) continue;
    const text = await readFile(path.join(distPath, file), 'utf8');
    const dir = path.posix.dirname(file);
    const resolve = (ref) => (ref.startsWith('/') ? ref.slice(1) : path.posix.normalize(path.posix.join(dir, ref)));
    const refs = file.endsWith('.html')
      ? [...text.matchAll(HTML_REF)].map((m) => m[1]).filter((r) => !/^[a-z]+:/i.test(r) && /\.(js|css)$/.test(r)).map(resolve)
      : [...[...text.matchAll(JS_IMPORT)].map((m) => resolve(m[1])), ...[...text.matchAll(GET_URL)].map((m) => m[1])];
    queue.push(...refs);
  }
  return [...seen];
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
    const all = new Set();
    for (const f of e.files) for (const x of await closure(distPath, f)) all.add(x);
    const files = [...all].sort();
    const s = await sizes(distPath, files);
    figures.push({
      id: `${e.id}.gzip`,
      figure: `${e.label}, gzip`,
      unit: 'B',
      samples: [s.gzip],
      budget: e.budget ? { max: e.budget, text: `< ${e.budget / 1024} KB gzip` } : null,
      note: `raw ${(s.raw / 1024).toFixed(1)} KB in ${files.length} files: ${files.join(', ')}`,
      extra: { raw: s.raw, gzip: s.gzip, files },
    });
    figures.push({ id: `${e.id}.raw`, figure: `${e.label}, raw`, unit: 'B', samples: [s.raw], budget: null, note: '' });
  }
  return figures;
}
