import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import preact from '@preact/preset-vite';
import { crx } from '@crxjs/vite-plugin';
import { build as esbuild } from 'esbuild';
import baseManifest from './manifest.json' with { type: 'json' };

/**
 * Chrome build → dist/ (default); Firefox build → dist-firefox/ (`TARGET=firefox`, `npm run build:firefox`).
 * Firefox MV3 takes `background.scripts` (an event page), has no offscreen API and needs a gecko id
 * (DESIGN.md, "Firefox MV3"), so its manifest is derived from the one manifest.json here.
 */
const target = process.env.TARGET === 'firefox' ? 'firefox' : 'chrome';
const outDir = target === 'firefox' ? 'dist-firefox' : 'dist';
const CONTENT_ENTRY = 'src/content/index.ts';
const CONTENT_FILE = 'content.js';

function manifestFor(browser: 'chrome' | 'firefox') {
  // The content script is built by contentScriptAsOneFile() below, not by crxjs.
  const { content_scripts: _builtSeparately, ...chrome } = baseManifest;
  if (browser === 'chrome') return chrome;
  const { minimum_chrome_version: _chromeOnly, background, permissions, ...rest } = chrome;
  return {
    ...rest,
    background: { scripts: [background.service_worker], type: background.type },
    permissions: permissions.filter((p) => p !== 'offscreen'),
    browser_specific_settings: {
      gecko: {
        id: 'cloudcraft-key-helper@keyhelper.invalid',
        // APIs alone need 115 (storage.session; MV3 background scripts 109), but
        // data_collection_permissions (required for new add-ons: nothing leaves the device) is 140+.
        strict_min_version: '140.0',
        data_collection_permissions: { required: ['none'] },
      },
      gecko_android: { strict_min_version: '142.0' }, // data_collection_permissions on Android
    },
  };
}

/**
 * Builds the content script as one classic (IIFE) file and adds it to the built manifest.
 * crxjs would ship it as a loader that imports shared chunks, which must then be
 * web-accessible to app.cloudcraft.co: the page could fetch them (and fingerprint the extension).
 * One file needs no web_accessible_resources at all. The polyfill is replaced by the browser's
 * own API here (src/shared/browser-native.ts explains why that is enough for this context).
 */
function contentScriptAsOneFile(): Plugin {
  let out = outDir;
  return {
    name: 'cckh:content-script-iife',
    apply: 'build',
    configResolved(config) {
      out = path.resolve(config.root, config.build.outDir); // honours `vite build --outDir`
    },
    async closeBundle() {
      await esbuild({
        entryPoints: [CONTENT_ENTRY],
        outfile: path.join(out, CONTENT_FILE),
        bundle: true,
        format: 'iife',
        minify: true,
        legalComments: 'none',
        target: target === 'firefox' ? 'firefox121' : 'chrome120',
        alias: { 'webextension-polyfill': './src/shared/browser-native.ts' },
        logLevel: 'warning',
      });
      const file = path.join(out, 'manifest.json');
      const built = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
      built.content_scripts = baseManifest.content_scripts.map((cs) => ({ ...cs, js: [CONTENT_FILE] }));
      await writeFile(file, `${JSON.stringify(built, null, 2)}\n`);
    },
  };
}

export default defineConfig({
  plugins: [
    preact({ devToolsEnabled: false, prefreshEnabled: false }),
    crx({ manifest: manifestFor(target) as never, browser: target }),
    contentScriptAsOneFile(),
  ],
  build: {
    outDir,
    emptyOutDir: true,
    target: target === 'firefox' ? 'firefox121' : 'chrome120',
    sourcemap: false,
    // <link rel=modulepreload> tags (no polyfill: Chrome 120+ and Firefox 121+ support them): the popup's
    // chunks load in parallel instead of one import after another (npm run bench, figure 4).
    modulePreload: { polyfill: false },
    rollupOptions: {
      // Not referenced by the manifest, so listed here; crxjs adds every manifest entry itself.
      input: { offscreen: 'src/offscreen/index.html' },
    },
  },
});
