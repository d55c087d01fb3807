import { describe, expect, it } from 'vitest';
import { testApiKey, USER_ME_URL } from './api-test';

/** A fake fetch answering `status` with `body`, recording what it was asked. */
function fakeFetch(status: number, body: unknown = {}) {
  const calls: { url: string; init: RequestInit }[] = [];
  const impl = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }) as unknown as typeof fetch;
  return { impl, calls };
}

describe('testApiKey', () => {
  it('asks GET /user/me with the key as Bearer, no cookies, no redirects, and reports who it is', async () => {
    const f = fakeFetch(200, { name: 'Ada Replica', email: 'ada@replica.test', extra: 1 });
    expect(await testApiKey('cc-secret-0123456789', f.impl)).toEqual({ status: 'ok', name: 'Ada Replica', email: 'ada@replica.test' });
    expect(f.calls).toHaveLength(1);
    expect(f.calls[0]!.url).toBe(USER_ME_URL);
    expect(f.calls[0]!.init).toMatchObject({
      method: 'GET',
      headers: { Authorization: 'Bearer cc-secret-0123456789', Accept: 'application/json' },
      credentials: 'omit',
      redirect: 'error',
      referrerPolicy: 'no-referrer',
    });
  });

  it.each([401, 403])('%i: rejected', async (status) => {
    expect(await testApiKey('k', fakeFetch(status).impl)).toEqual({ status: 'rejected', httpStatus: status });
  });

  it.each([404, 429, 500, 503])('%i: http-error, not "rejected"', async (status) => {
    expect(await testApiKey('k', fakeFetch(status).impl)).toEqual({ status: 'http-error', httpStatus: status });
  });

  it('network failure and non-JSON answers are network errors that never include the key', async () => {
    const failing = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    expect(await testApiKey('cc-secret-x', failing)).toEqual({ status: 'network-error', message: 'Could not reach api.cloudcraft.co.' });
    expect(await testApiKey('cc-secret-x', fakeFetch(200, 'not json').impl)).toEqual({ status: 'network-error', message: 'Cloudcraft answered with something that is not JSON.' });
  });
});
