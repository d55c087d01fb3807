/**
 * The passphrase envelope: the one small file that turns a passphrase into a key and wraps bytes.
 *
 * Passphrase → key-encryption key (KEK) with PBKDF2-HMAC-SHA256 over a 16-byte random salt, then
 * AES-256-GCM with a fresh 12-byte IV. Everything the reader needs is written in the envelope
 * (version, algorithms, iteration count, salt, iv), as base64, so the iteration count can be raised
 * later without breaking old vaults: opening always uses the stored count.
 *
 * Failure to open, whatever the cause (wrong passphrase, flipped byte, wrong context), is one error
 * with one message (`DecryptError`, "Cannot decrypt."): callers decide what it means to the user.
 */
import * as v from 'valibot';
import { base64ByteLength, fromBase64, randomBytes, toBase64, utf8 } from './encoding';

/**
 * PBKDF2-HMAC-SHA256 iterations for new envelopes: 600,000 is OWASP's 2023 recommendation
 * (OWASP Password Storage Cheat Sheet, "PBKDF2": "600,000 iterations or more, using HMAC-SHA-256").
 */
export const PBKDF2_ITERATIONS = 600_000;
/**
 * The fewest iterations an envelope may ask for when it is opened, in production (the vault
 * service takes a lower one in tests, to run fast). 100,000: a sixth of today's count, far above
 * what any release wrote less than (600,000 since the first), and the order of magnitude of
 * OWASP's floor for PBKDF2-HMAC-SHA256 before 2023 (310,000 in 2021). A file asking for fewer is
 * refused rather than opened, so a weakened header or backup is never used as is.
 */
export const MIN_ITERATIONS = 100_000;
/**
 * The most iterations an envelope may ask for (stored, or in a backup file): 2,000,000, about
 * 3.3 × today's count and ~0.3 s of PBKDF2 here, so a foreign or altered file cannot make the
 * worker run PBKDF2 for minutes.
 */
export const MAX_ITERATIONS = 2_000_000;
export const SALT_BYTES = 16;
export const IV_BYTES = 12;
/** AES-GCM authentication tag, appended to the ciphertext by WebCrypto. */
export const TAG_BYTES = 16;
export const ENVELOPE_VERSION = 1;

/** An envelope asking for fewer PBKDF2 iterations than the floor: refused before any work. */
export class WeakKdfError extends Error {
  constructor(readonly iterations: number) {
    super(`PBKDF2 iterations below the floor: ${iterations}`);
    this.name = 'WeakKdfError';
  }
}

/** One message for every way decryption can fail: it must not tell an attacker which part was wrong. */
export class DecryptError extends Error {
  constructor() {
    super('Cannot decrypt.');
    this.name = 'DecryptError';
  }
}

const b64Of = (bytes: number, what: string) =>
  v.pipe(
    v.string(),
    v.check((s) => base64ByteLength(s) === bytes, `${what} must be ${bytes} bytes of base64`),
  );
const b64Min = (bytes: number, what: string) =>
  v.pipe(
    v.string(),
    v.check((s) => base64ByteLength(s) >= bytes, `${what} must be base64 of at least ${bytes} bytes`),
  );
export const b64Exactly = b64Of;
export const b64AtLeast = b64Min;

export const PassphraseEnvelopeSchema = v.object({
  version: v.literal(ENVELOPE_VERSION),
  cipher: v.literal('AES-256-GCM'),
  kdf: v.object({
    name: v.literal('PBKDF2'),
    hash: v.literal('SHA-256'),
    // Any positive count parses (the floor is checked when opening: WeakKdfError); the cap here.
    iterations: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_ITERATIONS, `at most ${MAX_ITERATIONS.toLocaleString('en')} PBKDF2 iterations`)),
    salt: b64Of(SALT_BYTES, 'salt'),
  }),
  iv: b64Of(IV_BYTES, 'iv'),
  /** Ciphertext followed by the 16-byte GCM tag. */
  ciphertext: b64Min(TAG_BYTES, 'ciphertext'),
});
export type PassphraseEnvelope = v.InferOutput<typeof PassphraseEnvelopeSchema>;

/** NFC so the same passphrase typed on another keyboard or OS gives the same bytes. */
function passphraseBytes(passphrase: string): Uint8Array<ArrayBuffer> {
  return utf8(passphrase.normalize('NFC'));
}

/** PBKDF2-HMAC-SHA256 → non-extractable AES-256-GCM key. */
export async function deriveKek(passphrase: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey('raw', passphraseBytes(passphrase), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, base, { name: 'AES-GCM', length: 256 }, false, [
    'encrypt',
    'decrypt',
  ]);
}

/** Encrypts `plaintext` under a key derived from `passphrase`; `aad` binds the envelope to its context (not stored). */
export async function sealWithPassphrase(
  plaintext: Uint8Array<ArrayBuffer>,
  passphrase: string,
  aad: Uint8Array<ArrayBuffer>,
  iterations: number = PBKDF2_ITERATIONS,
): Promise<PassphraseEnvelope> {
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > MAX_ITERATIONS) throw new RangeError('iterations out of range');
  const salt = randomBytes(SALT_BYTES);
  const iv = randomBytes(IV_BYTES);
  const kek = await deriveKek(passphrase, salt, iterations);
  const ct = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: aad }, kek, plaintext));
  return {
    version: ENVELOPE_VERSION,
    cipher: 'AES-256-GCM',
    kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations, salt: toBase64(salt) },
    iv: toBase64(iv),
    ciphertext: toBase64(ct),
  };
}

/**
 * Opens an envelope with the iteration count and salt it carries.
 * @param minIterations the floor (default `MIN_ITERATIONS`; tests pass less)
 * @throws WeakKdfError when the envelope asks for fewer iterations than `minIterations` (before
 *   any PBKDF2 work); DecryptError for any other failure.
 */
export async function openWithPassphrase(
  envelope: unknown,
  passphrase: string,
  aad: Uint8Array<ArrayBuffer>,
  minIterations: number = MIN_ITERATIONS,
): Promise<Uint8Array<ArrayBuffer>> {
  const parsed = v.safeParse(PassphraseEnvelopeSchema, envelope);
  if (!parsed.success) throw new DecryptError();
  const env = parsed.output;
  if (env.kdf.iterations < minIterations) throw new WeakKdfError(env.kdf.iterations);
  try {
    const kek = await deriveKek(passphrase, fromBase64(env.kdf.salt), env.kdf.iterations);
    return new Uint8Array(
      await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromBase64(env.iv), additionalData: aad }, kek, fromBase64(env.ciphertext)),
    );
  } catch {
    throw new DecryptError();
  }
}
