import { describe, expect, it } from 'vitest';
import { ProtocolError, type Envelope } from '../shared/messages';
import { errorText, reuseFirst, withEarlyReplies } from './extension';

describe('withEarlyReplies', () => {
  it('sends the listed requests at once and hands each reply to the first matching call only', async () => {
    const sent: Envelope[] = [];
    let n = 0;
    const transport = withEarlyReplies(
      async (m) => {
        sent.push(m);
        return { ok: true, data: { n: ++n, type: m.type } };
      },
      ['vault.status', 'templates.list'],
    );
    expect(sent).toEqual([
      { type: 'vault.status', data: {} },
      { type: 'templates.list', data: {} },
    ]);
    expect(await transport({ type: 'templates.list', data: {} })).toEqual({ ok: true, data: { n: 2, type: 'templates.list' } });
    expect(sent).toHaveLength(2);
    // Used once: the next call is a fresh request.
    expect(await transport({ type: 'templates.list', data: {} })).toEqual({ ok: true, data: { n: 3, type: 'templates.list' } });
    // A call with data never takes an early reply.
    expect(await transport({ type: 'vault.status', data: { x: 1 } })).toEqual({ ok: true, data: { n: 4, type: 'vault.status' } });
    expect(await transport({ type: 'vault.status', data: {} })).toEqual({ ok: true, data: { n: 1, type: 'vault.status' } });
    expect(sent.map((m) => m.type)).toEqual(['vault.status', 'templates.list', 'templates.list', 'vault.status']);
  });

  it('drops unused early replies once a request that changes state is sent', async () => {
    const answers: Record<string, unknown> = { 'keys.list': { ok: false, error: { code: 'LOCKED', message: 'locked' } } };
    const sent: string[] = [];
    const transport = withEarlyReplies(
      async (m) => {
        sent.push(m.type);
        return answers[m.type] ?? { ok: true, data: {} };
      },
      ['keys.list'],
      ['keys.list', 'vault.touch'],
    );
    await transport({ type: 'vault.touch', data: {} }); // read-only: the early reply stays
    await transport({ type: 'vault.unlock', data: { passphrase: 'x' } }); // changes state: dropped
    answers['keys.list'] = { ok: true, data: { keys: [], broken: [] } };
    expect(await transport({ type: 'keys.list', data: {} })).toEqual({ ok: true, data: { keys: [], broken: [] } });
    expect(sent).toEqual(['keys.list', 'vault.touch', 'vault.unlock', 'keys.list']);
  });

  it('keeps an early failure for its caller without an unhandled rejection', async () => {
    const transport = withEarlyReplies(() => Promise.reject(new Error('gone')), ['keys.list']);
    await expect(transport({ type: 'keys.list', data: {} })).rejects.toThrow('gone');
  });
});

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
