/**
 * `keys.test`: asks Cloudcraft who a key belongs to (API reference: GET /user/me with
 * `Authorization: Bearer <key>`). Nothing else is sent: no cookies, no referrer, no redirects
 * followed (a redirect could carry the header elsewhere). Errors never include the key.
 */
import { t } from '../shared/i18n';
import type { CloudcraftFailure, KeyTestResult, TeamsResult, Verification } from '../shared/protocol';

export const USER_ME_URL = 'https://api.cloudcraft.co/user/me';
export const TEAMS_URL = 'https://api.cloudcraft.co/team';
/** The popup's Test button waits this long (ms) for Cloudcraft. */
const TIMEOUT_MS = 15_000;
/** A capture's verification waits at most this long (ms) before confirming the key as unverified. */
export const VERIFY_TIMEOUT_MS = 5_000;


/**
 * One `GET url` with `secret` as the bearer token, and nothing else: no cookies, no referrer, no
 * cache, no redirect followed. Resolves with the parsed JSON body of a 2xx answer, or the failure:
 * rejected (401/403 only: the key itself is refused), http-error (any other status: 429, 5xx, an
 * unexpected 404, which say nothing about the key), network-error (offline, `timeoutMs` passed, a
 * body that is not JSON). Never throws; no message includes the key.
 */
async function getJson(url: string, secret: string, fetchImpl: typeof fetch, timeoutMs: number): Promise<{ body: unknown } | CloudcraftFailure> {
  let res: Response;
  try {
    res = await fetchImpl(url, {
      method: 'GET',
      headers: { Authorization: `Bearer ${secret}`, Accept: 'application/json' },
      credentials: 'omit',
      cache: 'no-store',
      redirect: 'error',
      referrerPolicy: 'no-referrer',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
    return { status: 'network-error', message: timedOut ? t('errCloudcraftTimeout') : t('errCloudcraftUnreachable') };
  }
  if (res.status === 401 || res.status === 403) return { status: 'rejected', httpStatus: res.status };
  if (!res.ok) return { status: 'http-error', httpStatus: res.status };
  try {
    return { body: (await res.json()) as unknown };
  } catch {
    return { status: 'network-error', message: t('errCloudcraftNotJson') };
  }
}

/**
 * `GET /user/me` with `secret` as the bearer token, one request.
 * @param timeoutMs how long to wait for the answer (default 15 s); a timeout is a network-error result
 * @returns ok (200, with the account's name and email), rejected (401/403), http-error (any other
 *   status: 429, 5xx…) or network-error. Never throws.
 */
export async function testApiKey(secret: string, fetchImpl: typeof fetch = fetch, timeoutMs = TIMEOUT_MS): Promise<KeyTestResult> {
  const r = await getJson(USER_ME_URL, secret, fetchImpl, timeoutMs);
  if (!('body' in r)) return r;
  // JSON `null` has no name to read: not the account Cloudcraft describes (as before getJson).
  if (r.body === null) return { status: 'network-error', message: t('errCloudcraftNotJson') };
  const body = r.body as { name?: unknown; email?: unknown };
  const str = (x: unknown) => (typeof x === 'string' ? x.slice(0, 200) : '');
  return { status: 'ok', name: str(body.name), email: str(body.email) };
}

/**
 * A capture's mark from a `testApiKey` result: 200 → verified; 401/403 → rejected (the captured text
 * is not a working key); anything else (offline, timeout, 429, 5xx) → unverified, since none of
 * those says the key is bad.
 */
export function verificationOf(r: KeyTestResult): Verification {
  return r.status === 'ok' ? 'verified' : r.status === 'rejected' ? 'rejected' : 'unverified';
}

/**
 * The account's team names: `GET /team` with `secret` as the bearer token (API reference: an array
 * of `{id, name, members, role, visible, …}`), one request, the same hygiene as `testApiKey`.
 * @param timeoutMs default 15 s
 * @returns ok with the names (deduplicated, trimmed, at most 200 characters each, at most 200 of
 *   them, in Cloudcraft's order), rejected (401/403), http-error, or network-error (also for an
 *   answer that is not such an array). Never throws.
 */
export async function fetchTeams(secret: string, fetchImpl: typeof fetch = fetch, timeoutMs = TIMEOUT_MS): Promise<TeamsResult> {
  const r = await getJson(TEAMS_URL, secret, fetchImpl, timeoutMs);
  if (!('body' in r)) return r;
  if (!Array.isArray(r.body)) return { status: 'network-error', message: t('errCloudcraftNotTeams') };
  const names = r.body
    .map((x: unknown) => (typeof x === 'object' && x !== null && typeof (x as { name?: unknown }).name === 'string' ? (x as { name: string }).name.trim().slice(0, 200) : ''))
    .filter(Boolean);
  return { status: 'ok', teams: [...new Set(names)].slice(0, 200) };
}
