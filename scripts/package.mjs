#!/usr/bin/env node
/**
 * `npm run package`: the store packages of this version, built from a clean tree.
 *
 *   node scripts/package.mjs [--out-dir <dir>] [--allow-dirty] [--keep-build]
 *
 * 1. Lists the source files (scripts/release/sources.mjs: in a git checkout the tracked ones; in an
 *    unpacked source package the ones there) and, in a git checkout, refuses when any of them has
 *    uncommitted changes (`--allow-dirty` builds the working tree as it is: the tests do).
 * 2. Copies them into an empty temporary folder with this checkout's node_modules linked in, and
 *    runs `vite build` there for Chrome and `TARGET=firefox vite build` for Firefox. Nothing left in
 *    dist/ or elsewhere in the checkout can reach the packages, and the source package is exactly
 *    what was built.
 * 3. Writes to <out-dir> (default release/), each a reproducible zip (scripts/release/zip.mjs):
 *    <name>-<version>-chrome.zip   the built dist/, for the Chrome Web Store
 *    <name>-<version>-firefox.zip  the built dist-firefox/, for addons.mozilla.org
 *    <name>-<version>-source.zip   the source files and a BUILDING.md (exact commands, Node version)
 *    and prints each with its size and SHA-256.
 *
 * Name and version come from package.json; the version must be what both stores accept: one to
 * four dot-separated integers 0–65535 without leading zeros (Chrome's manifest "version" rules; AMO
 * accepts those too). Exit status 1 with a message on any failure.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, stat, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildingMd, sourceFiles, uncommitted } from './release/sources.mjs';
import { directoryEntries, writeZip } from './release/zip.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Chrome's rule for "version" (manifest docs): 1–4 integers, each 0–65535, no leading zeros. */
const VERSION_RE = /^(0|[1-9]\d{0,4})(\.(0|[1-9]\d{0,4})){0,3}$/;

/** The build targets: TARGET for vite.config.ts, the folder it writes, the package's suffix. */
const TARGETS = [
  { target: 'chrome', outDir: 'dist', suffix: 'chrome' },
  { target: 'firefox', outDir: 'dist-firefox', suffix: 'firefox' },
];

/**
 * Whether `version` is one both stores accept (see VERSION_RE).
 * @param {string} version
 */
export function isStoreVersion(version) {
  return VERSION_RE.test(version) && version.split('.').every((n) => Number(n) <= 65535);
}

/**
 * The file names `npm run package` writes for a name and version.
 * @param {string} name package.json's name
 * @param {string} version package.json's version
 * @returns {{ chrome: string, firefox: string, source: string }}
 */
export function packageNames(name, version) {
  return { chrome: `${name}-${version}-chrome.zip`, firefox: `${name}-${version}-firefox.zip`, source: `${name}-${version}-source.zip` };
}

/**
 * The environment of each build: only what a process needs to run (PATH, HOME, temp folder,
 * Windows' system variables), TARGET, and NODE_ENV=production. Nothing else from the caller's
 * environment reaches the build: a test runner's NODE_ENV=test, or CCKH_NO_MINIFY, would change
 * the output.
 * @param {'chrome' | 'firefox'} target
 * @returns {Record<string, string>}
 */
export function buildEnv(target) {
  const keep = ['PATH', 'Path', 'HOME', 'USERPROFILE', 'TMPDIR', 'TEMP', 'TMP', 'SystemRoot', 'SYSTEMROOT', 'ComSpec', 'PATHEXT', 'WINDIR'];
  const env = Object.fromEntries(keep.filter((k) => process.env[k] !== undefined).map((k) => [k, /** @type {string} */ (process.env[k])]));
  return { ...env, NODE_ENV: 'production', TARGET: target };
}

const sha256 = async (file) => createHash('sha256').update(await readFile(file)).digest('hex');

function npmVersion() {
  const r = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['--version'], { encoding: 'utf8', shell: process.platform === 'win32' });
  return r.status === 0 ? r.stdout.trim() : 'unknown';
}

async function main() {
  const { values } = parseArgs({
    options: { 'out-dir': { type: 'string', default: 'release' }, 'allow-dirty': { type: 'boolean', default: false }, 'keep-build': { type: 'boolean', default: false } },
  });
  const outDir = path.resolve(ROOT, values['out-dir']);
  const pkg = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8'));
  if (!isStoreVersion(pkg.version)) throw new Error(`package.json version "${pkg.version}" is not one the stores accept (1–4 integers 0–65535, e.g. 1.2.0)`);
  if (!existsSync(path.join(ROOT, 'node_modules', 'vite'))) throw new Error('node_modules/ has no vite: run `npm ci` first');

  const files = await sourceFiles(ROOT);
  const dirty = uncommitted(ROOT, files);
  if (dirty.length > 0 && !values['allow-dirty']) {
    throw new Error(`uncommitted changes in ${dirty.length} source file(s): ${dirty.slice(0, 5).join(', ')}${dirty.length > 5 ? ', …' : ''}\n  commit them (packages are built from what is committed), or pass --allow-dirty for a test build`);
  }

  const tree = await mkdtemp(path.join(os.tmpdir(), 'cckh-package-'));
  try {
    for (const f of files) await cp(path.join(ROOT, f), path.join(tree, f));
    await symlink(path.join(ROOT, 'node_modules'), path.join(tree, 'node_modules'), 'junction');
    for (const t of TARGETS) {
      console.log(`package: vite build (${t.target}) in ${tree}`);
      const r = spawnSync(process.execPath, [path.join(tree, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
        cwd: tree,
        env: buildEnv(t.target),
        stdio: 'inherit',
      });
      if (r.status !== 0) throw new Error(`vite build (${t.target}) failed with status ${r.status}`);
    }

    const names = packageNames(pkg.name, pkg.version);
    const built = [];
    for (const t of TARGETS) {
      const file = path.join(outDir, names[t.suffix]);
      await writeZip(file, await directoryEntries(path.join(tree, t.outDir)));
      built.push({ file: names[t.suffix], sha256: await sha256(file), from: t.outDir });
    }
    const sources = await Promise.all(files.map(async (f) => ({ name: f, data: await readFile(path.join(tree, f)) })));
    const building = buildingMd({ name: pkg.name, version: pkg.version, node: process.version, npm: npmVersion(), packages: built });
    await writeZip(path.join(outDir, names.source), [...sources, { name: 'BUILDING.md', data: Buffer.from(building) }]);

    for (const f of [names.chrome, names.firefox, names.source]) {
      const full = path.join(outDir, f);
      console.log(`package: ${path.relative(process.cwd(), full) || full}  ${(await stat(full)).size} bytes  sha256 ${await sha256(full)}`);
    }
    if (values['keep-build']) console.log(`package: build tree kept at ${tree}`);
  } finally {
    if (!values['keep-build']) await rm(tree, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(`package: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
