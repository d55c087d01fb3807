import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../shared/protocol';
import { errorText, pageStrength, reuseFirst, type StrengthModule } from './extension';

describe('reuseFirst', () => {
  it('returns the early promise once, then asks again', async () => {
    let calls = 0;
    const again = async () => ++calls + 100;
    const get = reuseFirst(Promise.resolve(1), again);
    expect(await get()).toBe(1);
    expect(calls).toBe(0);
    expect(await get()).toBe(101);
    expect(await get()).toBe(102);
  });
});

describe('errorText', () => {
  it('turns a raw INVALID_REQUEST summary into a short, friendly sentence; other errors keep their message', () => {
    const raw = 'Invalid "templates.saveUser": × Invalid length: Expected <=100 but received 101\n  → at templates\n× Invalid type\n  → at x';
    expect(errorText(new ProtocolError('INVALID_REQUEST', raw))).toBe('The extension refused this request: Invalid length: Expected <=100 but received 101 (templates)');
    expect(errorText(new ProtocolError('INVALID_REQUEST', 'Invalid "vault.create": × Invalid length: Expected <=1024 but received 1030'))).toBe(
      'The extension refused this request: Invalid length: Expected <=1024 but received 1030',
    );
    expect(errorText(new ProtocolError('LOCKED', 'The vault is locked.'))).toBe('The vault is locked.');
    expect(errorText('x')).toBe('x');
  });
});

describe('pageStrength', () => {
  it('loads the module once, with the dictionaries at the extension URL of zxcvbn/dictionaries.json; a failed load is tried again', async () => {
    const dataUrls: string[] = [];
    let loads = 0;
    const module: StrengthModule = {
      createPageStrength(dataUrl) {
        dataUrls.push(dataUrl);
        return async (p) => ({ score: p.length > 20 ? 4 : 1, acceptable: p.length > 20, reasons: [] });
      },
    };
    const strength = pageStrength(
      (path) => `moz-extension://uuid/${path}`,
      async () => {
        loads++;
        if (loads === 1) throw new Error('offline');
        return module;
      },
    );
    await expect(strength('short')).rejects.toThrow('offline');
    expect(await strength('short')).toEqual({ score: 1, acceptable: false, reasons: [] });
    expect(await strength('a much longer passphrase here')).toEqual({ score: 4, acceptable: true, reasons: [] });
    expect(loads).toBe(2);
    expect(dataUrls).toEqual(['moz-extension://uuid/zxcvbn/dictionaries.json']);
  });
});
