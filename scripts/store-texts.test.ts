/**
 * The store-text generator on its own: how it reads the README's permissions table and writes
 * docs/store/permissions.md. (tests/release/store.release.test.ts compares the real files with the
 * packaged manifests.)
 */
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PERMISSIONS_MD, permissionsMd, plain, readmePermissions } from './store-texts.mjs';

const SCRIPT = fileURLToPath(new URL('./store-texts.mjs', import.meta.url));

const readme = (rows: string[], after = '\nMore text.\n') => `# Extension

Intro.

## Permissions, and why

| permission | used for |
| --- | --- |
${rows.join('\n')}
${after}
## Next section

| not | this table |
| --- | --- |
| \`tabs\` | never read |
`;

describe('plain', () => {
  it('drops Markdown marks and keeps the words', () => {
    expect(plain('`GET /user/me` with a key: **Test**, and *each* [captured key](docs/x.md)')).toBe('GET /user/me with a key: Test, and each captured key');
  });

  it('turns a table cell\'s escaped pipe back into a pipe, and folds white space to one line', () => {
    expect(plain('read \\| write,\n  then   save')).toBe('read | write, then save');
  });

  it('leaves a lone asterisk and snake_case alone', () => {
    expect(plain('host_permissions for https://app.cloudcraft.co/*')).toBe('host_permissions for https://app.cloudcraft.co/*');
  });
});

describe('readmePermissions', () => {
  it('reads each row of the section\'s table: the name, its kind, Chrome-only notes, the reason as plain text', () => {
    const rows = readmePermissions(
      readme([
        '| `storage` | the vault (`storage.local`) |',
        '| `offscreen` (Chrome) | a hidden document that clears the clipboard |',
        '| optional `clipboardRead` | only if you turn on **the check** |',
        '| host `https://api.cloudcraft.co/*` | `GET /user/me` \\| nothing else |',
      ]),
    );
    expect(rows).toEqual([
      { permission: 'storage', kind: 'required', browsers: ['chrome', 'firefox'], reason: 'the vault (storage.local)' },
      { permission: 'offscreen', kind: 'required', browsers: ['chrome'], reason: 'a hidden document that clears the clipboard' },
      { permission: 'clipboardRead', kind: 'optional', browsers: ['chrome', 'firefox'], reason: 'only if you turn on the check' },
      { permission: 'https://api.cloudcraft.co/*', kind: 'host', browsers: ['chrome', 'firefox'], reason: 'GET /user/me | nothing else' },
    ]);
  });

  it('stops at the end of the table: later tables and sections are not read', () => {
    expect(readmePermissions(readme(['| `idle` | lock when the screen locks |'], '')).map((r) => r.permission)).toEqual(['idle']);
  });

  it('refuses a README without the section, a table without rows, and a first cell it cannot read', () => {
    expect(() => readmePermissions('# Extension\n\n## Permissions\n\n| a | b |\n| --- | --- |\n| `x` | y |\n')).toThrow('README.md has no "## Permissions, and why" section');
    expect(() => readmePermissions(readme([]))).toThrow('README.md: the permissions table has no rows');
    expect(() => readmePermissions(readme(['| storage | no backticks |']))).toThrow('README.md permissions table: cannot read "storage"');
    expect(() => readmePermissions(readme(['| `idle` (Firefox) | not a note we know |']))).toThrow('cannot read "`idle` (Firefox)"');
  });

  it('reads the real README: the eight permissions of the manifests, in the table\'s order', async () => {
    const rows = readmePermissions(await readFile(path.join(path.dirname(SCRIPT), '..', 'README.md'), 'utf8'));
    expect(rows.map((r) => `${r.kind} ${r.permission}${r.browsers.length === 1 ? ' (chrome only)' : ''}`)).toEqual([
      'required storage',
      'required alarms',
      'required idle',
      'required clipboardWrite',
      'required offscreen (chrome only)',
      'optional clipboardRead',
      'host https://app.cloudcraft.co/*',
      'host https://api.cloudcraft.co/*',
    ]);
    expect(rows.find((r) => r.permission === 'alarms')!.reason).toBe('auto-lock after idle time; backup timer for clearing the clipboard');
  });
});

describe('permissionsMd', () => {
  it('writes one line per permission, labelled by kind and browser', () => {
    const md = permissionsMd([
      { permission: 'idle', kind: 'required', browsers: ['chrome', 'firefox'], reason: 'lock when the screen locks' },
      { permission: 'offscreen', kind: 'required', browsers: ['chrome'], reason: 'clears the clipboard' },
      { permission: 'clipboardRead', kind: 'optional', browsers: ['chrome', 'firefox'], reason: 'compare fingerprints' },
      { permission: 'https://app.cloudcraft.co/*', kind: 'host', browsers: ['chrome', 'firefox'], reason: 'the content script' },
    ]);
    expect(md.startsWith('# Permission justifications\n')).toBe(true);
    expect(md.split('\n').filter((l) => l.startsWith('- '))).toEqual([
      '- permission `idle`: lock when the screen locks',
      '- permission `offscreen` (Chrome only): clears the clipboard',
      '- optional permission `clipboardRead`: compare fingerprints',
      '- host permission `https://app.cloudcraft.co/*`: the content script',
    ]);
    expect(md.endsWith('the content script\n')).toBe(true);
  });
});

describe('node scripts/store-texts.mjs --check', () => {
  it('exits 0 on this checkout (docs/store/permissions.md is up to date) and writes nothing', async () => {
    const before = await readFile(PERMISSIONS_MD, 'utf8');
    const r = spawnSync(process.execPath, [SCRIPT, '--check'], { encoding: 'utf8' });
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    expect(await readFile(PERMISSIONS_MD, 'utf8')).toBe(before);
  });
});
