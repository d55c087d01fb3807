/**
 * The three files `npm run package` wrote to release/ (npm run test:release writes them first):
 * reproducible byte for byte, the right contents, a source package that rebuilds them alone, and
 * clean reports: our Chrome Web Store check on the Chrome package, `web-ext lint` on the Firefox one.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageNames } from '../../scripts/package.mjs';
import { SOURCE_PATHS, sourceFiles } from '../../scripts/release/sources.mjs';
import { readZip, unzipTo } from '../../scripts/release/zip.mjs';
import { checkChromePackage } from './lib/chromeCheck';
import { PACKAGES, PKG, ROOT, UNPACKED_CHROME } from './packages';

const KINDS = ['chrome', 'firefox', 'source'] as const;
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Runs scripts/package.mjs with `args` in `cwd`; returns its output; throws with it on failure. */
function runPackage(cwd: string, args: string[]): string {
  const r = spawnSync(process.execPath, [path.join(cwd, 'scripts/package.mjs'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  if (r.status !== 0) throw new Error(`package.mjs ${args.join(' ')} in ${cwd} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

describe(`the store packages of ${PKG.name} ${PKG.version}`, () => {
  const bytes = {} as Record<(typeof KINDS)[number], Buffer>;
  let tmp: string;

  beforeAll(async () => {
    for (const k of KINDS) bytes[k] = await readFile(PACKAGES[k]);
    tmp = await mkdtemp(path.join(os.tmpdir(), 'cckh-release-test-'));
  });
  afterAll(async () => {
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('are named after package.json: <name>-<version>-chrome.zip, -firefox.zip, -source.zip', () => {
    expect(Object.values(PACKAGES).map((p) => path.relative(ROOT, p))).toEqual([
      `release/${PKG.name}-${PKG.version}-chrome.zip`,
      `release/${PKG.name}-${PKG.version}-firefox.zip`,
      `release/${PKG.name}-${PKG.version}-source.zip`,
    ]);
    expect(packageNames('cloudcraft-key-helper', '1.2.0')).toEqual({
      chrome: 'cloudcraft-key-helper-1.2.0-chrome.zip',
      firefox: 'cloudcraft-key-helper-1.2.0-firefox.zip',
      source: 'cloudcraft-key-helper-1.2.0-source.zip',
    });
  });

  it('are what the browser tests in this run load: E2E_DIST is the unzipped Chrome package, FIREFOX_DIST the Firefox zip', () => {
    expect(process.env.E2E_DIST).toBe(UNPACKED_CHROME);
    expect(process.env.FIREFOX_DIST).toBe(PACKAGES.firefox);
  });

  it('come out byte-identical from a second run on the same tree', async () => {
    const out = path.join(tmp, 'second-run');
    runPackage(ROOT, ['--allow-dirty', '--out-dir', out]);
    for (const k of KINDS) {
      const again = await readFile(path.join(out, path.basename(PACKAGES[k])));
      expect(`${k}: ${sha256(again)} (${again.length} bytes)`).toBe(`${k}: ${sha256(bytes[k])} (${bytes[k].length} bytes)`);
      expect(again.equals(bytes[k])).toBe(true);
    }
  });

  it('are reproducible by construction: entries sorted by name, no folders, each dated 1980-01-01 00:00 with mode rw-r--r--', async () => {
    for (const k of KINDS) {
      const entries = await readZip(PACKAGES[k]);
      const names = entries.map((e) => e.name);
      expect(names).toEqual([...names].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
      expect(entries.filter((e) => e.directory)).toEqual([]);
      const times = new Set(entries.map((e) => `${e.mtime.getFullYear()}-${e.mtime.getMonth() + 1}-${e.mtime.getDate()} ${e.mtime.getHours()}:${e.mtime.getMinutes()}`));
      expect([...times]).toEqual(['1980-1-1 0:0']);
      expect(new Set(entries.map((e) => e.mode.toString(8)))).toEqual(new Set(['100644']));
    }
  });

  it('hold the built extension with manifest.json at the top, version from package.json, the same files in both', async () => {
    const chrome = await readZip(PACKAGES.chrome);
    const firefox = await readZip(PACKAGES.firefox);
    const manifestOf = (entries: typeof chrome) => JSON.parse(entries.find((e) => e.name === 'manifest.json')!.data.toString('utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const c = manifestOf(chrome);
    const f = manifestOf(firefox);
    expect([c.version, f.version]).toEqual([PKG.version, PKG.version]);
    expect(c.background).toEqual({ service_worker: 'service-worker-loader.js', type: 'module' });
    expect(f.background).toEqual({ scripts: ['service-worker-loader.js'], type: 'module' });
    expect(c.minimum_chrome_version).toBe('120');
    expect(f.browser_specific_settings.gecko).toEqual({ id: 'cloudcraft-key-helper@keyhelper.invalid', strict_min_version: '140.0', data_collection_permissions: { required: ['none'] } });
    // The same files; the options page's chunk and stylesheet are built for each browser (hashed names).
    const unhashed = (entries: typeof chrome) => entries.map((e) => e.name.replace(/-[\w-]{8}\.(js|css)$/, '-<hash>.$1'));
    expect(unhashed(chrome)).toEqual(unhashed(firefox));
    for (const name of ['content.js', 'assets/popup.js', 'assets/strength.js', 'src/popup/index.html', 'src/options/index.html', 'zxcvbn/dictionaries.json', 'icons/icon-128.png', '_locales/en/messages.json']) {
      expect(chrome.map((e) => e.name)).toContain(name);
    }
    expect(chrome.some((e) => e.name.includes('node_modules') || e.name.endsWith('.map') || e.name.endsWith('.ts'))).toBe(false);
  });

  it('the source package holds the tracked files the build needs and a BUILDING.md, no node_modules, nothing else', async () => {
    const names = (await readZip(PACKAGES.source)).map((e) => e.name);
    expect(names).toEqual([...(await sourceFiles(ROOT)), 'BUILDING.md'].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
    for (const f of ['package.json', 'package-lock.json', 'manifest.json', 'vite.config.ts', 'scripts/package.mjs', 'scripts/release/zip.mjs', 'src/background/index.ts', 'src/popup/main.tsx', 'public/_locales/en/messages.json', 'PRIVACY.md']) {
      expect(names).toContain(f);
    }
    expect(names.filter((n) => /node_modules|^dist|^release\/|\.test\.tsx?$|^tests\/|^replica\/|^bench\//.test(n))).toEqual([]);
    expect(SOURCE_PATHS.every((p) => names.some((n) => (p.endsWith('/') ? n.startsWith(p) : n === p)))).toBe(true);
  });

  it('BUILDING.md names this Node version, the commands, and the SHA-256 of both store packages', async () => {
    const building = (await readZip(PACKAGES.source)).find((e) => e.name === 'BUILDING.md')!.data.toString('utf8');
    expect(building.split('\n')[0]).toBe(`# Building ${PKG.name} ${PKG.version} from source`);
    expect(building).toContain(`- Node.js ${process.version} (the version these packages were built with;`);
    expect(building).toContain('npm ci             # the exact dependency versions of package-lock.json\nnpm run package    # builds both targets, writes release/');
    expect(building).toContain(`- \`release/${path.basename(PACKAGES.chrome)}\` (from \`dist/\`), SHA-256 \`${sha256(bytes.chrome)}\``);
    expect(building).toContain(`- \`release/${path.basename(PACKAGES.firefox)}\` (from \`dist-firefox/\`), SHA-256 \`${sha256(bytes.firefox)}\``);
  });

  it('the source package alone (no git, its own scripts) builds the same three files, byte for byte', async () => {
    const tree = path.join(tmp, 'from-source');
    await unzipTo(PACKAGES.source, tree);
    await symlink(path.join(ROOT, 'node_modules'), path.join(tree, 'node_modules'), 'junction'); // stands in for `npm ci`
    runPackage(tree, []);
    for (const k of KINDS) {
      const rebuilt = await readFile(path.join(tree, 'release', path.basename(PACKAGES[k])));
      expect(`${k}: ${sha256(rebuilt)}`).toBe(`${k}: ${sha256(bytes[k])}`);
    }
  });

  it('the Chrome package passes our Chrome Web Store check: every permission used, no remote code, icons, minimum_chrome_version 120 and why', async () => {
    const r = await checkChromePackage(UNPACKED_CHROME);
    expect(r.problems).toEqual([]);
    expect(r.minimumChromeVersion.declared).toBe(120);
    expect(r.minimumChromeVersion.needed).toBe(120);
    expect(r.minimumChromeVersion.because.map((f) => f.feature)).toEqual([
      "alarms that fire 30 s after they are set (the clipboard clear's backup alarm, at the default 30 s delay; 1 minute before Chrome 120)",
    ]);
    expect(Object.entries(r.permissionUse).filter(([, evidence]) => !evidence)).toEqual([]);
    expect(Object.keys(r.permissionUse)).toEqual(['storage', 'alarms', 'idle', 'clipboardWrite', 'offscreen', 'clipboardRead', 'https://app.cloudcraft.co/*', 'https://api.cloudcraft.co/*']);
  });

  it('web-ext lint on the Firefox package: 0 errors, 0 warnings, 0 notices', async () => {
    const dir = path.join(tmp, 'firefox');
    await unzipTo(PACKAGES.firefox, dir);
    const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/web-ext/bin/web-ext.js'), 'lint', '--source-dir', dir, '--output', 'json', '--no-config-discovery'], { encoding: 'utf8' });
    const report = JSON.parse(r.stdout) as { count: number; summary: Record<string, number>; errors: unknown[]; warnings: unknown[]; notices: unknown[] };
    expect({ summary: report.summary, errors: report.errors, warnings: report.warnings, notices: report.notices }).toEqual({
      summary: { errors: 0, notices: 0, warnings: 0 },
      errors: [],
      warnings: [],
      notices: [],
    });
    expect(r.status).toBe(0);
  });
});
