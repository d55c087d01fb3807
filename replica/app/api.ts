/** How the replica's create form talks to its server, injectable so happy-dom tests need no server. */
import type { Permission, TeamAccess } from './variant';

export interface CreateKeyRequest {
  name: string;
  permission: Permission;
  teams: Record<string, TeamAccess>;
}

export interface CreateKeyResponse {
  /** The one-time secret. */
  secret: string;
  id: string;
  /** ISO 8601 */
  createdAt: string;
}

export interface ReplicaApi {
  createKey(req: CreateKeyRequest, secretLength: number): Promise<CreateKeyResponse>;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A random base62 string of `length` characters (rejection sampling, no modulo bias). */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    const bytes = crypto.getRandomValues(new Uint8Array(length * 2));
    for (const b of bytes) {
      if (b < 248 && out.length < length) out += BASE62[b % 62];
    }
  }
  return out;
}

/** Creates keys locally (no server): what unit tests under happy-dom use. */
export const localApi: ReplicaApi = {
  async createKey(_req, secretLength) {
    return { secret: randomBase62(secretLength), id: `local-${randomBase62(8)}`, createdAt: new Date().toISOString() };
  },
};

/**
 * POSTs to the replica server (`/__replica/keys`, relative to the page, variant query kept so the
 * server picks the secret length). Falls back to `localApi` only when the page is not served over
 * http(s) (happy-dom's about:blank); a server error on a real page is an error.
 */
export const fetchApi: ReplicaApi = {
  async createKey(req, secretLength) {
    if (typeof location === 'undefined' || !/^https?:$/.test(location.protocol)) return localApi.createKey(req, secretLength);
    const res = await fetch(`/__replica/keys?secretLength=${secretLength}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(req),
    });
    if (!res.ok) throw new Error(`Creating the key failed (HTTP ${res.status})`);
    return (await res.json()) as CreateKeyResponse;
  },
};
