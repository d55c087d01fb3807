import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from '@webext-core/fake-browser';
import { createRouter, type Handlers } from '../../shared/router';
import { createVaultHandlers } from './handlers';
import { createVaultService } from './vault';
import { diskStrength } from '../../test/strength';

vi.mock('../../shared/browser', () => ({ browser: fakeBrowser }));

const ID = fakeBrowser.runtime.id;
const ORIGIN = `chrome-extension://${ID}`;
const popup = { id: ID, url: `${ORIGIN}/src/popup/index.html` };
const cloudcraftTab = { id: ID, url: 'https://app.cloudcraft.co/app/blueprint/x', origin: 'https://app.cloudcraft.co', tab: { id: 7 }, frameId: 0 };

beforeEach(() => fakeBrowser.reset());

describe('vault handlers behind the router', () => {
  const handlers: Partial<Handlers> = createVaultHandlers(createVaultService({ iterations: 1_000, minIterations: 1_000, strength: diskStrength }));
  const route = createRouter(handlers, { extensionId: ID, extensionOrigin: ORIGIN });
  const send = (type: string, data: unknown, sender: object) => route({ type, data }, sender);

  it('content script captures; only extension pages list and reveal', async () => {
    expect(await send('vault.create', { passphrase: 'short' }, popup)).toMatchObject({ ok: false, error: { code: 'WEAK_PASSPHRASE' } });
    expect(await send('vault.create', { passphrase: 'a good long passphrase' }, popup)).toEqual({ ok: true, data: { state: 'unlocked' } });
    const capture = { secret: 'secret-value-123456', name: 'k', permission: 'read', teams: [], templateId: null, templateLabel: null, capturedAt: 1 };
    const captured = (await send('keys.capture', capture, cloudcraftTab)) as { ok: true; data: { id: string } };
    expect(captured.ok).toBe(true);
    expect(await send('keys.capture', capture, popup)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await send('keys.list', {}, cloudcraftTab)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await send('keys.reveal', { id: captured.data.id }, cloudcraftTab)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await send('keys.reveal', { id: captured.data.id }, popup)).toEqual({ ok: true, data: { secret: 'secret-value-123456' } });
    expect(await send('vault.unlock', { passphrase: 'wrong passphrase!!' }, popup)).toEqual({
      ok: false,
      error: { code: 'WRONG_PASSPHRASE', message: 'Wrong passphrase.' },
    });
  });

  it('keys.capture has one budget for the whole extension: the 11th within a minute is RATE_LIMITED, from tab 7 or tab 8', async () => {
    expect(await send('vault.create', { passphrase: 'a good long passphrase' }, popup)).toMatchObject({ ok: true });
    const capture = { secret: 'secret-value-123456', name: 'k', permission: 'read', teams: [], templateId: null, templateLabel: null, capturedAt: 1 };
    for (let i = 0; i < 10; i++) expect(await send('keys.capture', capture, cloudcraftTab)).toMatchObject({ ok: true });
    expect(await send('keys.capture', capture, cloudcraftTab)).toEqual({
      ok: false,
      error: { code: 'RATE_LIMITED', message: expect.stringMatching(/^Not saved: more than 10 keys were captured within a minute\. Copy this key from Cloudcraft now, or try again in \d+ s\.$/) },
    });
    expect(await send('keys.capture', capture, { ...cloudcraftTab, tab: { id: 8 } })).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
  });
});

