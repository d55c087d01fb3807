/**
 * Preact without its one HTML-string sink, for the extension's pages.
 *
 * Preact's diff writes `dom.innerHTML = props.dangerouslySetInnerHTML.__html` (preact/src/diff/index.js)
 * when an element has that prop. The extension never renders HTML from a string (ESLint forbids
 * the prop in src/), but the assignment is in every bundle that includes Preact, and addons.mozilla.org's
 * linter (`web-ext lint`, rule no-unsanitized/property) reports it as UNSAFE_VAR_ASSIGNMENT. The
 * build therefore replaces that assignment with a throw: the feature we do not use is gone from the
 * shipped code, and any use of it fails loudly instead of writing HTML. `dom.innerHTML = ''` (a
 * literal, which the linter accepts) stays.
 *
 * Applied to Preact's built files (`preact/dist/preact*.js|mjs`) by a Vite plugin (pages built by
 * Rollup: the options page) and an esbuild plugin (the popup's classic script).
 */
import { readFile } from 'node:fs/promises';
import type { Plugin as EsbuildPlugin } from 'esbuild';
import type { Plugin as VitePlugin } from 'vite';

/** Preact's built entry files, any of the package's formats (module, mjs, cjs, umd, min). */
export const PREACT_DIST_FILE = /[\\/]node_modules[\\/]preact[\\/]dist[\\/]preact(\.min)?(\.module|\.umd)?\.(m?js)$/;

/** `X.innerHTML=Y.__html` as Preact's minified builds write it (names vary per build). */
const SINK = /([A-Za-z_$][\w$]*)\.innerHTML\s*=\s*([A-Za-z_$][\w$]*)\.__html/g;

/** What the assignment becomes: an expression, so it fits wherever the assignment stood. */
export const SINK_REPLACEMENT = '(()=>{throw new Error("dangerouslySetInnerHTML is not supported in this build")})()';

/**
 * Preact's code with its `innerHTML = ….__html` assignment replaced by SINK_REPLACEMENT.
 * @param code the text of one of Preact's dist files
 * @param id its path (for the error message)
 * @returns the changed text
 * @throws Error when the file does not hold exactly one such assignment (another Preact version
 *   wrote it differently: the build stops rather than ship the sink or a broken Preact)
 */
export function stripPreactInnerHtml(code: string, id: string): string {
  const found = code.match(SINK) ?? [];
  if (found.length !== 1) {
    throw new Error(`preactNoInnerHtml: expected one "x.innerHTML = y.__html" in ${id}, found ${found.length}; check Preact's diff before updating this plugin`);
  }
  return code.replace(SINK, SINK_REPLACEMENT);
}

/** The Vite (Rollup) plugin: transforms Preact's dist files as they are loaded. */
export function preactNoInnerHtmlVite(): VitePlugin {
  return {
    name: 'cckh:preact-no-inner-html',
    enforce: 'pre',
    transform(code, id) {
      const file = id.split('?')[0] ?? id;
      if (!PREACT_DIST_FILE.test(file)) return null;
      return { code: stripPreactInnerHtml(code, file), map: null };
    },
  };
}

/** The esbuild plugin: loads Preact's dist files through stripPreactInnerHtml. */
export function preactNoInnerHtmlEsbuild(): EsbuildPlugin {
  return {
    name: 'cckh:preact-no-inner-html',
    setup(build) {
      build.onLoad({ filter: PREACT_DIST_FILE }, async (args) => ({
        contents: stripPreactInnerHtml(await readFile(args.path, 'utf8'), args.path),
        loader: 'js',
      }));
    },
  };
}
