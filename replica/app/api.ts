/** How the replica's create form talks to its server, injectable so happy-dom tests need no server. */
import type { Permission, SecretFormat, TeamAccess } from './variant';

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

/** The shape of the secret to make: base62 of `length` characters, or 44-character base64. */
export interface SecretShape {
  secretLength: number;
  secretFormat: SecretFormat;
}

export interface ReplicaApi {
  createKey(req: CreateKeyRequest, shape: SecretShape): Promise<CreateKeyResponse>;
  /** Revokes a key the server made (its `id`): its secret stops working. */
  deleteKey(id: string): Promise<void>;
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

/**
 * 32 random bytes in standard base64 (44 characters, ending in "="), Cloudcraft's key format. Drawn
 * again until it holds both "+" and "/" (about one draw in four does), so every test key exercises
 * the characters that shells, URLs and naive token patterns mishandle.
 */
export function randomBase64Key(): string {
  for (;;) {
    const bytes = crypto.getRandomValues(new Uint8Array(32));
    const s = btoa(String.fromCharCode(...bytes));
    if (s.includes('+') && s.includes('/')) return s;
  }
}

/** A secret of `shape`. */
export function makeSecret(shape: SecretShape): string {
  return shape.secretFormat === 'base64' ? randomBase64Key() : randomBase62(shape.secretLength);
}

/** Creates keys locally (no server): what unit tests under happy-dom use. */
export const localApi: ReplicaApi = {
  async createKey(_req, shape) {
    return { secret: makeSecret(shape), id: `local-${randomBase62(8)}`, createdAt: new Date().toISOString() };
  },
  async deleteKey() {},
};

/**
 * POSTs to the replica server (`/__replica/keys`, relative to the page, variant query kept so the
 * server picks the secret length). Falls back to `localApi` only when the page is not served over
 * http(s) (happy-dom's about:blank); a server error on a real page is an error.
 */
export const fetchApi: ReplicaApi = {
  async createKey(req, shape) {
    if (typeof location === 'undefined' || !/^https?:$/.test(location.protocol)) return localApi.createKey(req, shape);
    const res = await fetch(`/__replica/keys?secretLength=${shape.secretLength}&secretFormat=${shape.secretFormat}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(req),
    });
    if (!res.ok) throw new Error(`Creating the key failed (HTTP ${res.status})`);
    return (await res.json()) as CreateKeyResponse;
  },
  async deleteKey(id) {
    if (typeof location === 'undefined' || !/^https?:$/.test(location.protocol)) return localApi.deleteKey(id);
    const res = await fetch(`/__replica/keys/${encodeURIComponent(id)}`, { method: 'DELETE' });
    if (!res.ok) throw new Error(`Deleting the key failed (HTTP ${res.status})`);
  },
};
