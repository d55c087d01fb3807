/**
 * Smoke test of the real-browser setup: the built extension loads in Chromium, the replica is
 * reachable as https://app.cloudcraft.co, the toolbar popup opens for the Cloudcraft tab.
 * Does not depend on what the popup or content script show (others build those).
 * Runs on dist/ (npm run test:e2e), and on the unzipped Chrome store package ($E2E_DIST: npm run test:release).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APP_ORIGIN,
  launchBrowser,
  openCloudcraft,
  openPopup,
  replicaState,
  screenshot,
  serviceWorker,
  stopServiceWorker,
  toolbarPinned,
  unpackedExtensionId,
  waitForReplica,
  type Launched,
} from '../../scripts/lib/harness.mjs';
import { DIST } from './lib/flow';
import { aria } from './lib/screen';

describe('e2e smoke', () => {
  let run: Launched;

  beforeAll(async () => {
    run = await launchBrowser({ distPath: DIST });
  });
  afterAll(async () => {
    await run?.close();
  });

  it('has the extension service worker running', async () => {
    expect(run.extensionId).toMatch(/^[a-p]{32}$/);
    const worker = await serviceWorker(run.browser);
    expect(worker.url()).toMatch(new RegExp(`^chrome-extension://${run.extensionId}/`));
    expect(await worker.evaluate(() => (globalThis as unknown as { chrome: { runtime: { id: string } } }).chrome.runtime.id)).toBe(run.extensionId);
  });

  it('gives the extension the id unpackedExtensionId() derives from its folder, its button not pinned by default', async () => {
    // launchBrowser({pinAction}) pins by that id before Chromium starts (the popup e2e and bench do).
    expect(unpackedExtensionId(DIST)).toBe(run.extensionId);
    expect(await toolbarPinned(run.browser)).toBe(false);
  });

  it('ships a content script that matches only https://app.cloudcraft.co/*', async () => {
    const manifest = JSON.parse(await readFile(path.join(DIST, 'manifest.json'), 'utf8')) as {
      content_scripts: Array<{ matches: string[] }>;
      host_permissions?: string[];
    };
    expect(manifest.content_scripts.length).toBeGreaterThan(0);
    for (const cs of manifest.content_scripts) expect(cs.matches).toEqual(['https://app.cloudcraft.co/*']);
    expect(JSON.stringify(manifest)).not.toMatch(/localhost|127\.0\.0\.1|<all_urls>/);
  });

  it('asks only for the permissions the features use, with no web-accessible resources, and Alt+Shift+K for the popup', async () => {
    const manifest = JSON.parse(await readFile(path.join(DIST, 'manifest.json'), 'utf8')) as Record<string, unknown> & {
      commands: Record<string, { suggested_key?: { default?: string } }>;
    };
    expect(manifest.permissions).toEqual(['storage', 'alarms', 'idle', 'clipboardWrite', 'offscreen']); // idle: lock on screen lock and after sleep
    expect(manifest.host_permissions).toEqual(['https://app.cloudcraft.co/*', 'https://api.cloudcraft.co/*']);
    expect(manifest.optional_permissions).toEqual(['clipboardRead']); // asked only when the user turns on "clear only if unchanged"
    expect(manifest.web_accessible_resources).toBeUndefined();
    expect(manifest.content_scripts).toEqual([{ matches: ['https://app.cloudcraft.co/*'], js: ['content.js'], run_at: 'document_idle', all_frames: false }]);
    expect(manifest.commands._execute_action?.suggested_key?.default).toBe('Alt+Shift+K');
    // The content script is one classic script: no ES module syntax that would need a loader.
    const content = await readFile(path.join(DIST, 'content.js'), 'utf8');
    expect(content).not.toMatch(/(^|[;\n])\s*(import|export)\s*[{*\w]/);
  });

  it('loads Cloudcraft from the replica over HTTPS', async () => {
    const page = await openCloudcraft(run.browser, 'mode=modal');
    expect(new URL(page.url()).origin).toBe(APP_ORIGIN);
    expect(await page.$(aria('Cloudcraft', 'heading'))).not.toBeNull(); // the replica's own heading
    const state = await replicaState(page);
    expect(state?.view).toBe('diagrams');
    expect(state?.keys.map((k) => k.name)).toEqual(['Automation Key', 'terraform-export']);
    // The API host answers through the same mapping (401 without a key, with CORS).
    const status = await page.evaluate(async () => (await fetch('https://api.cloudcraft.co/user/me')).status);
    expect(status).toBe(401);
    const file = await screenshot(page, 'smoke-cloudcraft');
    expect(file).toMatch(/\d\d-smoke-cloudcraft\.png$/);
    await page.close();
  });

  it('runs the replica on React in the browser: route mode, pointer-only listbox, a key that /user/me accepts', async () => {
    const page = await openCloudcraft(run.browser, 'mode=route&permission=listbox&labels=b&secretLength=48');
    await page.locator(aria('User', 'button')).click();
    await page.locator(aria('API keys', 'menuitem')).click();
    expect(new URL(page.url()).pathname).toBe('/user/api-keys');
    await page.locator(aria('Create API key', 'button')).click();
    await waitForReplica(page, (s) => s.view === 'create-form' && !s.loading);
    await page.locator(aria('Name', 'textbox')).fill('smoke-key');
    await page.locator('button[aria-haspopup="listbox"]').click(); // a real mouse press: pointerdown
    await page.locator(aria('Read and write', 'option')).click();
    const filled = await waitForReplica(page, (s) => s.form.permission === 'read-write' && s.form.name === 'smoke-key');
    expect(filled.form.teams).toEqual({ Engineering: 'none', 'Data Platform': 'none', Security: 'none' });
    await screenshot(page, 'smoke-replica-form');
    await page.locator(aria('Save key', 'button')).click();
    const shown = await waitForReplica(page, (s) => s.view === 'secret');
    const secret = shown.lastSecretShown ?? '';
    expect(secret).toMatch(/^[0-9A-Za-z]{48}$/);
    expect(run.replica.keys().map((k) => [k.name, k.permission, k.secret])).toEqual([['smoke-key', 'read-write', secret]]);
    const me = await page.evaluate(async (key) => {
      const res = await fetch('https://api.cloudcraft.co/user/me', { headers: { Authorization: `Bearer ${key}` } });
      return { status: res.status, body: (await res.json()) as { name: string; email: string } };
    }, secret);
    expect(me).toMatchObject({ status: 200, body: { name: 'Ada Replica', email: 'ada@replica.test' } });
    await page.close();
  });

  it('opens the real toolbar popup for the Cloudcraft tab', async () => {
    const page = await openCloudcraft(run.browser);
    const popup = await openPopup(run.browser, page);
    expect(popup.url()).toBe(`chrome-extension://${run.extensionId}/src/popup/index.html`);
    await screenshot(popup, 'smoke-popup');
    await popup.close();
    await page.close();
  });

  it('can stop the service worker, and it starts again on demand', async () => {
    const isOurWorker = () =>
      run.browser.targets().some((t) => t.type() === 'service_worker' && t.url().startsWith(`chrome-extension://${run.extensionId}/`));
    await stopServiceWorker(run.browser);
    expect(isOurWorker()).toBe(false);
    const worker = await serviceWorker(run.browser);
    expect(isOurWorker()).toBe(true);
    expect(await worker.evaluate(() => (globalThis as unknown as { chrome: { runtime: { id: string } } }).chrome.runtime.id)).toBe(run.extensionId);
  });
});
