#!/usr/bin/env node
/**
 * HTTPS server for the Cloudcraft replica (replica/README.md).
 *
 *   node replica/server.mjs [--port N] [--verbose]
 *
 * Listens on 127.0.0.1 only; prints one JSON line `{"port":N}` on stdout once listening. Chromium
 * reaches it as https://app.cloudcraft.co and https://api.cloudcraft.co through
 * `--host-resolver-rules`, so requests are routed by their Host header. The certificate is
 * self-signed, made at start (CN app.cloudcraft.co, SAN app. and api.cloudcraft.co).
 * Logs (only with --verbose / `log: true`) show method, host, path and status: never request
 * bodies, secrets, or Authorization headers.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import https from 'node:https';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import selfsigned from 'selfsigned';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const APP_HOST = 'app.cloudcraft.co';
export const API_HOST = 'api.cloudcraft.co';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * The account's teams (Cloudcraft API reference: GET /team answers an array of
 * `{id, name, members, role, visible, …}`), the names the replica's forms offer.
 */
export const REPLICA_TEAMS = Object.freeze([
  { id: 'team_eng_0001', name: 'Engineering', members: ['usr_replica_ada_0001'], role: 'admin', visible: true, createdAt: '2025-01-15T10:00:00.000Z', updatedAt: '2026-10-01T08:30:00.000Z' },
  { id: 'team_data_0002', name: 'Data Platform', members: ['usr_replica_ada_0001'], role: 'member', visible: true, createdAt: '2025-02-03T09:00:00.000Z', updatedAt: '2026-09-12T11:00:00.000Z' },
  { id: 'team_sec_0003', name: 'Security', members: [], role: 'member', visible: true, createdAt: '2025-03-20T14:00:00.000Z', updatedAt: '2026-08-01T16:45:00.000Z' },
]);

/** The fake user every valid key authenticates as (Cloudcraft API reference: GET /user/me). */
export const REPLICA_USER = Object.freeze({
  id: 'usr_replica_ada_0001',
  name: 'Ada Replica',
  email: 'ada@replica.test',
  createdAt: '2025-01-15T10:00:00.000Z',
  updatedAt: '2026-10-01T08:30:00.000Z',
  settings: {},
});

/**
 * 32 random bytes as standard base64 (44 characters, "=" at the end: Cloudcraft's key format),
 * drawn again until it holds both "+" and "/" so tests always meet them.
 */
export function randomBase64Key() {
  for (;;) {
    const s = randomBytes(32).toString('base64');
    if (s.includes('+') && s.includes('/')) return s;
  }
}

/** A random base62 string of `length` characters, without modulo bias. */
export function randomBase62(length) {
  let out = '';
  while (out.length < length) {
    for (const b of randomBytes(length * 2)) if (b < 248 && out.length < length) out += BASE62[b % 62];
  }
  return out;
}

const LIBRARY_UIS = ['mui', 'antd', 'chakra', 'mantine', 'radix', 'react-aria', 'headless', 'react-select'];

/**
 * Bundles the app for `ui` in memory (React production build): replica/app/main.tsx for `own`,
 * else an entry that mounts replica/app/libs/<ui>.tsx with mountLibrary. Returns the JS text and
 * the CSS text a library imports ('' when none).
 * @param {string} [ui] 'own' (default) or one of LIBRARY_UIS
 */
export async function bundleApp(ui = 'own') {
  const lib = LIBRARY_UIS.includes(ui) ? ui : null;
  const result = await esbuild.build({
    ...(lib
      ? {
          stdin: {
            contents: `import { mountLibrary } from './libs/LibraryApp';\nimport lib from './libs/${lib}';\nmountLibrary(lib);\n`,
            resolveDir: path.join(HERE, 'app'),
            sourcefile: `${lib}-entry.tsx`,
            loader: 'tsx',
          },
        }
      : { entryPoints: [path.join(HERE, 'app/main.tsx')] }),
    bundle: true,
    write: false,
    outdir: path.join(HERE, 'out'),
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    jsx: 'automatic',
    jsxImportSource: 'react',
    minify: true,
    tsconfig: path.join(HERE, 'tsconfig.json'),
    define: { 'process.env.NODE_ENV': '"production"' },
    loader: { '.woff': 'empty', '.woff2': 'empty', '.ttf': 'empty', '.svg': 'dataurl', '.png': 'dataurl' },
    logLevel: 'silent',
  });
  const of = (ext) => result.outputFiles.find((f) => f.path.endsWith(ext))?.text ?? '';
  return { js: of('.js'), css: of('.css') };
}

/** A self-signed certificate for app. and api.cloudcraft.co (EC P-256, SHA-256, 30 days). */
export async function makeCertificate() {
  const notBeforeDate = new Date(Date.now() - 60_000);
  const notAfterDate = new Date(notBeforeDate.getTime() + 30 * 24 * 3600_000);
  const pems = await selfsigned.generate([{ name: 'commonName', value: APP_HOST }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: APP_HOST }, { type: 2, value: API_HOST }, { type: 7, ip: '127.0.0.1' }] },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

/** The page for `ui` (its bundle's script, and stylesheet when the library ships one). */
const html = (ui, hasCss) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cloudcraft</title>
${hasCss ? `<link rel="stylesheet" href="/__replica/app.css?ui=${ui}">\n` : ''}</head>
<body>
<div id="root"></div>
<script type="module" src="/__replica/app.js?ui=${ui}"></script>
</body>
</html>
`;

// The page's own CSP: realistic for a SaaS app, and it proves the extension does not rely on
// injecting inline scripts into the page.
const APP_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' https://api.cloudcraft.co; frame-ancestors 'none'; base-uri 'none'";

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'Authorization, Content-Type',
  'access-control-max-age': '600',
};

function send(res, status, body, headers = {}) {
  const isString = typeof body === 'string';
  const text = isString ? body : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': isString ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(text);
}

async function readJson(req, limit = 64 * 1024) {
  let size = 0;
  const chunks = [];
  for await (const c of req) {
    size += c.length;
    if (size > limit) throw Object.assign(new Error('Body too large'), { status: 413 });
    chunks.push(c);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null');
  } catch {
    throw Object.assign(new Error('Body is not JSON'), { status: 400 });
  }
}

function validKeyRequest(body) {
  if (!body || typeof body !== 'object') return 'Body must be an object';
  if (typeof body.name !== 'string' || !body.name.trim() || body.name.length > 200) return 'name must be a non-empty string';
  if (body.permission !== 'read' && body.permission !== 'read-write') return 'permission must be "read" or "read-write"';
  if (body.teams !== undefined && (typeof body.teams !== 'object' || body.teams === null)) return 'teams must be an object';
  return null;
}

/**
 * Starts the replica server.
 * @param {{ port?: number, log?: boolean }} [options] port 0 (default) picks a free port; `log` prints one line per request to stderr.
 * @returns {Promise<{ port: number, close(): Promise<void>, keys(): Array<{id: string, name: string, permission: string, teams: object, createdAt: string, secret: string}> }>}
 *   `keys()` lists the keys created in this server's lifetime, secrets included (tests compare them with what the extension captured).
 * @throws when the port is taken or the bundle fails to build (esbuild errors).
 */
export async function startReplica({ port = 0, log = false } = {}) {
  /** Bundles by ui, built on first use (a library's takes a second or two) and kept. */
  const bundles = new Map();
  const bundleFor = (ui) => {
    const key = LIBRARY_UIS.includes(ui) ? ui : 'own';
    if (!bundles.has(key)) bundles.set(key, bundleApp(key));
    return bundles.get(key);
  };
  const [, tls] = await Promise.all([bundleFor('own'), makeCertificate()]);
  /** @type {Map<string, {id: string, name: string, permission: string, teams: object, createdAt: string, secret: string}>} */
  const bySecret = new Map();
  const created = [];

  const server = https.createServer({ ...tls }, async (req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    const url = new URL(req.url ?? '/', 'https://replica.invalid');
    res.on('finish', () => {
      if (log) console.error(`[replica] ${req.method} ${host}${url.pathname} ${res.statusCode}`);
    });
    try {
      if (host === API_HOST) {
        if (req.method === 'OPTIONS') return send(res, 204, '', CORS);
        if (req.method === 'GET' && (url.pathname === '/user/me' || url.pathname === '/team')) {
          const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
          if (!m || !bySecret.has(m[1])) return send(res, 401, { error: 'Unauthorized' }, CORS);
          return send(res, 200, url.pathname === '/team' ? REPLICA_TEAMS.map((t) => ({ ...t })) : { ...REPLICA_USER }, CORS);
        }
        return send(res, 404, { error: 'Not found' }, CORS);
      }
      if (host !== APP_HOST && host !== '127.0.0.1' && host !== 'localhost') {
        return send(res, 421, { error: `Unknown host ${host}` });
      }
      if (url.pathname === '/__replica/keys') {
        if (req.method === 'GET') return send(res, 200, { keys: created });
        if (req.method === 'POST') {
          const body = await readJson(req);
          const problem = validKeyRequest(body);
          if (problem) return send(res, 400, { error: problem });
          const n = Number(url.searchParams.get('secretLength') ?? 40);
          const length = Number.isInteger(n) && n >= 8 && n <= 512 ? n : 40;
          const key = {
            id: randomUUID(),
            name: body.name.trim(),
            permission: body.permission,
            teams: body.teams ?? {},
            createdAt: new Date().toISOString(),
            secret: url.searchParams.get('secretFormat') === 'base64' ? randomBase64Key() : randomBase62(length),
          };
          bySecret.set(key.secret, key);
          created.push(key);
          return send(res, 201, { secret: key.secret, id: key.id, createdAt: key.createdAt });
        }
        return send(res, 405, { error: 'Method not allowed' }, { allow: 'GET, POST' });
      }
      const revoke = /^\/__replica\/keys\/([^/]+)$/.exec(url.pathname);
      if (revoke) {
        // Revoke (as Cloudcraft's "delete key"): /user/me rejects the secret from now on.
        if (req.method !== 'DELETE') return send(res, 405, { error: 'Method not allowed' }, { allow: 'DELETE' });
        const i = created.findIndex((k) => k.id === decodeURIComponent(revoke[1]));
        if (i < 0) return send(res, 404, { error: 'No such key' });
        const [key] = created.splice(i, 1);
        bySecret.delete(key.secret);
        return send(res, 204, '');
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { error: 'Method not allowed' });
      if (url.pathname === '/__replica/app.js' || url.pathname === '/__replica/app.css') {
        const bundle = await bundleFor(url.searchParams.get('ui') ?? 'own');
        const isJs = url.pathname.endsWith('.js');
        res.writeHead(200, { 'content-type': `text/${isJs ? 'javascript' : 'css'}; charset=utf-8`, 'cache-control': 'no-store' });
        return res.end(isJs ? bundle.js : bundle.css);
      }
      if (url.pathname === '/favicon.ico') return send(res, 404, 'Not found');
      // Any other path is the single-page app (so /user/api-keys reloads fine).
      const ui = url.searchParams.get('ui') ?? 'own';
      const bundle = await bundleFor(ui);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': APP_CSP });
      return res.end(html(LIBRARY_UIS.includes(ui) ? ui : 'own', bundle.css !== ''));
    } catch (err) {
      const status = typeof err?.status === 'number' ? err.status : 500;
      if (!res.headersSent) send(res, status, { error: status === 500 ? 'Internal error' : String(err.message) });
      if (status === 500) console.error('[replica] internal error:', err?.message ?? err);
    }
  });
  const sockets = new Set();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : port,
    keys: () => created.map((k) => ({ ...k })),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}

function parseArgs(argv) {
  const opts = { port: 0, log: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--port') opts.port = Number(argv[++i]);
    else if (a.startsWith('--port=')) opts.port = Number(a.slice(7));
    else if (a === '--verbose') opts.log = true;
    else throw new Error(`Unknown argument ${a} (usage: node replica/server.mjs [--port N] [--verbose])`);
  }
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) throw new Error('--port must be 0..65535');
  return opts;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try {
    const replica = await startReplica(parseArgs(process.argv.slice(2)));
    process.stdout.write(`${JSON.stringify({ port: replica.port })}\n`);
    const stop = async () => {
      await replica.close();
      process.exit(0);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  } catch (err) {
    console.error(`replica: ${err?.message ?? err}`);
    process.exit(1);
  }
}
