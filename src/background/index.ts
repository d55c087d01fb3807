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
import { BADGE_ALARM, updateBadge } from './badge';

/** Messages after which the number of keys due for rotation may have changed. */
const CHANGES_DUE = new Set(['keys.capture', 'keys.delete', 'keys.restore', 'keys.setRevoked', 'keys.test', 'backup.import', 'templates.saveUser']);

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

const route = createRouter(handlers, { extensionId: browser.runtime.id, extensionOrigin });
/** The router, then a badge refresh after any message that may change which keys are due. */
function onMessage(message: unknown, sender: Parameters<typeof route>[1]) {
  const reply = route(message, sender);
  const type = (message as { type?: unknown } | null)?.type;
  if (reply && typeof type === 'string' && CHANGES_DUE.has(type)) {
    void reply.then((r) => (r.ok ? updateBadge() : undefined));
  }
  return reply;
}
browser.runtime.onMessage.addListener(onMessage as Parameters<typeof browser.runtime.onMessage.addListener>[0]);
browser.alarms.onAlarm.addListener((alarm) => {
  void onVaultAlarm(alarm.name);
  void onClipboardAlarm(alarm.name);
  if (alarm.name === BADGE_ALARM) void updateBadge();
});
browser.idle.onStateChanged.addListener((state) => void onVaultIdleState(state));
// storage.local closed to content scripts at every start (vault/store.ts): browser start and
// install or update wake the worker for it before any page of Cloudcraft has a reason to.
void closeStorageLocal();
void updateBadge();
browser.runtime.onStartup.addListener(() => void closeStorageLocal());
browser.runtime.onInstalled.addListener(() => void closeStorageLocal());
