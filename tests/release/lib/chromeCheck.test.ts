/**
 * The Chrome package check on small packages written here: a sound one passes, and each broken
 * rule is reported in its own words. (The real package is checked in package.release.test.ts.)
 */
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CHROME_FEATURES, checkChromePackage, localized, pngSize } from './chromeCheck';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

const WORKER = [
  'import{t}from"./shared.js";',
  'const b=globalThis.chrome;',
  'b.storage.session.get(null);b.storage.local.get(null);',
  'b.alarms.create("x",{when:Date.now()+3e4});',
  'b.idle.onStateChanged.addListener(()=>{});',
  'b.offscreen&&b.offscreen.hasDocument().then(h=>h||b.offscreen.createDocument({url:"off.html",reasons:["CLIPBOARD"],justification:"j"}));',
  'fetch("https://api.example.test/user/me");',
].join('');
const POPUP_JS = 'navigator.clipboard.writeText("k");const l=()=>import("/strength.js");';

/** A sound MV3 package: every permission used, icons of their sizes, minimum_chrome_version 120 (alarms). */
async function fixture(edit: (m: Record<string, any>) => void = () => {}, files: Record<string, string> = {}): Promise<string> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cckh-chromecheck-'));
  dirs.push(dir);
  const manifest: Record<string, any> = { // eslint-disable-line @typescript-eslint/no-explicit-any
    manifest_version: 3,
    name: '__MSG_extName__',
    short_name: 'Fixture',
    description: '__MSG_extDescription__',
    version: '1.2.3',
    default_locale: 'en',
    minimum_chrome_version: '120',
    icons: { '16': 'icons/icon-16.png', '48': 'icons/icon-48.png', '128': 'icons/icon-128.png' },
    action: { default_popup: 'popup.html', default_icon: { '16': 'icons/icon-16.png' } },
    background: { service_worker: 'worker.js', type: 'module' },
    content_scripts: [{ matches: ['https://app.example.test/*'], js: ['content.js'] }],
    permissions: ['storage', 'alarms', 'idle', 'offscreen', 'clipboardWrite'],
    host_permissions: ['https://app.example.test/*', 'https://api.example.test/*'],
    content_security_policy: { extension_pages: "script-src 'self'; object-src 'self'" },
  };
  edit(manifest);
  const all: Record<string, string> = {
    'manifest.json': JSON.stringify(manifest),
    '_locales/en/messages.json': JSON.stringify({ extName: { message: 'Fixture Extension' }, extDescription: { message: 'Does one thing.' } }),
    'worker.js': WORKER,
    'shared.js': 'export const t=1;',
    'content.js': '(()=>{})();',
    'popup.html': '<!doctype html><script type="module" src="/popup.js"></script>',
    'popup.js': POPUP_JS,
    'strength.js': 'export const s=1;',
    'off.html': '<!doctype html><script src="off.js"></script>',
    'off.js': '',
    ...files,
  };
  for (const [name, text] of Object.entries(all)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  await mkdir(path.join(dir, 'icons'));
  for (const size of [16, 48, 128]) await copyFile(path.join(ROOT, `public/icons/icon-${size}.png`), path.join(dir, `icons/icon-${size}.png`));
  return dir;
}

const messagesOf = async (dir: string) => (await checkChromePackage(dir)).problems.map((p) => p.message);

describe('checkChromePackage', () => {
  it('passes a sound package, says which code uses each permission and why it needs Chrome 120', async () => {
    const r = await checkChromePackage(await fixture());
    expect(r.problems).toEqual([]);
    expect(r.minimumChromeVersion).toMatchObject({ declared: 120, needed: 120 });
    expect(r.minimumChromeVersion.because.map((f) => f.version)).toEqual([120]);
    expect(Object.keys(r.permissionUse)).toEqual(['storage', 'alarms', 'idle', 'offscreen', 'clipboardWrite', 'https://app.example.test/*', 'https://api.example.test/*']);
    expect(r.permissionUse.idle).toContain('b.idle.onStateChanged');
    expect(r.permissionUse['https://app.example.test/*']).toBe('content_scripts matches https://app.example.test/*');
    expect(r.permissionUse['https://api.example.test/*']).toContain('"https://api.example.test/user/me"');
  });

  it('reports a permission the code does not use, a misspelt one, and an API called without its permission', async () => {
    const dir = await fixture(
      (m) => {
        m.permissions = ['storage', 'alarms', 'offscreen', 'clipboardWrite', 'tabs', 'notification'];
        m.optional_permissions = ['clipboardRead'];
        m.host_permissions = ['https://app.example.test/*', 'https://api.example.test/*', 'https://other.example.test/*'];
      },
    );
    expect(await messagesOf(dir)).toEqual([
      '"tabs" is declared but the code does not use what it unlocks',
      '"notification" is not a Chrome permission',
      '"clipboardRead" is declared but the code does not use what it unlocks',
      'host permission "https://other.example.test/*" is declared but no content script matches it and the code holds no URL under https://other.example.test',
      'the code calls chrome.idle without the "idle" permission',
    ]);
  });

  it('reports remote code: a remote or inline script, a computed or remote import, eval, a CSP that allows a host', async () => {
    const dir = await fixture(
      (m) => {
        m.content_security_policy = { extension_pages: "script-src 'self' https://cdn.example.test; object-src 'self'" };
      },
      {
        'popup.html': '<!doctype html><script src="https://cdn.example.test/lib.js"></script><script>alert(1)</script><script src="/popup.js"></script>',
        'popup.js': `${POPUP_JS}const u=location.hash;import(u);import("https://cdn.example.test/m.js");eval("1");`,
      },
    );
    expect(await messagesOf(dir)).toEqual([
      'content_security_policy.extension_pages allows script-src https://cdn.example.test',
      'popup.html: <script src="https://cdn.example.test/lib.js"> is not a packaged file',
      'popup.html: an inline <script> (Manifest V3 pages run only packaged files)',
      'popup.js: imports https://cdn.example.test/m.js',
      'popup.js: import() of a computed value: import(u',
      'popup.js: eval(',
    ]);
  });

  it('reports missing and mis-sized icons, missing files, a description too long, a missing message, an unknown key, a bad version', async () => {
    const dir = await fixture(
      (m) => {
        m.icons = { '16': 'icons/icon-48.png', '48': 'icons/icon-48.png' };
        m.options_ui = { page: 'options.html' };
        m.description = 'x'.repeat(133);
        m.name = '__MSG_noSuchKey__';
        m.browser_specific_settings = { gecko: { id: 'a@b' } };
        m.version = '1.02';
      },
    );
    expect(await messagesOf(dir)).toEqual([
      '"browser_specific_settings" is not a Chrome manifest key (Chrome warns: Unrecognized manifest key)',
      'version "1.02" is not 1–4 dot-separated integers 0–65535 without leading zeros',
      '"name" uses a message the default locale does not have: __MSG_noSuchKey__',
      `"description" is 133 characters, at most 132: "${'x'.repeat(133)}"`,
      'options_ui.page names options.html, which is not in the package',
      'no 128×128 icon (the Web Store requires one)',
      'icons["16"] icons/icon-48.png is 48×48, not 16×16',
    ]);
  });

  it('asks for the minimum Chrome version the code needs: not lower, not higher, and set', async () => {
    expect(await messagesOf(await fixture((m) => (m.minimum_chrome_version = '109')))).toEqual([
      "minimum_chrome_version is 109, but the code needs 120: alarms that fire 30 s after they are set (the clipboard clear's backup alarm, at the default 30 s delay; 1 minute before Chrome 120)",
    ]);
    expect(await messagesOf(await fixture((m) => (m.minimum_chrome_version = '125')))).toEqual(['minimum_chrome_version is 125, but nothing the code uses needs more than 120']);
    expect(await messagesOf(await fixture((m) => delete m.minimum_chrome_version))).toEqual(['minimum_chrome_version is not set; the code needs 120']);
    // Without alarms, the offscreen document (109) is the newest thing used.
    const noAlarms = await fixture(
      (m) => {
        m.permissions = ['storage', 'idle', 'offscreen', 'clipboardWrite'];
        m.minimum_chrome_version = '109';
      },
      { 'worker.js': WORKER.replace('b.alarms.create("x",{when:Date.now()+3e4});', '') },
    );
    expect(await messagesOf(noAlarms)).toEqual([]);
  });
});

describe('the Chrome versions in CHROME_FEATURES', () => {
  it('agree with @mdn/browser-compat-data where it lists the API', () => {
    const bcd = createRequire(import.meta.url)('@mdn/browser-compat-data') as Record<string, unknown>;
    const withBcd = CHROME_FEATURES.filter((f) => f.bcd);
    expect(withBcd.map((f) => f.bcd)).toEqual(['webextensions.api.storage.session', 'webextensions.manifest.background.type']);
    for (const f of withBcd) {
      const node = f.bcd!.split('.').reduce<any>((o, k) => o?.[k], bcd); // eslint-disable-line @typescript-eslint/no-explicit-any
      expect(`${f.bcd}: ${node.__compat.support.chrome.version_added}`).toBe(`${f.bcd}: ${f.version}`);
    }
  });
});

describe('helpers', () => {
  it('pngSize reads the IHDR of our icons and refuses other files', async () => {
    const { readFile } = await import('node:fs/promises');
    expect(pngSize(await readFile(path.join(ROOT, 'public/icons/icon-128.png')))).toEqual({ width: 128, height: 128 });
    expect(pngSize(await readFile(path.join(ROOT, 'public/icons/icon-32.png')))).toEqual({ width: 32, height: 32 });
    expect(pngSize(Buffer.from('GIF89a………………………………'))).toBeNull();
  });

  it('localized fills __MSG_x__ case-insensitively, null when a key is missing', () => {
    expect(localized('__MSG_extName__ (beta)', { extname: 'Key Helper' })).toBe('Key Helper (beta)');
    expect(localized('__MSG_nope__', { extname: 'x' })).toBeNull();
  });
});
