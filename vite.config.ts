import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';
import { crx } from '@crxjs/vite-plugin';
import manifest from './manifest.json' with { type: 'json' };

// One build for Chrome (dist/). The offscreen document is not referenced by the manifest, so it is
// listed as an extra input; crxjs adds every manifest entry (popup, options, worker, content script).
export default defineConfig({
  plugins: [preact({ devToolsEnabled: false, prefreshEnabled: false }), crx({ manifest: manifest as never })],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: false,
    modulePreload: false,
    rollupOptions: {
      input: { offscreen: 'src/offscreen/index.html' },
    },
  },
  server: { port: 5273, strictPort: true, hmr: false },
});
