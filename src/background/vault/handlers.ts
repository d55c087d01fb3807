/**
 * The vault's message handlers (the router in shared/router.ts has already checked the sender
 * and validated the payload) and its alarm. The service worker entry wires them synchronously.
 */
import type { Handlers } from '../../shared/router';
import { createVaultService, type VaultService } from './vault';

export type VaultMessageType =
  | 'vault.status'
  | 'vault.create'
  | 'vault.unlock'
  | 'vault.lock'
  | 'vault.changePassphrase'
  | 'vault.rotateKey'
  | 'vault.touch'
  | 'keys.list'
  | 'keys.reveal'
  | 'keys.markCopied'
  | 'keys.rename'
  | 'keys.delete'
  | 'keys.restore'
  | 'keys.setNote'
  | 'keys.setRevoked'
  | 'keys.match'
  | 'keys.test'
  | 'teams.fromCloudcraft'
  | 'keys.capture'
  | 'backup.export'
  | 'backup.import';

export type VaultHandlers = Pick<Handlers, VaultMessageType>;

/** Handlers over a given vault service (tests pass one with a fake clock and fewer PBKDF2 iterations). */
export function createVaultHandlers(vault: VaultService): VaultHandlers {
  return {
    'vault.status': () => vault.status(),
    'vault.create': ({ passphrase }) => vault.create(passphrase),
    'vault.unlock': ({ passphrase }) => vault.unlock(passphrase),
    'vault.lock': () => vault.lock(),
    'vault.changePassphrase': ({ current, next }) => vault.changePassphrase(current, next),
    'vault.rotateKey': ({ passphrase }) => vault.rotateKey(passphrase),
    'vault.touch': () => vault.touch(),
    'keys.list': () => vault.list(),
    'keys.reveal': ({ id }) => vault.reveal(id),
    'keys.markCopied': ({ id }) => vault.markCopied(id),
    'keys.rename': ({ id, name }) => vault.rename(id, name),
    'keys.delete': ({ id }) => vault.remove(id),
    'keys.restore': ({ record }) => vault.restore(record),
    'keys.setNote': ({ id, note }) => vault.setNote(id, note),
    'keys.setRevoked': ({ id, revoked }) => vault.setRevoked(id, revoked),
    'keys.match': ({ listed }) => vault.match(listed),
    'keys.test': ({ id }) => vault.testKey(id),
    'teams.fromCloudcraft': ({ id }) => vault.teams(id),
    // One capture budget for the whole extension (limits.ts).
    'keys.capture': (req) => vault.capture(req),
    'backup.export': () => vault.exportBackup(),
    'backup.import': ({ json, passphrase }) => vault.importBackup(json, passphrase),
  };
}

const vault = createVaultService();

export const vaultHandlers: VaultHandlers = createVaultHandlers(vault);

/** Wired to `alarms.onAlarm`: handles `vault.autolock`, ignores other names. */
export function onVaultAlarm(name: string): Promise<void> {
  return vault.onAlarm(name);
}

/** Wired to `idle.onStateChanged`: "active", "idle" or "locked" (vault.onIdleState). */
export function onVaultIdleState(state: string): Promise<void> {
  return vault.onIdleState(state);
}
