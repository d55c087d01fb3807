import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../shared/protocol';
import { errorText, reuseFirst } from './extension';

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
