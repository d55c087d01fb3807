// @ts-check
/**
 * Real-browser harness (docs/TESTING.md): the built extension in Debian's Chromium, Cloudcraft
 * served by the replica over HTTPS under its real host names. The one module for `npm start`
 * (scripts/start.mjs), the e2e tests (tests/e2e), the Firefox tests' shared parts and the benchmark
 * (bench/): plain ESM, so plain `node` runs it without a TypeScript loader, with its types in JSDoc
 * that `tsc` checks (`// @ts-check`, `allowJs` in tsconfig.json) and the tests import.
 */
import { createHash } from 'node:crypto';
import { existsSync, realpathSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { startReplica } from '../../replica/server.mjs';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const APP_ORIGIN = 'https://app.cloudcraft.co';
export const POPUP_PATH = 'src/popup/index.html';

/** @param {number} ms */
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Polls `fn` every `intervalMs` until it returns a value that is not undefined/false, and returns
 * it (null counts as an answer). An exception counts as "not yet" and is named in the timeout's
 * message.
 * @template T
 * @param {string} what what is waited for, for the message
 * @param {() => Promise<T | undefined | false>} fn
 * @param {number} [timeoutMs] default 10 000
 * @param {number} [intervalMs] default 100
 * @returns {Promise<T>}
 * @throws Error "Timed out waiting for <what>" after `timeoutMs` ms.
 */
export async function until(what, fn, timeoutMs = 10_000, intervalMs = 100) {
  const deadline = Date.now() + timeoutMs;
  /** @type {unknown} */
  let last;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined && v !== false) return /** @type {T} */ (v);
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await sleep(intervalMs);
  }
}

/**
 * puppeteer's ARIA selector: elements whose computed role is `role` and, unless `name` is
 * undefined, whose accessible name is exactly `name` (quoted with the quote character it does not
 * hold: the selector has no escapes).
 * @param {string | undefined} name
 * @param {string} role
 * @throws Error for a name holding both quote characters.
 */
export function aria(name, role) {
  if (name === undefined) return `::-p-aria([role="${role}"])`;
  const quote = name.includes('"') ? "'" : '"';
  if (name.includes(quote)) throw new Error(`aria(): a name with both quote characters cannot be queried: ${name}`);
  return `::-p-aria([name=${quote}${name}${quote}][role="${role}"])`;
}

/**
 * A key the replica server created (secrets included: test-only endpoint).
 * @typedef {object} ServerKey
 * @property {string} id
 * @property {string} name
 * @property {'read' | 'read-write'} permission
 * @property {Record<string, 'none' | 'read' | 'read-write'>} teams
 * @property {string} createdAt ISO 8601
 * @property {string} secret
 */

/**
 * The replica's HTTPS server (replica/server.mjs).
 * @typedef {object} ReplicaServer
 * @property {number} port
 * @property {() => Promise<void>} close
 * @property {() => ServerKey[]} keys
 */

/**
 * @typedef {object} LaunchOptions
 * @property {string} [distPath] built extension folder; default <repo>/dist
 * @property {boolean} [extension] default true; false launches Chromium without the extension
 *   (benchmark baseline; extensionId is then '')
 * @property {boolean} [pinAction] pin the toolbar button (default false: a new install's sits in the
 *   extensions menu, and action.openPopup() first pops it out onto the toolbar, an animation of
 *   ~265 ms here; a reused userDataDir pinned before stays pinned). Checked after launch.
 * @property {boolean} [headless] default true
 * @property {string} [userDataDir] reuse a profile (kept on close); default a fresh temp dir
 *   (/tmp/cckh-profile-*) removed on close
 * @property {boolean} [replicaLog] log one line per replica request to stderr (never secrets)
 * @property {string[]} [extraArgs] more Chromium flags
 * @property {{ width: number, height: number } | null} [defaultViewport] default 1280×800; null = window size
 * @property {boolean} [handleSignals] default true: puppeteer closes Chromium and exits the process
 *   (code 130) on SIGINT, SIGTERM and SIGHUP; false leaves the signals to the caller (scripts/start.mjs)
 */

/**
 * @typedef {object} Launched
 * @property {import('puppeteer-core').Browser} browser
 * @property {ReplicaServer} replica
 * @property {string} extensionId the unpacked extension's id (host of its chrome-extension:// URLs)
 * @property {string} userDataDir
 * @property {() => Promise<void>} close closes the browser and the replica; removes the temp
 *   profile. Idempotent.
 */

/**
 * Shape of window.__replica (replica/README.md; source of truth: replica/app/App.tsx).
 * @typedef {'read' | 'read-write'} Permission
 * @typedef {object} ReplicaState
 * @property {{ mode: 'modal' | 'route', lazy: number, permission: 'select' | 'radio' | 'listbox', defaultPermission: Permission, labels: 'a' | 'b' | 'c', teams: 'checkbox' | 'switch' | 'level', secret: 'input' | 'code' | 'text', secretLength: number, hostile: boolean, stress: boolean }} variant
 * @property {'diagrams' | 'keys-list' | 'create-form' | 'secret'} view
 * @property {boolean} loading
 * @property {{ name: string, permission: Permission, teams: Record<string, 'none' | Permission> }} form
 * @property {Array<{ name: string, permission: Permission, teams: Record<string, 'none' | Permission>, createdAt: string }>} keys
 * @property {number} saves
 * @property {string | null} lastSecretShown
 */

/** Extension id per browser launched here (for wakeServiceWorker). @type {WeakMap<import('puppeteer-core').Browser, string>} */
const knownIds = new WeakMap();

/**
 * @param {import('puppeteer-core').Target} t
 * @param {string} [extensionId]
 */
const isExtensionWorker = (t, extensionId) =>
  t.type() === 'service_worker' && t.url().startsWith(extensionId ? `chrome-extension://${extensionId}/` : 'chrome-extension://');

/**
 * Starts the replica and launches Chromium with the unpacked extension at `distPath` (LaunchOptions).
 * @param {LaunchOptions} [options]
 * @returns {Promise<Launched>}
 * @throws if Chromium cannot start or the extension's service worker does not appear within 15 s
 *   (usually: dist/ is missing or the manifest is invalid; run `npx vite build`); with pinAction, if
 *   the button is not on the toolbar after all (action.getUserSettings().isOnToolbar).
 */
export async function launchBrowser(options = {}) {
  const { distPath = path.join(REPO_ROOT, 'dist'), extension = true, pinAction = false, headless = true, replicaLog = false, extraArgs = [], handleSignals = true } = options;
  const replica = /** @type {ReplicaServer} */ (await startReplica({ port: 0, log: replicaLog }));
  const ownProfile = !options.userDataDir;
  const userDataDir = options.userDataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'cckh-profile-')));
  /** @type {import('puppeteer-core').Browser | undefined} */
  let browser;
  try {
    if (extension && pinAction) {
      if (!existsSync(distPath)) throw new Error(`launchBrowser: no built extension at ${distPath} (run \`npx vite build\`)`);
      await pinInProfile(userDataDir, unpackedExtensionId(distPath));
    }
    browser = await puppeteer.launch({
      executablePath: CHROMIUM_PATH,
      headless,
      pipe: true,
      handleSIGINT: handleSignals,
      handleSIGTERM: handleSignals,
      handleSIGHUP: handleSignals,
      // Scrollbars as a user's Chromium draws them (puppeteer hides them in headless): a popup's
      // window is sized around its scrollbar, which tests and screenshots should see.
      ignoreDefaultArgs: ['--hide-scrollbars'],
      enableExtensions: extension ? [path.resolve(distPath)] : false,
      userDataDir,
      defaultViewport: options.defaultViewport === undefined ? { width: 1280, height: 800 } : options.defaultViewport,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--ignore-certificate-errors',
        `--host-resolver-rules=MAP app.cloudcraft.co:443 127.0.0.1:${replica.port}, MAP api.cloudcraft.co:443 127.0.0.1:${replica.port}`,
        ...extraArgs,
      ],
    });
    const launched = browser;
    let extensionId = '';
    if (extension) {
      const worker = await launched.waitForTarget((t) => isExtensionWorker(t), { timeout: 15_000 });
      extensionId = new URL(worker.url()).host;
      knownIds.set(launched, extensionId);
      if (pinAction && (await toolbarPinned(launched)) !== true) {
        throw new Error(`launchBrowser: the toolbar button of ${extensionId} is not pinned (profile ${userDataDir})`);
      }
    }
    let closed = false;
    return {
      browser: launched,
      replica,
      extensionId,
      userDataDir,
      async close() {
        if (closed) return;
        closed = true;
        await launched.close().catch(() => {});
        await replica.close();
        if (ownProfile) await rm(userDataDir, { recursive: true, force: true }).catch(() => {});
      },
    };
  } catch (err) {
    await browser?.close().catch(() => {});
    await replica.close();
    if (ownProfile) await rm(userDataDir, { recursive: true, force: true }).catch(() => {});
    throw err;
  }
}

/**
 * The id Chromium gives the unpacked extension in `distPath`: derived from its absolute path
 * (symlinks resolved) as SHA-256, first 128 bits, each hex digit 0–f written as a letter a–p
 * (Chromium's crx_file/id_util.cc, GenerateIdForPath; on Linux, where it hashes the path's bytes).
 * A "key" in the manifest would fix the id instead (ours has none; launchBrowser's pin check would
 * catch it). 32 letters a–p.
 * @param {string} distPath
 * @throws if distPath does not exist.
 */
export function unpackedExtensionId(distPath) {
  const hex = createHash('sha256').update(realpathSync(path.resolve(distPath))).digest('hex').slice(0, 32);
  return [...hex].map((d) => String.fromCharCode(0x61 + parseInt(d, 16))).join('');
}

/**
 * Whether the extension's toolbar button is pinned: `action.getUserSettings().isOnToolbar`, asked
 * in its service worker (started if stopped).
 * @param {import('puppeteer-core').Browser} browser
 * @returns {Promise<boolean | undefined>} what Chromium answers (undefined if it has no such field)
 */
export async function toolbarPinned(browser) {
  const worker = await serviceWorker(browser);
  return worker.evaluate(async () => (await /** @type {any} */ (globalThis).chrome.action.getUserSettings()).isOnToolbar);
}

/**
 * Pins `extensionId`'s toolbar button in the profile at `userDataDir` before Chromium starts: the
 * `extensions.pinned_extensions` preference (Default/Preferences, merged into what is there), which
 * the extensions menu's pin writes. Chromium reads it as the extension loads.
 * @param {string} userDataDir
 * @param {string} extensionId
 */
async function pinInProfile(userDataDir, extensionId) {
  const file = path.join(userDataDir, 'Default', 'Preferences');
  /** @type {any} */
  let prefs = {};
  try {
    prefs = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    if (/** @type {any} */ (err)?.code !== 'ENOENT') throw err;
  }
  const pinned = new Set(prefs.extensions?.pinned_extensions ?? []);
  pinned.add(extensionId);
  prefs.extensions = { ...prefs.extensions, pinned_extensions: [...pinned] };
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(prefs));
}

/**
 * The extension's service worker as a puppeteer WebWorker. When none is running (stopped by
 * stopServiceWorker or idle), starts it first with wakeServiceWorker.
 * @param {import('puppeteer-core').Browser} browser
 * @param {number} [timeoutMs] default 10 000
 * @throws TimeoutError when no extension service worker runs within timeoutMs.
 */
export async function serviceWorker(browser, timeoutMs = 10_000) {
  if (!browser.targets().some((t) => isExtensionWorker(t))) await wakeServiceWorker(browser);
  const target = await browser.waitForTarget((t) => isExtensionWorker(t), { timeout: timeoutMs });
  const worker = await target.worker();
  if (!worker) throw new Error('Service worker target has no worker');
  // Right after start, the worker's target can be attached before the extension API is bound in
  // its global scope (seen: `chrome` undefined for a few ms after launch). Wait until it is.
  await until(
    `chrome.runtime in the extension service worker ${target.url()}`,
    () => worker.evaluate(() => typeof (/** @type {any} */ (globalThis).chrome?.runtime?.id) === 'string'),
    timeoutMs,
    25,
  );
  return worker;
}

/**
 * Starts the extension's stopped service worker through CDP (ServiceWorker.startWorker on its
 * chrome-extension:// scope), as an incoming event would. Does not wait for it: use serviceWorker().
 * @param {import('puppeteer-core').Browser} browser
 * @param {string} [extensionId] default: the id remembered by launchBrowser
 */
export async function wakeServiceWorker(browser, extensionId = knownIds.get(browser)) {
  if (!extensionId) throw new Error('wakeServiceWorker: extension id unknown (launch with launchBrowser or pass it)');
  const page = (await browser.pages())[0] ?? (await browser.newPage());
  const session = await page.createCDPSession();
  try {
    await session.send('ServiceWorker.enable');
    await session.send('ServiceWorker.startWorker', { scopeURL: `chrome-extension://${extensionId}/` });
  } finally {
    await session.detach().catch(() => {});
  }
}

/**
 * Opens https://app.cloudcraft.co<pathname>?<query> (the replica) in a new tab, waits for the app
 * shell's heading and brings the tab to front.
 * @param {import('puppeteer-core').Browser} browser
 * @param {string} [query] e.g. "mode=route&permission=listbox" (with or without "?")
 * @param {string} [pathname] default "/"
 */
export async function openCloudcraft(browser, query = '', pathname = '/') {
  const page = await browser.newPage();
  const q = query.replace(/^\?/, '');
  await page.goto(`${APP_ORIGIN}${pathname}${q ? `?${q}` : ''}`, { waitUntil: 'load' });
  await page.waitForSelector('h1 ::-p-text(Cloudcraft)', { timeout: 10_000 });
  await page.bringToFront();
  return page;
}

/**
 * Opens the real toolbar popup for `page`'s tab: brings the tab to front, calls
 * chrome.action.openPopup() in the service worker, returns the popup page (its active tab is `page`).
 * @param {import('puppeteer-core').Browser} browser
 * @param {import('puppeteer-core').Page} page
 * @throws if the popup does not open within 10 s (e.g. another popup is already open).
 */
export async function openPopup(browser, page) {
  await page.bringToFront();
  const worker = await serviceWorker(browser);
  const opened = browser.waitForTarget((t) => t.url().endsWith(POPUP_PATH), { timeout: 10_000 });
  await worker.evaluate(() => /** @type {any} */ (globalThis).chrome.action.openPopup());
  const target = await opened;
  const popup = await target.asPage();
  await popup.waitForFunction(() => document.readyState === 'complete', { timeout: 10_000 });
  return popup;
}

/**
 * Waits until the popup's window has taken its size: Chromium resizes a popup's window to its
 * content a moment after the content changes (up to 800×600; a taller popup scrolls). Returns when
 * the window's size and the content's height have stayed the same for 200 ms, or after `timeoutMs`.
 * @param {import('puppeteer-core').Page} popup
 * @param {number} [timeoutMs] default 2 000
 * @returns {Promise<{width: number, height: number}>} the window's inner size, CSS px
 */
export async function popupSettled(popup, timeoutMs = 2_000) {
  const size = () => popup.evaluate(() => /** @type {[number, number, number]} */ ([innerWidth, innerHeight, document.documentElement.scrollHeight]));
  let last = await size();
  for (const end = Date.now() + timeoutMs; Date.now() < end; ) {
    await new Promise((r) => setTimeout(r, 200));
    const now = await size();
    if (now.join() === last.join()) break;
    last = now;
  }
  return { width: last[0], height: last[1] };
}

/**
 * Stops the extension's service worker (as Chrome does after 30 s idle) and waits until its target
 * is gone. The next extension event or message starts it again, with its globals lost.
 * @param {import('puppeteer-core').Browser} browser
 * @param {number} [timeoutMs] default 10 000
 */
export async function stopServiceWorker(browser, timeoutMs = 10_000) {
  const worker = await serviceWorker(browser);
  await worker.close();
  await until('the service worker to stop after close', async () => !browser.targets().some((t) => isExtensionWorker(t)), timeoutMs, 50);
}

/** @type {string | null} */
let runDir = null;
let shotCount = 0;

/** A run id from the time now, safe in a folder name: `<prefix>-2026-12-05T12-52-44-000Z`. */
export function newRunId(prefix = 'run') {
  return `${prefix}-${new Date().toISOString().replace(/[:.]/g, '-')}`;
}

/**
 * The folder this run's screenshots and reports go to: $E2E_ARTIFACTS_DIR, else
 * artifacts/<run-id> under the repo (ignored by git), run-id = $E2E_RUN_ID or newRunId(). One
 * folder per run: the e2e configs set E2E_RUN_ID once for all their test files (each file runs in
 * its own process), `npm start` and `npm run bench` once for themselves. Created on first use.
 * @returns {Promise<string>} its absolute path
 */
export async function artifactsDir() {
  if (!runDir) {
    const id = process.env.E2E_RUN_ID || newRunId();
    runDir = process.env.E2E_ARTIFACTS_DIR ? path.resolve(process.env.E2E_ARTIFACTS_DIR) : path.join(REPO_ROOT, 'artifacts', id);
  }
  await mkdir(runDir, { recursive: true });
  return runDir;
}

/**
 * Saves a PNG of `page` as <artifactsDir>/NN-<name>.png (NN counts up per process, past files
 * already in the folder: the run's other test files write there too).
 * @param {import('puppeteer-core').Page} page
 * @param {string} name short step name, e.g. "popup-unlocked" (other characters become "-")
 * @param {{fullPage?: boolean}} [options]
 * @returns {Promise<string>} absolute path of the file written
 */
export async function screenshot(page, name, options = {}) {
  const dir = await artifactsDir();
  const safe = name.replace(/[^a-z0-9_-]+/gi, '-').replace(/^-+|-+$/g, '') || 'shot';
  let file;
  do {
    shotCount++;
    file = path.join(dir, `${String(shotCount).padStart(2, '0')}-${safe}.png`);
  } while (existsSync(file));
  await page.screenshot({ path: /** @type {`${string}.png`} */ (file), fullPage: options.fullPage ?? false });
  return file;
}

/**
 * The replica's React state (window.__replica, see replica/README.md), or null before it mounted.
 * @param {import('puppeteer-core').Page} page
 * @returns {Promise<ReplicaState | null>}
 */
export async function replicaState(page) {
  return page.evaluate(() => /** @type {any} */ (window).__replica ?? null);
}

/**
 * Waits until window.__replica satisfies `predicate` and returns that state. The predicate runs in
 * the page (it is serialized: no closures), e.g. `(s) => s.view === 'create-form' && !s.loading`.
 * @param {import('puppeteer-core').Page} page
 * @param {((state: ReplicaState) => boolean) | string} predicate a function, or its source text
 * @param {number} [timeoutMs] default 10 000
 * @returns {Promise<ReplicaState>}
 * @throws TimeoutError with the last seen state in its message.
 */
export async function waitForReplica(page, predicate, timeoutMs = 10_000) {
  const src = typeof predicate === 'function' ? predicate.toString() : predicate;
  try {
    await page.waitForFunction(`(() => { const s = window.__replica; return !!s && (${src})(s); })()`, { timeout: timeoutMs });
  } catch (err) {
    const last = await replicaState(page).catch(() => null);
    throw new Error(`waitForReplica(${src}) timed out after ${timeoutMs} ms; last state: view=${last?.view} loading=${last?.loading} saves=${last?.saves}`, { cause: err });
  }
  return /** @type {ReplicaState} */ (await replicaState(page));
}

/**
 * The system clipboard's text, read in the Cloudcraft tab: clipboard-read granted for its origin,
 * the tab in front and focus emulated (headless has no focused window otherwise).
 * @param {import('puppeteer-core').Browser} browser
 * @param {import('puppeteer-core').Page} page a tab on https://app.cloudcraft.co
 * @returns {Promise<string>}
 * @throws Error "clipboard read failed: …" when the browser refuses the read
 */
export async function readClipboard(browser, page) {
  await browser.defaultBrowserContext().overridePermissions(APP_ORIGIN, ['clipboard-read', 'clipboard-sanitized-write']);
  await page.bringToFront();
  const cdp = await page.createCDPSession();
  try {
    await cdp.send('Emulation.setFocusEmulationEnabled', { enabled: true });
    const r = await page.evaluate(() => navigator.clipboard.readText().then((t) => ({ t }), (e) => ({ e: String(e) })));
    if ('e' in r) throw new Error(`clipboard read failed: ${r.e}`);
    return r.t;
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}
