/**
 * The store texts against the packages: the permission justifications are the README's, and the
 * README's table lists exactly what each package asks for; the privacy policy lists every call the
 * packaged code can make (and the code holds no other address); the summary is the manifest's.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readZip } from '../../scripts/release/zip.mjs';
import { PERMISSIONS_MD, permissionsMd, readmePermissions, type PermissionRow } from '../../scripts/store-texts.mjs';
import { PACKAGES, ROOT } from './packages';

type Manifest = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
interface Unpacked {
  manifest: Manifest;
  /** The text of every .js and .html file. */
  code: string[];
  messages: Record<string, { message: string }>;
}

async function unpack(zip: string): Promise<Unpacked> {
  const entries = await readZip(zip);
  const text = (name: string) => entries.find((e) => e.name === name)!.data.toString('utf8');
  return {
    manifest: JSON.parse(text('manifest.json')) as Manifest,
    code: entries.filter((e) => /\.(m?js|html)$/.test(e.name)).map((e) => e.data.toString('utf8')),
    messages: JSON.parse(text('_locales/en/messages.json')) as Record<string, { message: string }>,
  };
}

/** The section of a Markdown file under `## title`, up to the next `## `. */
function section(md: string, title: string): string {
  const start = md.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`no "## ${title}"`);
  const body = md.slice(start + title.length + 5);
  const end = body.search(/\n## /);
  return (end < 0 ? body : body.slice(0, end)).trim();
}

describe('store texts', () => {
  let readme: string;
  let rows: PermissionRow[];
  let chrome: Unpacked;
  let firefox: Unpacked;
  let privacy: string;

  beforeAll(async () => {
    readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
    rows = readmePermissions(readme);
    chrome = await unpack(PACKAGES.chrome);
    firefox = await unpack(PACKAGES.firefox);
    privacy = await readFile(path.join(ROOT, 'PRIVACY.md'), 'utf8');
  });

  it('docs/store/permissions.md is generated from the README\'s permissions table (node scripts/store-texts.mjs)', async () => {
    expect(await readFile(PERMISSIONS_MD, 'utf8')).toBe(permissionsMd(rows));
    expect(rows.map((r) => r.permission)).toEqual(['storage', 'alarms', 'idle', 'clipboardWrite', 'offscreen', 'clipboardRead', 'https://app.cloudcraft.co/*', 'https://api.cloudcraft.co/*']);
    for (const r of rows) expect(r.reason).not.toMatch(/[`*\n]|\]\(/);
  });

  it('the README\'s table lists exactly the permissions each package asks for', () => {
    const expected = (browser: 'chrome' | 'firefox', kind: PermissionRow['kind']) => rows.filter((r) => r.kind === kind && r.browsers.includes(browser)).map((r) => r.permission).sort();
    for (const [browser, m] of [['chrome', chrome.manifest], ['firefox', firefox.manifest]] as const) {
      expect({ browser, permissions: [...(m.permissions ?? [])].sort(), optional: [...(m.optional_permissions ?? [])].sort(), hosts: [...(m.host_permissions ?? [])].sort() }).toEqual({
        browser,
        permissions: expected(browser, 'required'),
        optional: expected(browser, 'optional'),
        hosts: expected(browser, 'host'),
      });
    }
  });

  it('PRIVACY.md lists every Cloudcraft API call in the packaged code, and the code holds no other address (nor beacons, sockets or XHR)', () => {
    const allowedElsewhere = new Set(['http://www.w3.org/1998/Math/MathML', 'http://www.w3.org/1999/xhtml', 'http://www.w3.org/2000/svg', 'https://app.cloudcraft.co']);
    for (const pkg of [chrome, firefox]) {
      const urls = new Set(pkg.code.flatMap((text) => text.match(/\bhttps?:\/\/[A-Za-z0-9.-]+[^"'`\s)]*/g) ?? []));
      const api = [...urls].filter((u) => u.startsWith('https://api.cloudcraft.co/')).map((u) => u.slice('https://api.cloudcraft.co'.length));
      expect([...urls].filter((u) => !allowedElsewhere.has(u) && !u.startsWith('https://api.cloudcraft.co/'))).toEqual([]);
      expect(api.sort()).toEqual(['/team', '/user/me']);
      for (const p of api) expect(privacy).toMatch(new RegExp(`\\| \`GET ${p.replace(/[/.]/g, '\\$&')}\` \\|`));
      for (const text of pkg.code) expect(text).not.toMatch(/\bsendBeacon\(|\bnew WebSocket\(|\bnew EventSource\(|\bXMLHttpRequest\b/);
      // Extension pages can reach no other host either: the pages' CSP allows connections to the API only.
      expect(pkg.manifest.content_security_policy.extension_pages).toContain('connect-src https://api.cloudcraft.co;');
    }
    expect(privacy).toContain('**In short: nothing leaves your device, except the calls to Cloudcraft\'s API listed below, which you\ntrigger or turn on.**');
    expect(firefox.manifest.browser_specific_settings.gecko.data_collection_permissions).toEqual({ required: ['none'] });
  });

  it('the summary is the manifest\'s description, within its 132 characters (Chrome\'s "description" key; AMO\'s summary takes 250)', async () => {
    const description = await readFile(path.join(ROOT, 'docs/store/description.md'), 'utf8');
    const summary = section(description, 'Summary');
    expect(summary).toBe(chrome.messages.extDescription!.message);
    expect(summary).toBe(firefox.messages.extDescription!.message);
    expect(summary.length).toBeLessThanOrEqual(132);
    expect(section(description, 'Name')).toBe(chrome.messages.extName!.message);
    expect(section(description, 'Description')).toMatch(/^Creating a Cloudcraft API key by hand/);
    expect(section(description, 'Description')).toContain('GET /user/me with a key, when you press Test, and once for each captured key');
  });

  it('the single-purpose statement is one paragraph that names the one task', async () => {
    const text = (await readFile(path.join(ROOT, 'docs/store/single-purpose.md'), 'utf8')).split('\n---\n')[1]!.trim();
    expect(text.startsWith('Cloudcraft Key Helper creates Cloudcraft API keys and keeps them safe')).toBe(true);
    expect(text.endsWith('Everything\nit does serves that one task: creating and storing Cloudcraft API keys.')).toBe(true);
    expect(text).not.toContain('\n\n');
  });

  it('CHANGELOG.md keeps the Keep a Changelog form: Unreleased first, then dated versions, newest first, with its kinds of change', async () => {
    const changelog = await readFile(path.join(ROOT, 'CHANGELOG.md'), 'utf8');
    expect(changelog.startsWith('# Changelog\n')).toBe(true);
    const versions = [...changelog.matchAll(/^## (.+)$/gm)].map((m) => m[1]!);
    expect(versions[0]).toBe('[Unreleased]');
    for (const v of versions.slice(1)) expect(v).toMatch(/^\[\d+(\.\d+){0,3}\] - \d{4}-\d{2}-\d{2}$/);
    const numbers = versions.slice(1).map((v) => v.slice(1, v.indexOf(']')).split('.').map(Number));
    const later = (a: number[], b: number[]) => { for (let i = 0; i < 4; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0); return false; };
    for (let i = 1; i < numbers.length; i++) expect(later(numbers[i - 1]!, numbers[i]!)).toBe(true);
    const kinds = [...changelog.matchAll(/^### (.+)$/gm)].map((m) => m[1]!);
    expect(kinds.length).toBeGreaterThan(0);
    for (const k of kinds) expect(['Added', 'Changed', 'Deprecated', 'Removed', 'Fixed', 'Security']).toContain(k);
  });
});
