import { fakeBrowser } from '@webext-core/fake-browser';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createRouter, type Handlers } from '../shared/messages';

vi.mock('../shared/browser', () => ({ browser: fakeBrowser }));

const { createVaultHandlers } = await import('./vault/handlers');
const { createVaultService } = await import('./vault/vault');
const { templateHandlers } = await import('./templates');
const { createPopupStartHandler } = await import('./popupStart');

const ID = fakeBrowser.runtime.id;
const ORIGIN = `chrome-extension://${ID}`;
const popup = { id: ID, url: `${ORIGIN}/src/popup/index.html` };
const cloudcraftTab = { id: ID, url: 'https://app.cloudcraft.co/', origin: 'https://app.cloudcraft.co', tab: { id: 7 }, frameId: 0 };

describe('popup.start', () => {
  const vault = createVaultHandlers(createVaultService({ iterations: 1_000 }));
  const handlers: Partial<Handlers> = { ...vault, ...templateHandlers, 'popup.start': createPopupStartHandler({ ...vault, ...templateHandlers }) };
  const send = createRouter(handlers, { extensionId: ID, extensionOrigin: ORIGIN });
  beforeEach(() => fakeBrowser.reset());

  it('answers exactly what vault.status, templates.list and settings.get answer, in one reply', async () => {
    await send({ type: 'vault.create', data: { passphrase: 'a good long passphrase' } }, popup);
    await send({ type: 'settings.set', data: { settings: { autoLockMinutes: 5, clipboardClearSeconds: 10, autoCapture: false, clipboardClearOnlyIfUnchanged: false } } }, popup);
    const each = await Promise.all(['vault.status', 'templates.list', 'settings.get'].map((type) => send({ type, data: {} }, popup)));
    const [status, templates, settings] = each.map((r) => (r as { data: unknown }).data) as [unknown, { templates: unknown }, { settings: unknown }];
    expect(await send({ type: 'popup.start', data: {} }, popup)).toEqual({
      ok: true,
      data: { vault: status, templates: templates.templates, settings: settings.settings },
    });
    expect(status).toEqual({ state: 'unlocked', keyCount: 0 });
    expect(settings.settings).toMatchObject({ autoLockMinutes: 5, autoCapture: false });
  });

  it('reports an uninitialized vault as such, and refuses content scripts', async () => {
    expect(await send({ type: 'popup.start', data: {} }, popup)).toMatchObject({ ok: true, data: { vault: { state: 'uninitialized', keyCount: 0 } } });
    expect(await send({ type: 'popup.start', data: {} }, cloudcraftTab)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('fails as a whole with the failing part\'s error (the popup then asks each part itself)', async () => {
    await fakeBrowser.storage.local.set({ 'vault.meta': { version: 99 } });
    expect(await send({ type: 'popup.start', data: {} }, popup)).toMatchObject({ ok: false, error: { code: 'CORRUPT_RECORD' } });
  });
});
