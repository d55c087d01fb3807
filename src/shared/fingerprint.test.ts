import { describe, expect, it, vi } from 'vitest';
import { clipboardFingerprint, decideClear } from './fingerprint';

describe('clipboardFingerprint', () => {
  it('is the base64 SHA-256 of the UTF-8 text', async () => {
    expect(await clipboardFingerprint('abc')).toBe('ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=');
    expect(await clipboardFingerprint('')).toBe('47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=');
    expect(await clipboardFingerprint('é')).not.toBe(await clipboardFingerprint('e'));
  });
});

describe('decideClear', () => {
  const KEY = 'ccapi_SuperSecretValue_0123456789abcdef';

  it('clears when the clipboard still holds the copied key', async () => {
    expect(await decideClear(await clipboardFingerprint(KEY), async () => KEY)).toBe('clear');
  });

  it("leaves the user's own newer copy (and an emptied clipboard) alone", async () => {
    const fp = await clipboardFingerprint(KEY);
    expect(await decideClear(fp, async () => 'the user copied this afterwards')).toBe('leave');
    expect(await decideClear(fp, async () => `${KEY}\n`)).toBe('leave');
    expect(await decideClear(fp, async () => '')).toBe('leave');
  });

  it('clears unconditionally without a fingerprint (no clipboardRead, option off), without reading', async () => {
    const read = vi.fn(async () => 'anything');
    expect(await decideClear(null, read)).toBe('clear');
    expect(read).not.toHaveBeenCalled();
  });

  it('clears when the clipboard cannot be read (permission revoked, read refused)', async () => {
    const fp = await clipboardFingerprint(KEY);
    expect(await decideClear(fp, async () => null)).toBe('clear');
    expect(await decideClear(fp, () => Promise.reject(new Error('NotAllowedError')))).toBe('clear');
  });
});
