/**
 * Firefox harness: the built dist-firefox/ in Debian's Firefox ESR, driven by puppeteer-core 24 over
 * WebDriver BiDi (no CDP in Firefox: nothing here may use createCDPSession or ::-p-aria).
 *
 * What it takes to make this work (Firefox ESR 153, puppeteer-core 24.43):
 * - The add-on is installed as a temporary add-on with BiDi webExtension.install: a folder, or the
 *   store package itself (a .zip: `archivePath`), under a fixed moz-extension UUID set up front
 *   through the `extensions.webextensions.uuids` pref, so its pages have known URLs.
 * - The real toolbar popup opens with `browser.action.openPopup()` called from one of our pages
 *   (Firefox 149+ needs no user gesture for it). BiDi lists no context for it, but it runs in the
 *   extension's process, so that page reaches its window through `extension.getViews({ type:
 *   'popup' })` and drives its DOM (openToolbarPopup). Events sent that way are untrusted: the popup
 *   does not check, the content script (which does) is driven through the page, as a user would.
 * - The clipboard is read in Firefox's own UI (BiDi "chrome" scope, system privileges, needs
 *   `--remote-allow-system-access`): readClipboard.
 * - BiDi refuses to navigate to moz-extension:// unless Firefox runs with
 *   `--remote-allow-system-access`; even then puppeteer never sees that navigation finish, so
 *   openExtensionPage() starts it and polls the document instead of awaiting goto().
 * - app.cloudcraft.co / api.cloudcraft.co reach the local HTTPS replica through an HTTP CONNECT proxy
 *   written here (Firefox prefs network.proxy.*): Firefox has no --host-resolver-rules, and
 *   network.dns.* prefs map names but not ports. The proxy tunnels only those two hosts on 443 to the
 *   replica and refuses everything else. `acceptInsecureCerts` accepts the replica's self-signed cert.
 *   The shipped manifest stays the production one.
 * - Uncaught errors in extension contexts (background page included) reach Firefox's stderr as
 *   "JavaScript error: moz-extension://<uuid>/…": the harness keeps those lines (extensionErrors()).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { REPO_ROOT, type ReplicaServer } from '../../scripts/lib/harness.mjs';

export const FIREFOX_PATH = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';
/**
 * The add-on under test: $FIREFOX_DIST, a folder (default dist-firefox/, `npm run build:firefox`) or
 * a store package (`release/…-firefox.zip`, `npm run package`; npm test uses that).
 */
export const FIREFOX_DIST = process.env.FIREFOX_DIST ? path.resolve(process.env.FIREFOX_DIST) : path.join(REPO_ROOT, 'dist-firefox');
export const GECKO_ID = 'cloudcraft-key-helper@keyhelper.invalid';
/** The moz-extension:// host the add-on gets (fixed through extensions.webextensions.uuids). */
export const EXT_UUID = '6c1a3f1e-2b1d-4c5e-9a7f-0123456789ab';
export const EXT_ORIGIN = `moz-extension://${EXT_UUID}`;
const TUNNELLED = new Set(['app.cloudcraft.co:443', 'api.cloudcraft.co:443']);

/** replica/server.mjs (plain JS, no declarations): the same replica the Chromium tests use. */
async function startReplica(options: { port: number }): Promise<ReplicaServer> {
  const mod = (await import(new URL('../../replica/server.mjs', import.meta.url).href)) as { startReplica(o: { port: number }): Promise<ReplicaServer> };
  return mod.startReplica(options);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` (every 100 ms) until it returns something truthy; throws "timed out waiting for <what>". */
export async function until<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`, { cause: lastError });
    await sleep(100);
  }
}

/** An HTTP CONNECT proxy on 127.0.0.1 that tunnels app/api.cloudcraft.co:443 to `targetPort`. */
async function startTunnel(targetPort: number): Promise<{ port: number; tunnelled: string[]; close(): Promise<void> }> {
  const tunnelled: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    client.once('data', (head) => {
      const m = /^CONNECT (\S+) HTTP\/1\.[01]\r\n/.exec(head.toString('latin1'));
      if (!m?.[1] || !TUNNELLED.has(m[1].toLowerCase())) {
        client.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      tunnelled.push(m[1]);
      const upstream = net.connect(targetPort, '127.0.0.1', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.pipe(client);
        client.pipe(upstream);
      });
      sockets.add(upstream);
      upstream.on('close', () => sockets.delete(upstream));
      upstream.on('error', () => client.destroy());
      client.on('close', () => upstream.destroy());
    });
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    tunnelled,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export interface FirefoxRun {
  browser: Browser;
  replica: ReplicaServer;
  /** What installExtension returned (the gecko id). */
  addonId: string;
  /** Milliseconds from launch start to the add-on installed. */
  startupMs: number;
  /** Lines of Firefox's stdout/stderr that report a JavaScript error in one of our moz-extension:// contexts. */
  extensionErrors(): string[];
  /** Every line Firefox wrote (for failure messages). */
  log(): string[];
  /** CONNECT targets the proxy tunnelled (host:port). */
  tunnelled(): string[];
  close(): Promise<void>;
}

/** Starts the replica and the proxy, launches headless Firefox and installs dist-firefox/ as a temporary add-on. */
export async function launchFirefox(distPath = FIREFOX_DIST): Promise<FirefoxRun> {
  const t0 = Date.now();
  const replica = await startReplica({ port: 0 });
  const tunnel = await startTunnel(replica.port);
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'cckh-firefox-'));
  const lines: string[] = [];
  let browser: Browser | undefined;
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX_PATH,
      headless: true,
      userDataDir,
      acceptInsecureCerts: true,
      defaultViewport: { width: 1280, height: 800 },
      args: ['--remote-allow-system-access'],
      extraPrefsFirefox: {
        'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: EXT_UUID }),
        'network.proxy.type': 1,
        'network.proxy.ssl': '127.0.0.1',
        'network.proxy.ssl_port': tunnel.port,
        'network.proxy.no_proxies_on': '',
        'network.proxy.allow_hijacking_localhost': false,
        // Quieter offline Firefox (no remote settings / experiments polling through the proxy).
        'services.settings.server': 'https://127.0.0.1:9/v1',
        'app.normandy.enabled': false,
        'messaging-system.rsexperimentloader.enabled': false,
      },
    });
    const proc = browser.process();
    const keep = (d: Buffer) => lines.push(...d.toString('utf8').split('\n').filter(Boolean));
    proc?.stderr?.on('data', keep);
    proc?.stdout?.on('data', keep);
    const addonId = await installAddon(browser, path.resolve(distPath));
    const b = browser;
    let closed = false;
    return {
      browser: b,
      replica,
      addonId,
      startupMs: Date.now() - t0,
      extensionErrors: () => lines.filter((l) => /JavaScript error: moz-extension:\/\//.test(l) || (l.includes(EXT_UUID) && /error/i.test(l))),
      log: () => [...lines],
      tunnelled: () => [...tunnel.tunnelled],
      async close() {
        if (closed) return;
        closed = true;
        await b.close().catch(() => undefined);
        await tunnel.close();
        await replica.close();
        await rm(userDataDir, { recursive: true, force: true }).catch(() => undefined);
      },
    };
  } catch (err) {
    await browser?.close().catch(() => undefined);
    await tunnel.close();
    await replica.close();
    await rm(userDataDir, { recursive: true, force: true }).catch(() => undefined);
    throw err;
  }
}

/**
 * Sends a raw WebDriver BiDi command through puppeteer's connection (for what puppeteer does not
 * wrap: archive installs, Firefox's own UI context) and returns its result.
 * @throws what the browser answers for a failed command
 */
export async function bidi<T>(browser: Browser, method: string, params: object): Promise<T> {
  const connection = (browser as unknown as { connection: { send(m: string, p: object): Promise<{ result: T }> } }).connection;
  return (await connection.send(method, params)).result;
}

/**
 * Installs the add-on as a temporary add-on: `target` is its folder, or a .zip/.xpi package (BiDi
 * webExtension.install with `archivePath`: the file a store receives, installed as it is).
 * @returns the add-on's id (the manifest's gecko id)
 */
async function installAddon(browser: Browser, target: string): Promise<string> {
  if (!/\.(zip|xpi)$/i.test(target)) return browser.installExtension(target);
  const r = await bidi<{ extension: string }>(browser, 'webExtension.install', { extensionData: { type: 'archivePath', path: target } });
  return r.extension;
}

/** The BiDi context of Firefox's own UI (browser.xhtml); scripts there run with system privileges. */
async function chromeContext(browser: Browser): Promise<string> {
  const tree = await bidi<{ contexts: Array<{ context: string; url: string }> }>(browser, 'browsingContext.getTree', { 'moz:scope': 'chrome' });
  const ui = tree.contexts.find((c) => c.url === 'chrome://browser/content/browser.xhtml');
  if (!ui) throw new Error(`no chrome://browser/content/browser.xhtml context in ${JSON.stringify(tree.contexts.map((c) => c.url))}`);
  return ui.context;
}

/**
 * The system clipboard's text, read in Firefox's own UI (system privileges: no permission, no
 * paste prompt). "" when it is empty.
 * @throws when Firefox refuses the read (e.g. launched without --remote-allow-system-access)
 */
export async function readClipboard(browser: Browser): Promise<string> {
  const r = await bidi<{ type: string; result?: { type: string; value?: string }; exceptionDetails?: { text: string } }>(browser, 'script.evaluate', {
    expression: 'navigator.clipboard.readText()',
    target: { context: await chromeContext(browser) },
    awaitPromise: true,
  });
  if (r.type !== 'success' || r.result?.type !== 'string') throw new Error(`clipboard read failed: ${r.exceptionDetails?.text ?? JSON.stringify(r.result)}`);
  return r.result.value ?? '';
}

/** The real toolbar popup, driven from one of our extension pages (see openToolbarPopup). */
export interface ToolbarPopup {
  /**
   * Runs `fn` in the popup's window and returns its (JSON) result. `fn` is sent as source text: no
   * closures, only its arguments.
   */
  evaluate<R, A extends unknown[]>(fn: (win: Window, ...args: A) => R, ...args: A): Promise<Awaited<R>>;
  /** The popup's text (body.innerText). */
  text(): Promise<string>;
  /** Types `value` into the input labelled `label` (value set, then an input event, as Preact reads it). */
  fill(label: string, value: string): Promise<void>;
  /** Clicks the enabled button whose text is `text`, inside the first element matching `scope` whose text includes `within` (if given). */
  click(text: string, opts?: { scope?: string; within?: string }): Promise<void>;
  /** Waits until `fn` (run in the popup, as evaluate) returns something truthy and returns it. */
  until<R, A extends unknown[]>(what: string, fn: (win: Window, ...args: A) => R, ...args: A): Promise<NonNullable<Awaited<R>>>;
  /** Whether the popup is still open. */
  isOpen(): Promise<boolean>;
  /** Closes the popup (window.close(), as a click elsewhere does). */
  close(): Promise<void>;
}

const POPUP_WINDOW = `globalThis.browser.extension.getViews({ type: 'popup' })[0]`;

/**
 * Opens the real toolbar popup for `tab` (brought to front first, so it is the popup's active
 * tab): `action.openPopup()` called in `ext`, one of our extension pages in another tab, which then
 * drives the popup's DOM through `extension.getViews({ type: 'popup' })` (same process). Closes a
 * popup still open first. Waits until the popup's document is complete.
 * @param ext an extension page of ours (e.g. the options page) that stays open meanwhile
 * @param tab the tab the popup is for (e.g. Cloudcraft)
 * @throws when Firefox refuses openPopup or no popup appears within 10 s
 */
export async function openToolbarPopup(ext: Page, tab: Page): Promise<ToolbarPopup> {
  const run = <R>(src: string) => ext.evaluate(src) as Promise<R>;
  await run(`(() => { const w = ${POPUP_WINDOW}; if (w) w.close(); })()`);
  await until('the previous popup closed', async () => !(await run<boolean>(`!!${POPUP_WINDOW}`)), 5_000);
  await tab.bringToFront();
  await run(`globalThis.browser.action.openPopup()`);
  await until('the toolbar popup', () => run<boolean>(`(() => { const w = ${POPUP_WINDOW}; return !!w && w.document.readyState === 'complete'; })()`), 10_000);
  const popup: ToolbarPopup = {
    evaluate: (fn, ...args) => run(`(${fn.toString()})(${POPUP_WINDOW}, ...${JSON.stringify(args)})`),
    text: () => popup.evaluate((w) => w.document.body.innerText),
    async fill(label, value) {
      const ok = await popup.until(`a field labelled "${label}"`, (w, l, v) => {
        const lab = [...w.document.querySelectorAll('label')].find((e) => e.textContent?.trim() === l);
        const input = lab?.htmlFor ? (w.document.getElementById(lab.htmlFor) as HTMLInputElement | null) : null;
        if (!input) return false;
        input.focus();
        input.value = v;
        input.dispatchEvent(new (w as Window & typeof globalThis).Event('input', { bubbles: true }));
        return true;
      }, label, value);
      if (!ok) throw new Error(`could not fill "${label}"`);
    },
    async click(text, opts = {}) {
      await popup.until(
        `an enabled "${text}" button${opts.within ? ` in "${opts.within}"` : ''}`,
        (w, t, scope, within) => {
          const roots = [...w.document.querySelectorAll(scope)].filter((r) => !within || (r.textContent ?? '').includes(within));
          const button = roots.flatMap((r) => [...r.querySelectorAll('button')]).find((b) => b.textContent?.trim() === t && !b.disabled);
          if (!button) return false;
          button.click();
          return true;
        },
        text,
        opts.scope ?? 'body',
        opts.within ?? '',
      );
    },
    until: (what, fn, ...args) => until(what, () => popup.evaluate(fn, ...args) as Promise<NonNullable<Awaited<ReturnType<typeof fn>>> | null>),
    isOpen: () => run<boolean>(`!!${POPUP_WINDOW}`),
    async close() {
      await run(`(() => { const w = ${POPUP_WINDOW}; if (w) w.close(); })()`);
      await until('the popup closed', async () => !(await popup.isOpen()), 5_000);
    },
  };
  return popup;
}

/**
 * Loads moz-extension://<uuid>/<extPath> into `page` (default: a new tab) and waits until its
 * document is complete. Does not await goto(): puppeteer never sees this navigation finish in Firefox.
 */
export async function openExtensionPage(browser: Browser, extPath: string, page?: Page): Promise<Page> {
  const p = page ?? (await browser.newPage());
  const url = `${EXT_ORIGIN}/${extPath}`;
  void p.goto(url, { timeout: 60_000 }).catch(() => undefined);
  await until(`${url} loaded`, () => p.evaluate((u) => location.href === u && document.readyState === 'complete', url), 15_000);
  return p;
}

/** Text of the page's body (innerText). */
export const bodyText = (page: Page) => page.evaluate(() => document.body.innerText);

/**
 * Fills the input labelled `label` as a user would: focus, select all, type (real key events).
 * By label text, not ::-p-aria (that needs CDP's accessibility tree).
 */
export async function fillByLabel(page: Page, label: string, value: string): Promise<void> {
  const id = await until(`a field labelled "${label}"`, () =>
    page.evaluate((l) => [...document.querySelectorAll('label')].find((e) => e.textContent?.trim() === l)?.htmlFor || null, label),
  );
  const input = await page.waitForSelector(`#${id}`);
  await input!.click({ count: 3 });
  await input!.type(value);
}

/** Clicks the (enabled) button whose text is `text`, inside `scope` (a CSS selector) if given. */
export async function clickButton(page: Page, text: string, scope = 'body'): Promise<void> {
  const handle = await until(`an enabled "${text}" button`, async () => {
    const h = await page.evaluateHandle(
      (t, s) => [...document.querySelectorAll(`${s} button`)].find((b) => b.textContent?.trim() === t && !(b as HTMLButtonElement).disabled) ?? null,
      text,
      scope,
    );
    const el = h.asElement();
    return el ?? null;
  });
  await (handle as import('puppeteer-core').ElementHandle<Element>).click();
}

/** Sends a protocol message from an extension page and returns the raw reply. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function sendFrom(page: Page, type: string, data: unknown = {}): Promise<{ ok: boolean; data?: any; error?: { code: string; message: string } }> {
  return page.evaluate(
    (type, data) => (globalThis as unknown as { browser: { runtime: { sendMessage(m: unknown): Promise<never> } } }).browser.runtime.sendMessage({ type, data }),
    type,
    data as never,
  );
}
