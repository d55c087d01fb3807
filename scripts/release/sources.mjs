/**
 * What goes into the source package addons.mozilla.org asks for (scripts/package.mjs): the files
 * needed to build both store packages, and the BUILDING.md that says how.
 */
import { execFileSync } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * The files and folders (ending in "/") a build reads: the manifest, the build configuration, the
 * extension's code and assets, the packaging scripts, and the documents a reviewer reads first.
 * Tests, the replica, the benchmark and the docs folder are not needed to build and are left out.
 */
export const SOURCE_PATHS = [
  'CHANGELOG.md',
  'PRIVACY.md',
  'README.md',
  'manifest.json',
  'package-lock.json',
  'package.json',
  'public/',
  'scripts/build/',
  'scripts/package.mjs',
  'scripts/release/',
  'src/',
  'tsconfig.json',
  'vite.config.ts',
];
/** Left out even under SOURCE_PATHS: unit tests and their helpers (no build reads them). */
export const SOURCE_EXCLUDED = [/\.test\.(ts|tsx|mjs)$/, /(^|\/)test\//];

/** Whether `name` (a "/"-separated path relative to the repository) belongs to the source package. */
export function isSourceFile(name) {
  const listed = SOURCE_PATHS.some((p) => (p.endsWith('/') ? name.startsWith(p) : name === p));
  return listed && !SOURCE_EXCLUDED.some((re) => re.test(name));
}

/**
 * Whether `root` is the top of a git work tree (a clone or a worktree), as opposed to an unpacked
 * source package.
 */
export function isGitCheckout(root) {
  try {
    const top = execFileSync('git', ['-C', root, 'rev-parse', '--show-toplevel'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return path.resolve(top) === path.resolve(root);
  } catch {
    return false;
  }
}

/**
 * The source package's files under `root`, sorted: in a git checkout the tracked files
 * (`git ls-files`) that isSourceFile keeps; in an unpacked source package (no git) the files there
 * that it keeps (node_modules, release/ and build output are never walked).
 * @param {string} root the repository (or unpacked source package) folder
 * @returns {Promise<string[]>} "/"-separated paths relative to root
 */
export async function sourceFiles(root) {
  let all;
  if (isGitCheckout(root)) {
    all = execFileSync('git', ['-C', root, 'ls-files', '-z'], { encoding: 'utf8' }).split('\0').filter(Boolean);
  } else {
    // Output folders at the top (release/, dist/, dist-firefox/…), and node_modules and .git anywhere.
    const skipAtTop = (name) => name === 'release' || name === 'dist' || name.startsWith('dist-');
    all = [];
    const walk = async (dir) => {
      for (const d of await readdir(path.join(root, dir), { withFileTypes: true })) {
        const rel = dir ? `${dir}/${d.name}` : d.name;
        if (d.isDirectory()) {
          if (d.name !== 'node_modules' && d.name !== '.git' && !(dir === '' && skipAtTop(d.name))) await walk(rel);
        } else if (d.isFile()) all.push(rel);
      }
    };
    await walk('');
  }
  return all.filter(isSourceFile).sort();
}

/**
 * Source files among `files` that differ from the commit checked out (modified, staged, deleted),
 * per `git status`. Empty outside a git checkout.
 * @param {string} root
 * @param {string[]} files
 * @returns {string[]}
 */
export function uncommitted(root, files) {
  if (!isGitCheckout(root) || files.length === 0) return [];
  const out = execFileSync('git', ['-C', root, 'status', '--porcelain=v1', '-z', '--', ...files], { encoding: 'utf8' });
  return out
    .split('\0')
    .filter(Boolean)
    .map((line) => line.slice(3));
}

/**
 * The text of BUILDING.md, written into the source package.
 * @param {{ name: string, version: string, node: string, npm: string, packages: Array<{ file: string, sha256: string, from: string }> }} info
 *   name, version: package.json's; node: `process.version` of the build (e.g. "v20.20.2"); npm: its
 *   npm's version; packages: each store package's file name, SHA-256 (hex) and the folder it was zipped from
 * @returns {string}
 */
export function buildingMd(info) {
  const { name, version, node, npm, packages } = info;
  return `# Building ${name} ${version} from source

This is the source of the store packages of ${name} ${version}. One command builds them again,
byte for byte.

## What you need

- Node.js ${node} (the version these packages were built with; any Node.js 20.19 or later builds
  the same files, and with ${node} the zip files are also byte-identical: zlib, which compresses
  them, comes with Node.js) and the npm that comes with it (${npm}).
- Linux, macOS or Windows; nothing else (no browser, no network after \`npm ci\`).

## Commands

\`\`\`sh
unzip ${name}-${version}-source.zip -d ${name}-${version}
cd ${name}-${version}
npm ci             # the exact dependency versions of package-lock.json
npm run package    # builds both targets, writes release/
\`\`\`

\`npm run package\` (\`scripts/package.mjs\`) copies these files into an empty temporary folder,
runs \`vite build\` there for Chrome (output \`dist/\`) and \`TARGET=firefox vite build\` for Firefox
(output \`dist-firefox/\`), and zips each output with fixed timestamps and order (\`scripts/release/zip.mjs\`).
The build minifies the code (esbuild); nothing is obfuscated, and the sources are the files here.
It writes:

${packages.map((p) => `- \`release/${p.file}\` (from \`${p.from}/\`), SHA-256 \`${p.sha256}\``).join('\n')}
- \`release/${name}-${version}-source.zip\`: this package again.

## Check

\`\`\`sh
sha256sum release/*.zip   # macOS: shasum -a 256 release/*.zip
\`\`\`

The two store packages' hashes match the ones above. With another Node.js version compare the files
inside instead: \`unzip -d a release/${name}-${version}-firefox.zip\`, unzip the submitted package into
\`b\`, then \`diff -r a b\` prints nothing.
`;
}
