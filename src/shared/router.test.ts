import { describe, expect, it, vi } from 'vitest';
import { ProtocolError, request, unwrap } from './protocol';
import { createRouter, type Handlers } from './router';
import type { SenderInfo } from './senderPolicy';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${ID}`;
const popup: SenderInfo = { id: ID, url: `${ORIGIN}/src/popup/index.html`, origin: ORIGIN };
const content: SenderInfo = { id: ID, url: 'https://app.cloudcraft.co/app/blueprint/1', origin: 'https://app.cloudcraft.co', tab: { id: 3 }, frameId: 0 };

describe('createRouter', () => {
  const handlers: Partial<Handlers> = {
    'vault.status': async () => ({ state: 'locked', keyCount: 0 }),
    'keys.capture': async () => ({ id: 'new-id', verification: 'verified' as const }),
    'keys.reveal': async () => {
      throw new ProtocolError('LOCKED', 'The vault is locked.');
    },
    'vault.unlock': async ({ passphrase }) => {
      throw new Error(`boom ${passphrase}`);
    },
  };
  const route = createRouter(handlers, { extensionId: ID, extensionOrigin: ORIGIN });
  const capture = { secret: 'secret-value-1', name: 'n', permission: 'read', teams: [], templateId: null, templateLabel: null, capturedAt: 1 };

  it('routes allowed senders and validates payloads', async () => {
    expect(await route({ type: 'vault.status' }, popup)).toEqual({ ok: true, data: { state: 'locked', keyCount: 0 } });
    expect(await route({ type: 'keys.capture', data: capture }, content)).toEqual({ ok: true, data: { id: 'new-id', verification: 'verified' } });
    expect(await route({ type: 'keys.capture', data: { ...capture, secret: 'x' } }, content)).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(await route({ type: 'keys.capture', data: { ...capture, permission: 'admin' } }, content)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST' },
    });
  });

  it('refuses a sender not allowed for the message, and spoofed senders for all', async () => {
    expect(await route({ type: 'vault.status' }, content)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await route({ type: 'keys.capture', data: capture }, popup)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const evil = { ...content, url: 'https://app.cloudcraft.co.evil.example/', origin: 'https://app.cloudcraft.co.evil.example' };
    const spy = vi.fn(async () => ({ id: 'x', verification: 'verified' as const }));
    const r2 = createRouter({ 'keys.capture': spy }, { extensionId: ID, extensionOrigin: ORIGIN });
    expect(await r2({ type: 'keys.capture', data: capture }, evil)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(spy).not.toHaveBeenCalled();
  });

  it('returns errors as errors, hiding unexpected error text', async () => {
    expect(await route({ type: 'keys.reveal', data: { id: 'a' } }, popup)).toEqual({ ok: false, error: { code: 'LOCKED', message: 'The vault is locked.' } });
    const reply = await route({ type: 'vault.unlock', data: { passphrase: 'hunter2-secret' } }, popup);
    expect(reply).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(reply)).not.toContain('hunter2');
  });

  it('ignores non-envelopes and offscreen messages, rejects unknown types', async () => {
    expect(route('hello', popup)).toBeUndefined();
    expect(route({ type: 'offscreen.copy' }, popup)).toBeUndefined();
    expect(await route({ type: 'nope' }, popup)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_MESSAGE' } });
    expect(await route({ type: 'keys.delete', data: { id: 'a' } }, popup)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_MESSAGE' } });
  });

  it('request/unwrap turn replies back into data or ProtocolErrors', async () => {
    const transport = (m: { type: string; data?: unknown }) => Promise.resolve(route(m, popup));
    expect(await request(transport, 'vault.status', {})).toEqual({ state: 'locked', keyCount: 0 });
    await expect(request(transport, 'keys.reveal', { id: 'a' })).rejects.toMatchObject({ code: 'LOCKED' });
    expect(() => unwrap(undefined)).toThrow(ProtocolError);
  });
});
