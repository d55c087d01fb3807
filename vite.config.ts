import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';
import { crx } from '@crxjs/vite-plugin';
import baseManifest from './manifest.json' with { type: 'json' };

/**
 * Chrome build → dist/ (default); Firefox build → dist-firefox/ (`TARGET=firefox`, `npm run build:firefox`).
 * Firefox MV3 takes `background.scripts` (an event page), has no offscreen API and needs a gecko id
 * (DESIGN.md, "Firefox MV3"), so its manifest is derived from the one manifest.json here.
 */
const target = process.env.TARGET === 'firefox' ? 'firefox' : 'chrome';

function manifestFor(browser: 'chrome' | 'firefox') {
  if (browser === 'chrome') return baseManifest;
  const { minimum_chrome_version: _chromeOnly, background, permissions, ...rest } = baseManifest;
  return {
    ...rest,
    background: { scripts: [background.service_worker], type: background.type },
    permissions: permissions.filter((p) => p !== 'offscreen'),
    browser_specific_settings: { gecko: { id: 'cloudcraft-key-helper@keyhelper.invalid', strict_min_version: '121.0' } },
  };
}

export default defineConfig({
  plugins: [
    preact({ devToolsEnabled: false, prefreshEnabled: false }),
    crx({ manifest: manifestFor(target) as never, browser: target }),
  ],
  build: {
    outDir: target === 'firefox' ? 'dist-firefox' : 'dist',
    emptyOutDir: true,
    target: target === 'firefox' ? 'firefox121' : 'chrome120',
    sourcemap: false,
    modulePreload: false,
    rollupOptions: {
      // Not referenced by the manifest, so listed here; crxjs adds every manifest entry itself.
      input: { offscreen: 'src/offscreen/index.html' },
    },
  },
});
