import { describe, expect, it } from 'vitest';
import { fetchTeams, TEAMS_URL, testApiKey, USER_ME_URL } from './api-test';

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
    expect(await testApiKey('cc-secret-x', fakeFetch(200, 'null').impl)).toEqual({ status: 'network-error', message: 'Cloudcraft answered with something that is not JSON.' });
  });
});

describe('fetchTeams', () => {
  it('asks GET https://api.cloudcraft.co/team with the key as Bearer, no cookies, no redirects, and returns the names', async () => {
    const f = fakeFetch(200, [
      { id: 't1', name: 'Engineering', members: ['u1'], role: 'admin', visible: true },
      { id: 't2', name: '  Data Platform ' },
      { id: 't3', name: 42 },
      { id: 't4' },
      { id: 't5', name: 'Engineering' },
      { id: 't6', name: 'Sales Ops' },
    ]);
    expect(await fetchTeams('cc-secret+/=0123456789', f.impl)).toEqual({ status: 'ok', teams: ['Engineering', 'Data Platform', 'Sales Ops'] });
    expect(f.calls).toHaveLength(1);
    expect(f.calls[0]!.url).toBe('https://api.cloudcraft.co/team');
    expect(TEAMS_URL).toBe('https://api.cloudcraft.co/team');
    expect(f.calls[0]!.init).toMatchObject({
      method: 'GET',
      headers: { Authorization: 'Bearer cc-secret+/=0123456789', Accept: 'application/json' },
      credentials: 'omit',
      cache: 'no-store',
      redirect: 'error',
      referrerPolicy: 'no-referrer',
    });
    expect(f.calls[0]!.init.body).toBeUndefined();
  });

  it('keeps at most 200 names of at most 200 characters each, in Cloudcraft\'s order', async () => {
    const many = Array.from({ length: 250 }, (_, i) => ({ id: `t${i}`, name: `team-${String(i).padStart(3, '0')}` }));
    const r = await fetchTeams('k', fakeFetch(200, [{ id: 'long', name: 'x'.repeat(300) }, ...many]).impl);
    expect(r.status === 'ok' && [r.teams.length, r.teams[0]!.length, r.teams[1], r.teams[199]]).toEqual([200, 200, 'team-000', 'team-198']);
  });

  it.each([401, 403])('%i: rejected', async (status) => {
    expect(await fetchTeams('k', fakeFetch(status, { error: 'Unauthorized' }).impl)).toEqual({ status: 'rejected', httpStatus: status });
  });

  it.each([404, 429, 500])('%i: http-error', async (status) => {
    expect(await fetchTeams('k', fakeFetch(status).impl)).toEqual({ status: 'http-error', httpStatus: status });
  });

  it('network down, a timeout, and answers that are not a list of teams: network errors that never include the key', async () => {
    const down = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    const slow = ((_: string, init: RequestInit) =>
      new Promise((_resolve, reject) => init.signal!.addEventListener('abort', () => reject(init.signal!.reason as Error)))) as unknown as typeof fetch;
    const results = [
      await fetchTeams('cc-secret-x', down),
      await fetchTeams('cc-secret-x', slow, 20),
      await fetchTeams('cc-secret-x', fakeFetch(200, 'not json').impl),
      await fetchTeams('cc-secret-x', fakeFetch(200, { teams: [] }).impl),
    ];
    expect(results).toEqual([
      { status: 'network-error', message: 'Could not reach api.cloudcraft.co.' },
      { status: 'network-error', message: 'Cloudcraft did not answer in time.' },
      { status: 'network-error', message: 'Cloudcraft answered with something that is not JSON.' },
      { status: 'network-error', message: 'Cloudcraft answered with something that is not a list of teams.' },
    ]);
    expect(JSON.stringify(results)).not.toContain('cc-secret-x');
  });
});
