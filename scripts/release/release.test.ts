/**
 * The packaging helpers on their own: zip writing is order- and time-zone-independent, reading it
 * back gives what was written, the version rule is Chrome's, the source list keeps what the build
 * needs. (The real packages are tested in tests/release/package.release.test.ts.)
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEnv, isStoreVersion } from '../package.mjs';
import { isSourceFile } from './sources.mjs';
import { ZIP_MODE, readZip, unzipTo, writeZip } from './zip.mjs';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'cckh-release-unit-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const entries = [
  { name: 'manifest.json', data: Buffer.from('{"manifest_version":3}\n') },
  { name: 'assets/b.js', data: Buffer.from('export const b = 2;\n'.repeat(50)) },
  { name: 'assets/a.js', data: Buffer.from('export const a = 1;\n') },
  { name: 'icons/icon-16.png', data: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]) },
];

describe('writeZip', () => {
  it('gives the same bytes whatever the order of the entries, and in any time zone', async () => {
    await writeZip(path.join(tmp, 'a.zip'), entries);
    await writeZip(path.join(tmp, 'b.zip'), [...entries].reverse());
    const a = await readFile(path.join(tmp, 'a.zip'));
    expect((await readFile(path.join(tmp, 'b.zip'))).equals(a)).toBe(true);
    // Another process in another time zone: yazl writes DOS times from local time parts.
    const script = `import('${path.join(import.meta.dirname, 'zip.mjs')}').then((m) => m.writeZip(${JSON.stringify(path.join(tmp, 'tz.zip'))}, ${JSON.stringify(entries.map((e) => ({ name: e.name, data: e.data.toString('base64') })))}.map((e) => ({ name: e.name, data: Buffer.from(e.data, 'base64') }))))`;
    execFileSync(process.execPath, ['-e', script], { env: { ...process.env, TZ: 'Pacific/Kiritimati' } });
    expect((await readFile(path.join(tmp, 'tz.zip'))).equals(a)).toBe(true);
  });

  it('stores the entries sorted, deflated, at 1980-01-01 00:00 with mode 100644, and reads back the same bytes', async () => {
    const read = await readZip(path.join(tmp, 'a.zip'));
    expect(read.map((e) => e.name)).toEqual(['assets/a.js', 'assets/b.js', 'icons/icon-16.png', 'manifest.json']);
    for (const e of read) {
      expect(e.data.equals(entries.find((x) => x.name === e.name)!.data)).toBe(true);
      expect([e.mode, e.mtime.getFullYear(), e.mtime.getMonth(), e.mtime.getDate(), e.mtime.getHours(), e.mtime.getMinutes()]).toEqual([ZIP_MODE, 1980, 0, 1, 0, 0]);
    }
    // Deflated: the repeated file takes less room in the zip than its 1000 bytes.
    expect((await readFile(path.join(tmp, 'a.zip'))).length).toBeLessThan(entries.reduce((n, e) => n + e.data.length, 0));
  });

  it('refuses two entries with one name', async () => {
    await expect(writeZip(path.join(tmp, 'dup.zip'), [entries[0]!, entries[0]!])).rejects.toThrow('writeZip: "manifest.json" twice');
  });
});

describe('unzipTo', () => {
  it('writes the files and returns their names', async () => {
    const dir = path.join(tmp, 'out');
    expect(await unzipTo(path.join(tmp, 'a.zip'), dir)).toEqual(['assets/a.js', 'assets/b.js', 'icons/icon-16.png', 'manifest.json']);
    expect(await readFile(path.join(dir, 'assets/a.js'), 'utf8')).toBe('export const a = 1;\n');
  });
});

describe('isStoreVersion (Chrome\'s manifest "version": 1–4 integers 0–65535, no leading zeros)', () => {
  it.each([
    ['0.1.0', true],
    ['1', true],
    ['1.2.3.4', true],
    ['65535.0', true],
    ['1.2.3.4.5', false],
    ['1.02', false],
    ['65536', false],
    ['1.0.0-beta.1', false],
    ['v1.0', false],
    ['', false],
  ])('%s → %s', (v, ok) => {
    expect(isStoreVersion(v)).toBe(ok);
  });
});

describe('isSourceFile', () => {
  it('keeps what the build reads, not tests, the replica or the benchmark', () => {
    const keep = ['package.json', 'package-lock.json', 'manifest.json', 'vite.config.ts', 'tsconfig.json', 'src/popup/main.tsx', 'public/icons/icon-16.png', 'scripts/package.mjs', 'scripts/release/zip.mjs', 'scripts/build/preactNoInnerHtml.ts', 'README.md', 'PRIVACY.md', 'CHANGELOG.md'];
    const drop = ['src/popup/Popup.test.tsx', 'src/test/setup-i18n.ts', 'src/content/test/replica.ts', 'scripts/build/preactNoInnerHtml.test.ts', 'tests/e2e/smoke.e2e.test.ts', 'replica/server.mjs', 'bench/run.mjs', 'docs/SECURITY.md', 'scripts/start.mjs', 'eslint.config.js', 'BUILDING.md'];
    expect(keep.filter((f) => !isSourceFile(f))).toEqual([]);
    expect(drop.filter((f) => isSourceFile(f))).toEqual([]);
  });
});

describe('buildEnv', () => {
  it('passes on only what a process needs, with NODE_ENV=production and the target', () => {
    const saved = { ...process.env };
    try {
      process.env.NODE_ENV = 'test';
      process.env.CCKH_NO_MINIFY = '1';
      process.env.VITEST = 'true';
      const env = buildEnv('firefox');
      expect(env.NODE_ENV).toBe('production');
      expect(env.TARGET).toBe('firefox');
      expect(env.PATH).toBe(process.env.PATH);
      expect(Object.keys(env).filter((k) => !['PATH', 'Path', 'HOME', 'USERPROFILE', 'TMPDIR', 'TEMP', 'TMP', 'SystemRoot', 'SYSTEMROOT', 'ComSpec', 'PATHEXT', 'WINDIR', 'NODE_ENV', 'TARGET'].includes(k))).toEqual([]);
    } finally {
      process.env = saved;
    }
  });
});
