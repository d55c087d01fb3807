/**
 * The vault out of the page's reach, in the real browser: code running in our content script's own
 * world on app.cloudcraft.co (what a compromised renderer can run) cannot read, write or remove any
 * vault key in extension storage, nor see the extension's IndexedDB, and the vault still opens and
 * captures afterwards. One browser for the file.
 */
import type { CDPSession, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openCloudcraft, type Launched } from '../../scripts/lib/harness.mjs';
import { DIST, OPTIONS_PATH, PASSPHRASE, closePopup, createVault, dumpStorage, fillAndSave, openCreateForm, reopenPopup, sendFrom, until, waitForView } from './lib/flow';

const DENIED = 'Access to storage is not allowed from this context.';

/**
 * Runs `expression` (awaited, its value returned as JSON) in our content script's isolated world of
 * `page`: the execution context Chromium creates for the extension's content script (CDP
 * `Runtime.executionContextCreated`, auxData.type "isolated", origin our extension's).
 */
async function inContentWorld(page: Page, extensionId: string, expression: string): Promise<unknown> {
  const cdp: CDPSession = await page.createCDPSession();
  try {
    const contexts: Array<{ id: number; origin: string; auxData?: { type?: string; isDefault?: boolean } }> = [];
    cdp.on('Runtime.executionContextCreated', (e) => contexts.push(e.context as never));
    await cdp.send('Runtime.enable');
    const ours = await until('our content script world', async () =>
      contexts.find((c) => c.auxData?.type === 'isolated' && c.origin === `chrome-extension://${extensionId}`),
    );
    const r = await cdp.send('Runtime.evaluate', { contextId: ours.id, expression, awaitPromise: true, returnByValue: true });
    if (r.exceptionDetails) throw new Error(`in the content world: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
    return r.result.value;
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/** `call` (an expression of the chrome.storage promise API) in the content world: 'ok: <json>' or 'error: <message>'. */
const attempt = (call: string) => `(${call}).then((v) => 'ok: ' + JSON.stringify(v ?? null), (e) => 'error: ' + (e && e.message))`;

describe('vault out of the content script world', () => {
  let run: Launched;
  let page: Page;
  let ext: Page;

  beforeAll(async () => {
    run = await launchBrowser({ distPath: DIST });
    ext = await run.browser.newPage();
    await ext.goto(`chrome-extension://${run.extensionId}/${OPTIONS_PATH}`, { waitUntil: 'load' });
    page = await openCloudcraft(run.browser, 'secret=code');
    await openCreateForm(page);
    const popup = await reopenPopup(run.browser, page);
    await waitForView(popup, 'first-run');
    await createVault(popup);
    await fillAndSave(run.browser, page, popup, { name: 'reach-e2e-one' });
    await closePopup(popup);
  });
  afterAll(async () => {
    await run?.close();
  });

  it('reading, writing and removing every vault key from the content script world fails; the vault still opens and captures', async () => {
    const before = await dumpStorage(run.browser);
    const vaultKeys = Object.keys(before.local).filter((k) => k === 'vault.meta' || k.startsWith('vault.rec.') || k.startsWith('limits.'));
    expect(vaultKeys).toContain('vault.meta');
    expect(vaultKeys.filter((k) => k.startsWith('vault.rec.'))).toHaveLength(1);
    expect(vaultKeys).toContain('limits.capture');

    // The content script world is ours (it has the extension API), and the probe runs there.
    expect(await inContentWorld(page, run.extensionId, 'typeof chrome.storage.local.get + " " + chrome.runtime.id')).toBe(`function ${run.extensionId}`);
    const results: Record<string, unknown> = {};
    const tries: Array<[string, string]> = [
      ['local.get(null)', 'chrome.storage.local.get(null)'],
      ['local.getKeys()', 'chrome.storage.local.getKeys()'],
      ['local.clear()', 'chrome.storage.local.clear()'],
      ['session.get(null)', 'chrome.storage.session.get(null)'],
    ];
    for (const key of vaultKeys) {
      tries.push([`local.get(${key})`, `chrome.storage.local.get(${JSON.stringify(key)})`]);
      tries.push([`local.set(${key})`, `chrome.storage.local.set({ [${JSON.stringify(key)}]: { forged: true } })`]);
      tries.push([`local.remove(${key})`, `chrome.storage.local.remove(${JSON.stringify(key)})`]);
    }
    for (const [name, call] of tries) results[name] = await inContentWorld(page, run.extensionId, attempt(call));
    expect(results).toEqual(Object.fromEntries(tries.map(([name]) => [name, `error: ${DENIED}`])));
    // The extension's IndexedDB (the pin) is not the page's: the content world sees none of it.
    expect(await inContentWorld(page, run.extensionId, 'indexedDB.databases().then((d) => d.map((x) => x.name))')).not.toContain('cckh-vault');

    // Nothing changed, and the vault opens and captures as before.
    const after = await dumpStorage(run.browser);
    expect(Object.fromEntries(vaultKeys.filter((k) => !k.startsWith('limits.')).map((k) => [k, after.local[k]]))).toEqual(
      Object.fromEntries(vaultKeys.filter((k) => !k.startsWith('limits.')).map((k) => [k, before.local[k]])),
    );
    expect((await sendFrom(ext, 'vault.lock')).ok).toBe(true);
    expect(await sendFrom(ext, 'vault.unlock', { passphrase: PASSPHRASE })).toEqual({ ok: true, data: { state: 'unlocked' } });
    const listed = await sendFrom(ext, 'keys.list');
    expect(listed.data.keys.map((k: { name: string }) => k.name)).toEqual(['reach-e2e-one']);
    expect(listed.data.broken).toEqual([]);
    await openCreateForm(page);
    const popup = await reopenPopup(run.browser, page);
    await waitForView(popup, 'unlocked');
    await fillAndSave(run.browser, page, popup, { name: 'reach-e2e-two' });
    await closePopup(popup);
    expect(((await sendFrom(ext, 'keys.list')).data.keys as Array<{ name: string }>).map((k) => k.name).sort()).toEqual(['reach-e2e-one', 'reach-e2e-two']);
  });
});
