/**
 * Bundles product TypeScript modules (no loader on Node 20) with esbuild into one IIFE source text
 * that assigns their exports to globalThis[name], to run the very same code inside the browser
 * (e.g. the service worker, through CDP, which the extension's CSP does not govern).
 */
import { build } from 'esbuild';
import { REPO_ROOT } from '../../scripts/lib/harness.mjs';

/** @param {string[]} modules repo-relative paths whose exports to expose @param {string} globalName */
export async function bundleForBrowser(modules, globalName) {
  const out = await build({
    stdin: { contents: modules.map((m) => `export * from './${m}';`).join('\n'), resolveDir: REPO_ROOT, loader: 'ts' },
    bundle: true,
    format: 'iife',
    globalName,
    platform: 'browser',
    target: 'chrome120',
    write: false,
    logLevel: 'silent',
  });
  return `${out.outputFiles[0].text}\n;globalThis[${JSON.stringify(globalName)}] = ${globalName}; true;`;
}
