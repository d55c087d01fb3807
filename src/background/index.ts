/**
 * Service worker entry: wiring only. Every listener is registered synchronously at start, before
 * any await, so the message or alarm that woke the worker is not missed (Chrome docs, "service
 * worker lifecycle"). No state lives in globals: see vault/ (storage) and clipboard.ts.
 */
import { browser } from '../shared/browser';
import { createRouter, type Handlers } from '../shared/router';
import { vaultHandlers, onVaultAlarm, onVaultIdleState } from './vault/handlers';
import { closeStorageLocal } from './vault/store';
import { templateHandlers } from './templates';
import { clipboardHandlers, onClipboardAlarm } from './clipboard';

const handlers: Partial<Handlers> = {
  ...vaultHandlers,
  ...templateHandlers,
  ...clipboardHandlers,
  // Saving settings is user activity: touching the vault re-arms auto-lock with the new idle time.
  async 'settings.set'(data, ctx) {
    const saved = await templateHandlers['settings.set'](data, ctx);
    await vaultHandlers['vault.touch']({}, ctx);
    return saved;
  },
};
// Text, not URL.origin: some engines give extension URLs an opaque "null" origin.
const extensionOrigin = browser.runtime.getURL('').replace(/\/$/, '');

browser.runtime.onMessage.addListener(
  createRouter(handlers, { extensionId: browser.runtime.id, extensionOrigin }) as Parameters<typeof browser.runtime.onMessage.addListener>[0],
);
browser.alarms.onAlarm.addListener((alarm) => {
  void onVaultAlarm(alarm.name);
  void onClipboardAlarm(alarm.name);
});
browser.idle.onStateChanged.addListener((state) => void onVaultIdleState(state));
// storage.local closed to content scripts at every start (vault/store.ts): browser start and
// install or update wake the worker for it before any page of Cloudcraft has a reason to.
void closeStorageLocal();
browser.runtime.onStartup.addListener(() => void closeStorageLocal());
browser.runtime.onInstalled.addListener(() => void closeStorageLocal());
