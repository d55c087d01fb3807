import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import preact from '@preact/preset-vite';
import { crx } from '@crxjs/vite-plugin';
import { build as esbuild } from 'esbuild';
import baseManifest from './manifest.json' with { type: 'json' };
import pkg from './package.json' with { type: 'json' };
import { preactNoInnerHtmlEsbuild, preactNoInnerHtmlVite } from './scripts/build/preactNoInnerHtml.ts';
import { STRENGTH_MODULE_PATH } from './src/shared/strengthTypes.ts';

/**
 * Chrome build → dist/ (default); Firefox build → dist-firefox/ (`TARGET=firefox`, `npm run build:firefox`).
 * Firefox MV3 takes `background.scripts` (an event page, not a service worker), has no offscreen API
 * and needs a gecko id (`browser_specific_settings`), so its manifest is derived from the one
 * manifest.json here rather than kept as a second copy. Both manifests get their version from
 * package.json (the one place it is written; `npm run package` names the zips after it).
 */
const target = process.env.TARGET === 'firefox' ? 'firefox' : 'chrome';
/**
 * The JavaScript syntax each build emits (esbuild targets). Chrome's equals the manifest's
 * minimum_chrome_version (the release check compares them: docs/RELEASING.md). Firefox 121 is below
 * the gecko strict_min_version, so every Firefox that installs the add-on parses it.
 */
export const CHROME_TARGET = `chrome${baseManifest.minimum_chrome_version}`;
export const FIREFOX_TARGET = 'firefox121';
const jsTarget = target === 'firefox' ? FIREFOX_TARGET : CHROME_TARGET;
const outDir = target === 'firefox' ? 'dist-firefox' : 'dist';
const CONTENT_ENTRY = 'src/content/index.ts';
const CONTENT_FILE = 'content.js';
const POPUP_HTML = 'src/popup/index.html';
const POPUP_ENTRY = 'src/popup/main.tsx';
const POPUP_SCRIPT = 'assets/popup.js';
const POPUP_STYLE = 'assets/popup.css';

function manifestFor(browser: 'chrome' | 'firefox') {
  // The content script and the popup are built by contentScriptAsOneFile() and popupAsOneFile()
  // below, not by crxjs; each adds its manifest entry back to the built manifest.
  const { content_scripts: _contentBuiltSeparately, action: fullAction, ...base } = baseManifest;
  const { default_popup: _popupBuiltSeparately, ...action } = fullAction;
  const chrome = { ...base, version: pkg.version, action };
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
  let root = process.cwd();
  return {
    name: 'cckh:content-script-iife',
    apply: 'build',
    configResolved(config) {
      out = path.resolve(config.root, config.build.outDir); // honours `vite build --outDir`
      root = config.root;
    },
    // Sequential: both plugins rewrite dist/manifest.json, one after the other.
    closeBundle: {
      sequential: true,
      async handler() {
        await buildClassicScript(path.join(root, CONTENT_ENTRY), path.join(out, CONTENT_FILE));
        await editBuiltManifest(out, (built) => {
          built.content_scripts = baseManifest.content_scripts.map((cs) => ({ ...cs, js: [CONTENT_FILE] }));
        });
      },
    },
  };
}

/**
 * One classic (IIFE) script, minified, from `entry` (and what it imports) to `outfile`, with the
 * polyfill replaced by the browser's own API (src/shared/browser-native.ts says when that is
 * enough). For the content script and the popup: both run from one file, without a module graph.
 */
async function buildClassicScript(entry: string, outfile: string): Promise<void> {
  await esbuild({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'iife',
    minify: process.env.CCKH_NO_MINIFY !== '1',
    legalComments: 'none',
    target: jsTarget,
    alias: { 'webextension-polyfill': './src/shared/browser-native.ts' },
    // The popup's strength module stays a separate file, imported by its literal path.
    external: [STRENGTH_MODULE_PATH],
    plugins: [preactNoInnerHtmlEsbuild()],
    logLevel: 'warning',
  });
}

/** Reads dist's manifest.json, lets `edit` change it, writes it back. */
async function editBuiltManifest(out: string, edit: (built: Record<string, unknown> & { action?: Record<string, unknown> }) => void) {
  const file = path.join(out, 'manifest.json');
  const built = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  edit(built);
  await writeFile(file, `${JSON.stringify(built, null, 2)}\n`);
}

/**
 * Builds the toolbar popup as one classic script (+ one stylesheet), loaded async, and
 * adds it back to the built manifest. The popup is opened from scratch at every click, so its
 * start is on the user's critical path (npm run bench, figure 4: < 150 ms): as ES modules it took
 * five fetches and a module graph before the first line ran, as one classic script it starts
 * about 7 ms sooner here. Like the content script it uses the browser's own promise-based API
 * (src/shared/browser-native.ts): it only calls runtime/tabs/i18n methods, which return Promises
 * in Chrome MV3 and Firefox; it registers no runtime.onMessage listener, the one place the
 * polyfill matters. The HTML is src/popup/index.html with its module script swapped.
 */
function popupAsOneFile(): Plugin {
  let out = outDir;
  let root = process.cwd();
  return {
    name: 'cckh:popup-iife',
    apply: 'build',
    configResolved(config) {
      out = path.resolve(config.root, config.build.outDir);
      root = config.root;
    },
    // Sequential: both plugins rewrite dist/manifest.json, one after the other.
    closeBundle: {
      sequential: true,
      async handler() {
        await buildClassicScript(path.join(root, POPUP_ENTRY), path.join(out, POPUP_SCRIPT)); // its CSS goes to the same name with .css
        const source = await readFile(path.join(root, POPUP_HTML), 'utf8');
        const moduleTag = /\s*<script type="module" src="\.\/main\.tsx"><\/script>/;
        if (!moduleTag.test(source)) throw new Error(`${POPUP_HTML}: expected <script type="module" src="./main.tsx"></script>`);
        // async, in the head: the parser finishes the (tiny) page, and the browser lays it out, while
        // the script is still being fetched, instead of right after it runs, when the first answers
        // come in (main.tsx waits for the DOM before rendering).
        const html = source
          .replace(moduleTag, '')
          .replace('</head>', `  <link rel="stylesheet" href="/${POPUP_STYLE}" />\n    <script async src="/${POPUP_SCRIPT}"></script>\n  </head>`);
        await mkdir(path.join(out, path.dirname(POPUP_HTML)), { recursive: true });
        await writeFile(path.join(out, POPUP_HTML), html);
        await editBuiltManifest(out, (built) => {
          built.action = { ...built.action, default_popup: POPUP_HTML };
        });
      },
    },
  };
}

/**
 * zxcvbn for passphrase strength (src/shared/strength.ts), outside every script that loads on its
 * own: `assets/strength.js` (an ES module: zxcvbn's code, ~11 KB gzip) that the popup and the
 * options page import (by that literal path, STRENGTH_MODULE_PATH) when a passphrase is being set, and `zxcvbn/dictionaries.json` (its common
 * and English dictionaries, 2.4 MB) that it and the service worker fetch then. The dictionaries are
 * the packages' own data, decompressed here at build time.
 */
function strengthAssets(): Plugin {
  let out = outDir;
  let root = process.cwd();
  return {
    name: 'cckh:strength-assets',
    apply: 'build',
    configResolved(config) {
      out = path.resolve(config.root, config.build.outDir);
      root = config.root;
    },
    closeBundle: {
      sequential: true,
      async handler() {
        await esbuild({
          entryPoints: [path.join(root, 'src/ui/strength-module.ts')],
          outfile: path.join(out, STRENGTH_MODULE_PATH),
          bundle: true,
          format: 'esm',
          minify: process.env.CCKH_NO_MINIFY !== '1',
          legalComments: 'none',
          target: jsTarget,
          alias: { 'webextension-polyfill': './src/shared/browser-native.ts' },
          logLevel: 'warning',
        });
        const common = await import('@zxcvbn-ts/language-common');
        const en = await import('@zxcvbn-ts/language-en');
        await mkdir(path.join(out, 'zxcvbn'), { recursive: true });
        await writeFile(path.join(out, 'zxcvbn/dictionaries.json'), JSON.stringify({ dictionary: { ...common.dictionary, ...en.dictionary }, graphs: common.adjacencyGraphs }));
      },
    },
  };
}

export default defineConfig({
  plugins: [
    preactNoInnerHtmlVite(),
    preact({ devToolsEnabled: false, prefreshEnabled: false }),
    crx({ manifest: manifestFor(target) as never, browser: target }),
    contentScriptAsOneFile(),
    popupAsOneFile(),
    strengthAssets(),
  ],
  build: {
    outDir,
    emptyOutDir: true,
    target: jsTarget,
    sourcemap: false,
    // <link rel=modulepreload> tags (no polyfill: Chrome 120+ and Firefox 121+ support them): the
    // options page's chunks load in parallel instead of one import after another.
    modulePreload: { polyfill: false },
    rollupOptions: {
      // Not referenced by the manifest, so listed here; crxjs adds every manifest entry itself.
      input: { offscreen: 'src/offscreen/index.html' },
      // The pages import zxcvbn's module by its path in the built extension (ui/extension.tsx).
      external: [STRENGTH_MODULE_PATH],
    },
  },
});
