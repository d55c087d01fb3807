import { describe, expect, it } from 'vitest';
import { DecryptError, PBKDF2_ITERATIONS, PassphraseEnvelopeSchema, openWithPassphrase, sealWithPassphrase } from './envelope';
import { fromBase64, toBase64, utf8, fromUtf8 } from './encoding';
import { generateVaultKeyPair, importPrivateKey, openSealed, seal } from './sealing';
import * as v from 'valibot';

const FAST = 1_000;
const aad = utf8('context');

function flip(b64: string, index: number): string {
  const bytes = fromBase64(b64);
  bytes[index < 0 ? bytes.length + index : index]! ^= 0x01;
  return toBase64(bytes);
}

describe('encoding', () => {
  it('round-trips bytes and rejects non-base64', () => {
    const bytes = crypto.getRandomValues(new Uint8Array(65_536));
    expect(fromBase64(toBase64(bytes))).toEqual(bytes);
    expect(() => fromBase64('not base64!')).toThrow();
    expect(() => fromBase64('abc')).toThrow();
  });
});

describe('passphrase envelope', () => {
  it('round-trips and has the documented shape', async () => {
    const env = await sealWithPassphrase(utf8('top secret value'), 'correct horse battery', aad, FAST);
    expect(v.is(PassphraseEnvelopeSchema, env)).toBe(true);
    expect(env).toMatchObject({ version: 1, cipher: 'AES-256-GCM', kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations: FAST } });
    expect(fromBase64(env.kdf.salt)).toHaveLength(16);
    expect(fromBase64(env.iv)).toHaveLength(12);
    expect(fromBase64(env.ciphertext)).toHaveLength('top secret value'.length + 16);
    expect(JSON.stringify(env)).not.toContain('top secret');
    expect(fromUtf8(await openWithPassphrase(env, 'correct horse battery', aad, FAST))).toBe('top secret value');
  });

  it('uses a fresh salt and iv each time', async () => {
    const a = await sealWithPassphrase(utf8('x'), 'p', aad, FAST);
    const b = await sealWithPassphrase(utf8('x'), 'p', aad, FAST);
    expect(a.kdf.salt).not.toBe(b.kdf.salt);
    expect(a.iv).not.toBe(b.iv);
  });

  it('defaults to 600,000 iterations (OWASP 2023) and opens with the stored count', async () => {
    expect(PBKDF2_ITERATIONS).toBeGreaterThanOrEqual(600_000);
    const env = await sealWithPassphrase(utf8('x'), 'a long passphrase', aad);
    expect(env.kdf.iterations).toBe(PBKDF2_ITERATIONS);
    const t0 = performance.now();
    expect(fromUtf8(await openWithPassphrase(env, 'a long passphrase', aad, FAST))).toBe('x');
    process.stdout.write(`PBKDF2 ${PBKDF2_ITERATIONS} iterations + open: ${(performance.now() - t0).toFixed(0)} ms\n`);
  });

  it('fails with one message for wrong passphrase, wrong context, tamper, or bad shape', async () => {
    const env = await sealWithPassphrase(utf8('secret'), 'right one', aad, FAST);
    const attempts: (() => Promise<unknown>)[] = [
      () => openWithPassphrase(env, 'wrong one', aad, FAST),
      () => openWithPassphrase(env, 'right one', utf8('other context'), FAST),
      () => openWithPassphrase({ ...env, iv: flip(env.iv, 0) }, 'right one', aad, FAST),
      () => openWithPassphrase({ ...env, ciphertext: flip(env.ciphertext, 0) }, 'right one', aad, FAST),
      () => openWithPassphrase({ ...env, ciphertext: flip(env.ciphertext, -1) }, 'right one', aad, FAST),
      () => openWithPassphrase({ ...env, kdf: { ...env.kdf, salt: flip(env.kdf.salt, 3) } }, 'right one', aad, FAST),
      () => openWithPassphrase({ ...env, kdf: { ...env.kdf, iterations: FAST + 1 } }, 'right one', aad, FAST),
      () => openWithPassphrase({ ...env, kdf: { ...env.kdf, iterations: 1e12 } }, 'right one', aad, FAST),
      () => openWithPassphrase({ ...env, version: 2 }, 'right one', aad, FAST),
      () => openWithPassphrase('garbage', 'right one', aad, FAST),
    ];
    for (const a of attempts) {
      const err = await a().then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(DecryptError);
      expect((err as Error).message).toBe('Cannot decrypt.');
    }
  });

  it('normalizes the passphrase (NFC)', async () => {
    const env = await sealWithPassphrase(utf8('x'), 'caf\u00e9 au lait!', aad, FAST);
    expect(fromUtf8(await openWithPassphrase(env, 'cafe\u0301 au lait!', aad, FAST))).toBe('x');
  });
});

describe('sealing to the vault public key', () => {
  it('seals without the private key and opens with it; tamper and wrong metadata fail', async () => {
    const { publicKey, privateKeyPkcs8 } = await generateVaultKeyPair();
    const priv = await importPrivateKey(privateKeyPkcs8);
    const box = await seal(utf8('api-key-123'), publicKey, aad);
    expect(fromBase64(box.epk)).toHaveLength(65);
    expect(fromBase64(box.iv)).toHaveLength(12);
    expect(fromUtf8(await openSealed(box, priv, publicKey, aad))).toBe('api-key-123');
    await expect(openSealed(box, priv, publicKey, utf8('other metadata'))).rejects.toBeInstanceOf(DecryptError);
    await expect(openSealed({ ...box, iv: flip(box.iv, 5) }, priv, publicKey, aad)).rejects.toBeInstanceOf(DecryptError);
    await expect(openSealed({ ...box, ciphertext: flip(box.ciphertext, 2) }, priv, publicKey, aad)).rejects.toBeInstanceOf(DecryptError);
    await expect(openSealed({ ...box, ciphertext: flip(box.ciphertext, -1) }, priv, publicKey, aad)).rejects.toBeInstanceOf(DecryptError);
    const other = await generateVaultKeyPair();
    await expect(openSealed(box, await importPrivateKey(other.privateKeyPkcs8), other.publicKey, aad)).rejects.toBeInstanceOf(DecryptError);
  });
});
