import { describe, expect, it, vi } from 'vitest';
import type { ApplyResult } from '../shared/protocol';
import { BUILTIN_TEMPLATES } from '../shared/templates';
import { isOwnExtensionPage } from '../shared/senderPolicy';
import { createContentListener } from './messaging';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${ID}`;
const POPUP = { id: ID, url: `${ORIGIN}/src/popup/index.html` };
const RESULT: ApplyResult = { ok: true, saved: false, fields: [{ field: 'name', status: 'set', detail: '' }] };

const DELETED = { deleted: true, steps: ['The key is no longer in Cloudcraft\'s list: deleted.'] };

function listener() {
  const apply = vi.fn(async () => RESULT);
  const deleteKey = vi.fn(async () => DELETED);
  const l = createContentListener({ getState: () => ({ kind: 'keys-list', listed: [{ name: 'a', created: '2026-12-01' }], existingNames: ['a'] }), apply, deleteKey }, { extensionId: ID, extensionOrigin: ORIGIN });
  return { l, apply, deleteKey };
}
const applyMsg = { type: 'page.apply', data: { template: BUILTIN_TEMPLATES[0], name: 'k', save: false } };

describe('content listener', () => {
  it('routes page.deleteKey with its validated payload, and refuses a bad one', async () => {
    const { l, deleteKey } = listener();
    expect(await l({ type: 'page.deleteKey', data: { name: ' k ', createdAt: 1_700_000_000_000 } }, POPUP)).toEqual({ ok: true, data: DELETED });
    expect(deleteKey).toHaveBeenCalledWith({ name: 'k', createdAt: 1_700_000_000_000 });
    expect(await l({ type: 'page.deleteKey', data: { name: 'k', createdAt: -1 } }, POPUP)).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(deleteKey).toHaveBeenCalledTimes(1);
  });

  it('answers the popup', async () => {
    const { l, apply } = listener();
    expect(await l({ type: 'page.getState' }, POPUP)).toEqual({ ok: true, data: { kind: 'keys-list', listed: [{ name: 'a', created: '2026-12-01' }], existingNames: ['a'] } });
    expect(await l(applyMsg, POPUP)).toEqual({ ok: true, data: RESULT });
    expect(apply).toHaveBeenCalledWith({ template: BUILTIN_TEMPLATES[0], name: 'k', save: false, rotatedFrom: null });
  });

  it.each([
    ['another extension', { id: 'other', url: `chrome-extension://other/popup.html` }],
    ['a spoofed origin', { id: ID, url: `chrome-extension://${ID}.evil.example/popup.html` }],
    ['a tab (content script or page)', { id: ID, url: 'https://app.cloudcraft.co/', tab: { id: 3 } }],
    ['our page loaded in a tab', { id: ID, url: `${ORIGIN}/src/popup/index.html`, tab: { id: 4 } }],
    ['no url', { id: ID }],
  ])('refuses %s', async (_, sender) => {
    const { l, apply } = listener();
    expect(await l(applyMsg, sender)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(apply).not.toHaveBeenCalled();
    expect(isOwnExtensionPage(sender, ID, ORIGIN)).toBe(false);
  });

  it('validates payloads and leaves other messages alone', async () => {
    const { l, apply } = listener();
    expect(await l({ type: 'page.apply', data: { name: '' } }, POPUP)).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(l({ type: 'keys.capture', data: {} }, POPUP)).toBeUndefined();
    expect(l('hello', POPUP)).toBeUndefined();
    expect(apply).not.toHaveBeenCalled();
  });

  it('turns a thrown error into an error reply without its text', async () => {
    const l = createContentListener(
      { getState: () => ({ kind: 'no-ui' }), apply: async () => Promise.reject(new TypeError('secret detail')), deleteKey: async () => DELETED },
      { extensionId: ID, extensionOrigin: ORIGIN },
    );
    expect(await l(applyMsg, POPUP)).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'Something went wrong inside the extension. Try again; if it keeps happening, reload the extension.' },
    });
  });
});
