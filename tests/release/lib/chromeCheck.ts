/**
 * Our check of the Chrome package against the Chrome Web Store's Manifest V3 rules, for the
 * unpacked `…-chrome.zip` (tests/release/package.release.test.ts runs it on every `npm test`).
 *
 * The rules and numbers come from Chrome's extension documentation (developer.chrome.com/docs/extensions):
 * "Manifest file format" (required and known keys), the "name", "short_name", "description" and
 * "version" key pages (lengths, version syntax), "icons" (a 128×128 icon for the Web Store), "Declare
 * permissions" and its permission list, "content_security_policy" (the minimum extension pages
 * policy), "Improve extension security" / the Web Store program policy on remote hosted code (all
 * code in the package, no eval), and each API reference page for the Chrome version an API needs
 * (a table below; where @mdn/browser-compat-data has the API, tests/release/lib/chromeCheck.test.ts
 * checks the table's number against it).
 *
 * What "used" means for a permission: the packaged JavaScript calls the API the permission unlocks,
 * found by the member names minification keeps (`.alarms.create(`…). A host permission is used when
 * a content script matches it or the code holds a URL under it.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** A finding: which rule, and what is wrong, in a sentence. */
export interface Problem {
  rule: string;
  message: string;
}

/** One thing the code does that needs a given Chrome version, and where that version is documented. */
export interface ChromeFeature {
  /** What the extension uses, in words. */
  feature: string;
  /** The first Chrome version that has it. */
  version: number;
  /** Where the number comes from. */
  source: string;
  /** Path in @mdn/browser-compat-data whose chrome version_added must equal `version`, where it has one. */
  bcd?: string;
  /** Whether the package uses it. */
  used(pkg: LoadedPackage): boolean;
}

/** The package as the check reads it. */
export interface LoadedPackage {
  dir: string;
  manifest: Record<string, unknown>;
  /** Every file, "/"-separated relative paths. */
  files: string[];
  /** The text of every .js file, by path. */
  scripts: Map<string, string>;
  /** The text of every .html file, by path. */
  pages: Map<string, string>;
  /** messages.json of the default locale (key → message), {} when none. */
  messages: Record<string, string>;
}

/** What the check found. */
export interface ChromeCheckResult {
  problems: Problem[];
  /** The version the used features need (the highest), with the features that set it. */
  minimumChromeVersion: { declared: number | null; needed: number; because: ChromeFeature[] };
  /** For each declared permission (required, optional, host), the evidence that the code uses it. */
  permissionUse: Record<string, string | null>;
}

/**
 * Keys Chrome knows in a Manifest V3 manifest ("Manifest file format"); any other key makes Chrome
 * show an "Unrecognized manifest key" warning on the extensions page.
 */
export const CHROME_MANIFEST_KEYS = new Set([
  'action', 'author', 'automation', 'background', 'chrome_settings_overrides', 'chrome_url_overrides', 'commands',
  'content_scripts', 'content_security_policy', 'cross_origin_embedder_policy', 'cross_origin_opener_policy',
  'declarative_net_request', 'default_locale', 'description', 'devtools_page', 'export', 'externally_connectable',
  'file_browser_handlers', 'file_system_provider_capabilities', 'homepage_url', 'host_permissions', 'icons', 'import',
  'incognito', 'input_components', 'key', 'manifest_version', 'minimum_chrome_version', 'name', 'oauth2', 'offline_enabled',
  'omnibox', 'optional_host_permissions', 'optional_permissions', 'options_page', 'options_ui', 'permissions',
  'requirements', 'sandbox', 'short_name', 'side_panel', 'storage', 'trial_tokens', 'tts_engine', 'update_url', 'version',
  'version_name', 'web_accessible_resources',
]); // prettier-ignore

/** Permission names of Chrome's permission list ("Declare permissions"), to catch a misspelt one. */
export const CHROME_PERMISSIONS = new Set([
  'accessibilityFeatures.modify', 'accessibilityFeatures.read', 'activeTab', 'alarms', 'audio', 'background', 'bookmarks',
  'browsingData', 'certificateProvider', 'clipboardRead', 'clipboardWrite', 'contentSettings', 'contextMenus', 'cookies',
  'debugger', 'declarativeContent', 'declarativeNetRequest', 'declarativeNetRequestWithHostAccess',
  'declarativeNetRequestFeedback', 'dns', 'desktopCapture', 'documentScan', 'downloads', 'downloads.open', 'downloads.ui',
  'enterprise.deviceAttributes', 'enterprise.hardwarePlatform', 'enterprise.networkingAttributes', 'enterprise.platformKeys',
  'favicon', 'fileBrowserHandler', 'fileSystemProvider', 'fontSettings', 'gcm', 'geolocation', 'history', 'identity',
  'identity.email', 'idle', 'loginState', 'management', 'nativeMessaging', 'notifications', 'offscreen', 'pageCapture',
  'platformKeys', 'power', 'printerProvider', 'printing', 'printingMetrics', 'privacy', 'processes', 'proxy', 'readingList',
  'runtime', 'scripting', 'search', 'sessions', 'sidePanel', 'storage', 'system.cpu', 'system.display', 'system.memory',
  'system.storage', 'tabCapture', 'tabGroups', 'tabs', 'topSites', 'tts', 'ttsEngine', 'unlimitedStorage', 'userScripts',
  'vpnProvider', 'wallpaper', 'webAuthenticationProxy', 'webNavigation', 'webRequest', 'webRequestBlocking',
  'webRequestAuthProvider',
]); // prettier-ignore

/**
 * How the packaged code shows it uses what a permission unlocks (the API reference page of each
 * namespace; clipboard: "Interact with the clipboard": `navigator.clipboard` or `execCommand`).
 * A permission declared and not listed here is reported: add its evidence when the extension starts
 * using one.
 */
export const PERMISSION_EVIDENCE: Record<string, RegExp> = {
  storage: /\.storage\.(local|sync|session|managed)\b/,
  alarms: /\.alarms\.(create|get|getAll|clear|clearAll|onAlarm)\b/,
  idle: /\.idle\.(queryState|setDetectionInterval|getAutoLockDelay|onStateChanged)\b/,
  offscreen: /\.offscreen\b[\s\S]*\bcreateDocument\(/,
  clipboardWrite: /\.writeText\(|execCommand\((["'`])(copy|cut)\1\)/,
  clipboardRead: /\.readText\(|execCommand\((["'`])paste\1\)/,
  notifications: /\.notifications\.(create|update|clear)\b/,
  contextMenus: /\.contextMenus\.(create|update|remove)\b/,
  scripting: /\.scripting\.(executeScript|insertCSS|registerContentScripts)\b/,
  tabs: /\.tabs\.(query|get)\b[\s\S]*\.(url|title|favIconUrl)\b/,
  cookies: /\.cookies\.(get|getAll|set|remove)\b/,
  downloads: /\.downloads\.(download|search)\b/,
  webNavigation: /\.webNavigation\.on[A-Z]/,
  sidePanel: /\.sidePanel\.(open|setOptions|setPanelBehavior)\b/,
};

/** Permissions whose API the code may not call without declaring them (each is its own namespace). */
const NAMESPACE_PERMISSIONS = ['alarms', 'idle', 'offscreen', 'notifications', 'contextMenus', 'scripting', 'cookies', 'downloads', 'webNavigation', 'sidePanel'];

/**
 * What the code may need, newest first, each with the first Chrome that has it. minimum_chrome_version
 * must equal the highest `version` among those the package uses.
 */
export const CHROME_FEATURES: ChromeFeature[] = [
  {
    feature: 'alarms that fire 30 s after they are set (the clipboard clear\'s backup alarm, at the default 30 s delay; 1 minute before Chrome 120)',
    version: 120,
    source: 'chrome.alarms API reference: "Starting in Chrome 120, the minimum alarm interval has been reduced from 1 minute to 30 seconds"',
    used: (p) => anyScript(p, /\.alarms\.create\(/),
  },
  {
    feature: 'an offscreen document (reason CLIPBOARD) that clears the clipboard after the popup closed',
    version: 109,
    source: 'chrome.offscreen API reference: "Chrome 109+ MV3+"',
    used: (p) => anyScript(p, PERMISSION_EVIDENCE.offscreen!),
  },
  {
    feature: 'storage.session (the unlocked vault, in memory only)',
    version: 102,
    source: 'chrome.storage API reference, storage.session: "Chrome 102+ MV3+"',
    bcd: 'webextensions.api.storage.session',
    used: (p) => anyScript(p, /\.storage\.session\b/),
  },
  {
    feature: 'a module service worker (background.type "module")',
    version: 92,
    source: 'Manifest "background" key, "type": "module" (Chrome 92)',
    bcd: 'webextensions.manifest.background.type',
    used: (p) => (p.manifest.background as { type?: string } | undefined)?.type === 'module',
  },
];

/** CSP sources allowed in extension_pages (the "content_security_policy" page: the minimum policy cannot be relaxed). */
const SAFE_CSP_SOURCES = new Set(["'self'", "'none'", "'wasm-unsafe-eval'"]);

const anyScript = (p: LoadedPackage, re: RegExp) => [...p.scripts.values()].some((s) => re.test(s));
const firstMatch = (p: LoadedPackage, re: RegExp): string | null => {
  for (const [file, text] of p.scripts) {
    const m = re.exec(text);
    if (m) return `${file}: …${text.slice(Math.max(0, m.index - 20), m.index + m[0].length + 20)}…`;
  }
  return null;
};

/**
 * Reads an unpacked package: its manifest, file list, scripts, pages and default-locale messages.
 * @param dir the folder (an unzipped package)
 * @throws when manifest.json is missing or not JSON
 */
export async function loadPackage(dir: string): Promise<LoadedPackage> {
  const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  const files = (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((d) => d.isFile())
    .map((d) => path.relative(dir, path.join(d.parentPath, d.name)).split(path.sep).join('/'))
    .sort();
  const scripts = new Map<string, string>();
  const pages = new Map<string, string>();
  for (const f of files) {
    if (f.endsWith('.js') || f.endsWith('.mjs')) scripts.set(f, await readFile(path.join(dir, f), 'utf8'));
    if (f.endsWith('.html')) pages.set(f, await readFile(path.join(dir, f), 'utf8'));
  }
  let messages: Record<string, string> = {};
  const locale = manifest.default_locale;
  if (typeof locale === 'string' && existsSync(path.join(dir, '_locales', locale, 'messages.json'))) {
    const raw = JSON.parse(await readFile(path.join(dir, '_locales', locale, 'messages.json'), 'utf8')) as Record<string, { message: string }>;
    messages = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k.toLowerCase(), v.message]));
  }
  return { dir, manifest, files, scripts, pages, messages };
}

/**
 * Width and height of a PNG file from its IHDR chunk (PNG specification, §11.2.2), or null when
 * the file is not a PNG.
 * @param bytes the file's bytes
 */
export function pngSize(bytes: Buffer): { width: number; height: number } | null {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(signature) || bytes.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/**
 * A manifest string with its `__MSG_key__` placeholders replaced from the default locale (Chrome
 * matches keys case-insensitively), or null when a key is missing.
 */
export function localized(value: string, messages: Record<string, string>): string | null {
  let missing = false;
  const out = value.replace(/__MSG_(\w+)__/g, (_, key: string) => {
    const m = messages[key.toLowerCase()];
    if (m === undefined) missing = true;
    return m ?? '';
  });
  return missing ? null : out;
}

/** The origin a host permission pattern covers ("https://api.cloudcraft.co/*" → "https://api.cloudcraft.co"), or null for wildcards. */
function patternOrigin(pattern: string): string | null {
  const m = /^(https?):\/\/([^/*]+)\/.*$/.exec(pattern);
  return m ? `${m[1]}://${m[2]}` : null;
}

/**
 * Checks an unpacked Chrome package.
 * @param dir the folder of the unzipped `…-chrome.zip`
 * @returns every problem found (none: the package passes), the minimum Chrome version the code
 *   needs and why, and the evidence of use of each permission
 */
export async function checkChromePackage(dir: string): Promise<ChromeCheckResult> {
  const p = await loadPackage(dir);
  const m = p.manifest as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const problems: Problem[] = [];
  const problem = (rule: string, message: string) => problems.push({ rule, message });
  const exists = (file: string) => p.files.includes(file.replace(/^\//, ''));

  // --- the manifest
  if (m.manifest_version !== 3) problem('manifest_version', `manifest_version is ${m.manifest_version}, the Web Store takes 3`);
  for (const key of Object.keys(m)) if (!CHROME_MANIFEST_KEYS.has(key)) problem('unknown key', `"${key}" is not a Chrome manifest key (Chrome warns: Unrecognized manifest key)`);
  for (const key of ['browser_action', 'page_action']) if (key in m) problem('manifest_version', `"${key}" is Manifest V2 (V3: "action")`);
  if (m.background && ('scripts' in m.background || 'page' in m.background || 'persistent' in m.background)) problem('background', 'background.scripts/page/persistent are not Chrome MV3: use background.service_worker');
  if (typeof m.version !== 'string' || !/^(0|[1-9]\d{0,4})(\.(0|[1-9]\d{0,4})){0,3}$/.test(m.version) || m.version.split('.').some((n: string) => Number(n) > 65535)) {
    problem('version', `version "${m.version}" is not 1–4 dot-separated integers 0–65535 without leading zeros`);
  }
  if (p.files.some((f) => f.startsWith('_locales/')) && typeof m.default_locale !== 'string') problem('default_locale', '_locales/ exists but default_locale is not set');
  if (typeof m.default_locale === 'string' && !exists(`_locales/${m.default_locale}/messages.json`)) problem('default_locale', `_locales/${m.default_locale}/messages.json is missing`);
  const limits: Array<[string, number, boolean]> = [
    ['name', 75, true],
    ['short_name', 12, false], // "maximum of 12 characters recommended"
    ['description', 132, true],
  ];
  for (const [key, max, required] of limits) {
    if (typeof m[key] !== 'string') {
      if (required) problem(key, `"${key}" is missing (the Web Store requires it)`);
      continue;
    }
    const text = localized(m[key], p.messages);
    if (text === null) problem(key, `"${key}" uses a message the default locale does not have: ${m[key]}`);
    else if (text.length === 0) problem(key, `"${key}" is empty`);
    else if (text.length > max) problem(key, `"${key}" is ${text.length} characters, at most ${max}: "${text}"`);
  }
  for (const [where, value] of [['action.default_title', m.action?.default_title], ['commands._execute_action.description', m.commands?._execute_action?.description]] as const) {
    if (typeof value === 'string' && localized(value, p.messages) === null) problem('messages', `${where} uses a message the default locale does not have: ${value}`);
  }

  // --- files the manifest names
  const named: Array<[string, unknown]> = [
    ['background.service_worker', m.background?.service_worker],
    ['action.default_popup', m.action?.default_popup],
    ['options_ui.page', m.options_ui?.page],
    ['options_page', m.options_page],
    ['storage.managed_schema', m.storage?.managed_schema],
    ['devtools_page', m.devtools_page],
    ['side_panel.default_path', m.side_panel?.default_path],
  ];
  for (const [i, cs] of ((m.content_scripts ?? []) as Array<{ js?: string[]; css?: string[] }>).entries()) {
    for (const f of [...(cs.js ?? []), ...(cs.css ?? [])]) named.push([`content_scripts[${i}]`, f]);
  }
  for (const [where, file] of named) if (typeof file === 'string' && !exists(file)) problem('files', `${where} names ${file}, which is not in the package`);
  if (!m.background?.service_worker) problem('background', 'no background.service_worker');

  // --- icons
  const icons = (m.icons ?? {}) as Record<string, string>;
  if (!icons['128']) problem('icons', 'no 128×128 icon (the Web Store requires one)');
  const iconSets: Array<[string, Record<string, string>]> = [['icons', icons]];
  if (m.action?.default_icon && typeof m.action.default_icon === 'object') iconSets.push(['action.default_icon', m.action.default_icon]);
  for (const [where, set] of iconSets) {
    for (const [size, file] of Object.entries(set)) {
      if (!exists(file)) {
        problem('icons', `${where}["${size}"] names ${file}, which is not in the package`);
        continue;
      }
      const dims = pngSize(await readFile(path.join(dir, file)));
      if (!dims) problem('icons', `${where}["${size}"] ${file} is not a PNG`);
      else if (dims.width !== Number(size) || dims.height !== Number(size)) problem('icons', `${where}["${size}"] ${file} is ${dims.width}×${dims.height}, not ${size}×${size}`);
    }
  }

  // --- permissions: known, and used; APIs used are declared
  const permissions = [...((m.permissions ?? []) as string[])];
  const optional = [...((m.optional_permissions ?? []) as string[])];
  const hosts = [...((m.host_permissions ?? []) as string[]), ...((m.optional_host_permissions ?? []) as string[])];
  const permissionUse: Record<string, string | null> = {};
  for (const perm of [...permissions, ...optional]) {
    if (!CHROME_PERMISSIONS.has(perm)) {
      problem('permissions', `"${perm}" is not a Chrome permission`);
      continue;
    }
    const evidence = PERMISSION_EVIDENCE[perm];
    permissionUse[perm] = evidence ? firstMatch(p, evidence) : null;
    if (!permissionUse[perm]) problem('unused permission', `"${perm}" is declared but the code does not use what it unlocks`);
  }
  const matches = ((m.content_scripts ?? []) as Array<{ matches?: string[] }>).flatMap((cs) => cs.matches ?? []);
  for (const host of hosts) {
    const origin = patternOrigin(host);
    if (!origin) {
      problem('host permission', `"${host}" is a wildcard host permission: name the hosts the extension talks to`);
      continue;
    }
    const byContentScript = matches.includes(host) ? `content_scripts matches ${host}` : null;
    const byUrl = firstMatch(p, new RegExp(`["'\`]${origin.replace(/[.]/g, '\\.')}(/[^"'\`]*)?["'\`]`));
    permissionUse[host] = byContentScript ?? byUrl;
    if (!permissionUse[host]) problem('unused permission', `host permission "${host}" is declared but no content script matches it and the code holds no URL under ${origin}`);
  }
  for (const match of matches) {
    if (match === '<all_urls>' || /^\*:|:\/\/\*\//.test(match)) problem('host permission', `content script matches "${match}": name the hosts`);
  }
  for (const perm of NAMESPACE_PERMISSIONS) {
    if (!permissions.includes(perm) && !optional.includes(perm) && anyScript(p, PERMISSION_EVIDENCE[perm]!)) {
      problem('missing permission', `the code calls chrome.${perm} without the "${perm}" permission`);
    }
  }

  // --- remote code: every script is in the package, nothing is evaluated from strings
  const csp = m.content_security_policy;
  if (typeof csp === 'string') problem('content_security_policy', 'content_security_policy is a string (Manifest V2); V3 takes { extension_pages, sandbox }');
  const pagesPolicy = typeof csp === 'object' && csp ? (csp as { extension_pages?: string }).extension_pages : undefined;
  if (pagesPolicy) {
    for (const directive of pagesPolicy.split(';').map((d) => d.trim().split(/\s+/))) {
      const [name, ...sources] = directive;
      if (!name || !['script-src', 'object-src', 'worker-src', 'default-src'].includes(name)) continue;
      for (const s of sources) if (!SAFE_CSP_SOURCES.has(s)) problem('remote code', `content_security_policy.extension_pages allows ${name} ${s}`);
    }
  }
  for (const [file, html] of p.pages) {
    for (const tag of html.match(/<script\b[^>]*>[\s\S]*?<\/script>/gi) ?? []) {
      const src = /\bsrc\s*=\s*["']([^"']+)["']/i.exec(tag)?.[1];
      if (!src) {
        problem('remote code', `${file}: an inline <script> (Manifest V3 pages run only packaged files)`);
        continue;
      }
      if (/^([a-z]+:)?\/\//i.test(src)) problem('remote code', `${file}: <script src="${src}"> is not a packaged file`);
      else if (!exists(path.posix.normalize(src.startsWith('/') ? src : path.posix.join(path.posix.dirname(file), src)))) problem('files', `${file}: <script src="${src}"> is not in the package`);
    }
    for (const tag of html.match(/<link\b[^>]*rel\s*=\s*["']?modulepreload[^>]*>/gi) ?? []) {
      const href = /\bhref\s*=\s*["']([^"']+)["']/i.exec(tag)?.[1] ?? '';
      if (/^([a-z]+:)?\/\//i.test(href)) problem('remote code', `${file}: <link rel=modulepreload href="${href}"> is not a packaged file`);
    }
  }
  for (const [file, text] of p.scripts) {
    const specifiers = [
      ...[...text.matchAll(/(?:^|[;}\s])(?:import|export)\s*(?:[\w$*{},\s]+?\s*from\s*)?["'`]([^"'`]+)["'`]/g)].map((x) => x[1]!),
      ...[...text.matchAll(/\bimport\(\s*(["'`])([^"'`$]*)\1\s*\)/g)].map((x) => x[2]!),
    ];
    for (const spec of specifiers) {
      if (/^([a-z]+:)?\/\//i.test(spec)) problem('remote code', `${file}: imports ${spec}`);
      else if (!exists(path.posix.normalize(spec.startsWith('/') ? spec : path.posix.join(path.posix.dirname(file), spec)))) problem('files', `${file}: imports ${spec}, which is not in the package`);
    }
    const dynamic = text.match(/\bimport\(\s*(?!(["'`])[^"'`$]*\1\s*\))[^)]{0,40}/g);
    if (dynamic) problem('remote code', `${file}: import() of a computed value: ${dynamic[0]}`);
    for (const [re, what] of [
      [/(?<![\w$.])eval\(/, 'eval('],
      [/\bnew\s+Function\(/, 'new Function('],
      [/\bimportScripts\(/, 'importScripts('],
      [/\bcreateElement\((["'`])script\1\)/, 'a script element created at run time'],
      [/\bset(Timeout|Interval)\(\s*["'`]/, 'a timer with a string of code'],
    ] as const) {
      if (re.test(text)) problem('remote code', `${file}: ${what}`);
    }
  }

  // --- minimum_chrome_version
  const declared = typeof m.minimum_chrome_version === 'string' && /^\d+(\.\d+)*$/.test(m.minimum_chrome_version) ? Number(m.minimum_chrome_version.split('.')[0]) : null;
  const usedFeatures = CHROME_FEATURES.filter((f) => f.used(p));
  const needed = Math.max(88, ...usedFeatures.map((f) => f.version)); // 88: the first Chrome with Manifest V3
  const because = usedFeatures.filter((f) => f.version === needed);
  if (declared === null) problem('minimum_chrome_version', `minimum_chrome_version is not set; the code needs ${needed}`);
  else if (declared !== needed) {
    problem(
      'minimum_chrome_version',
      declared < needed
        ? `minimum_chrome_version is ${declared}, but the code needs ${needed}: ${because.map((f) => f.feature).join('; ')}`
        : `minimum_chrome_version is ${declared}, but nothing the code uses needs more than ${needed}`,
    );
  }

  return { problems, minimumChromeVersion: { declared, needed, because }, permissionUse };
}
