import { describe, expect, it, vi } from 'vitest';
import { ProtocolError, classifySender, createRouter, request, unwrap, type Handlers, type SenderInfo } from './messages';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${ID}`;
const popup: SenderInfo = { id: ID, url: `${ORIGIN}/src/popup/index.html`, origin: ORIGIN };
const content: SenderInfo = { id: ID, url: 'https://app.cloudcraft.co/app/blueprint/1', origin: 'https://app.cloudcraft.co', tab: { id: 3 }, frameId: 0 };

describe('classifySender', () => {
  it('accepts our extension pages and our content script on app.cloudcraft.co', () => {
    expect(classifySender(popup, ID, ORIGIN)).toBe('extension');
    expect(classifySender({ id: ID, url: `${ORIGIN}/src/offscreen/index.html` }, ID, ORIGIN)).toBe('extension');
    expect(classifySender(content, ID, ORIGIN)).toBe('content');
    expect(classifySender({ ...content, origin: undefined }, ID, ORIGIN)).toBe('content');
    const fx = 'moz-extension://0f334731-19e3-42f8-85e2-03dbf50026df';
    expect(classifySender({ id: 'helper@example.org', url: `${fx}/popup.html` }, 'helper@example.org', fx)).toBe('extension');
  });

  const spoofs: [string, SenderInfo][] = [
    ['chrome-extension://<id>.evil.example', { id: ID, url: `chrome-extension://${ID}.evil.example/popup.html` }],
    ['chrome-extension://<id>@evil', { id: ID, url: `chrome-extension://${ID}@evil.example/popup.html` }],
    ['an id prefix', { id: ID, url: `chrome-extension://${ID}x/popup.html` }],
    ['another extension id', { id: 'otherextensionidotherextensionid', url: 'chrome-extension://otherextensionidotherextensionid/p.html' }],
    ['another extension claiming our URL', { id: 'otherextensionidotherextensionid', url: popup.url }],
    ['no id', { url: popup.url }],
    ['our URL but a foreign sender.origin', { ...popup, origin: 'https://evil.example' }],
    ['http://app.cloudcraft.co', { ...content, url: 'http://app.cloudcraft.co/app', origin: 'http://app.cloudcraft.co' }],
    ['https://app.cloudcraft.co.evil.example', { ...content, url: 'https://app.cloudcraft.co.evil.example/app', origin: 'https://app.cloudcraft.co.evil.example' }],
    ['userinfo trick', { ...content, url: 'https://app.cloudcraft.co@evil.example/app', origin: 'https://evil.example' }],
    ['another port', { ...content, url: 'https://app.cloudcraft.co:8443/app', origin: 'https://app.cloudcraft.co:8443' }],
    ['another Cloudcraft host', { ...content, url: 'https://www.cloudcraft.co/', origin: 'https://www.cloudcraft.co' }],
    ['a subframe', { ...content, frameId: 2 }],
    ['not in a tab', { ...content, tab: undefined }],
    ['page origin mismatch (sandboxed or about:blank frame)', { ...content, origin: 'null' }],
    ['page origin elsewhere', { ...content, origin: 'https://evil.example' }],
    ['a data: URL', { ...content, url: 'data:text/html,hi', origin: undefined }],
    ['no URL', { id: ID, tab: { id: 1 }, frameId: 0 }],
  ];
  for (const [what, sender] of spoofs) {
    it(`refuses ${what}`, () => {
      expect(classifySender(sender, ID, ORIGIN)).toBeNull();
    });
  }

  it('never matches opaque origins to each other', () => {
    expect(classifySender({ id: ID, url: 'data:text/html,x' }, ID, 'null')).toBeNull();
    expect(classifySender({ id: ID, url: 'chrome-extension://other/x' }, ID, 'null')).toBeNull();
    expect(classifySender({ id: ID, url: `${ORIGIN}/x` }, ID, '')).toBeNull();
    expect(classifySender({ id: '', url: `${ORIGIN}/x` }, '', ORIGIN)).toBeNull();
  });
});

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
