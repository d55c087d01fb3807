/**
 * Sealing to the vault's public key, so a secret can be stored while the vault is locked without
 * ever keeping it in the clear. An ECIES-style construction from WebCrypto only:
 *
 *   ephemeral ECDH P-256 key pair  ×  vault public key  → 256-bit shared secret
 *   HKDF-SHA-256(shared, salt = empty, info = "ckh-seal-v1" ‖ ephemeral public ‖ vault public) → AES-256-GCM key
 *   AES-256-GCM(key, fresh 12-byte IV, plaintext, additional data = the record's metadata)
 *
 * Both public keys go into HKDF's info so a box opens only for the recipient it was made for; the
 * ephemeral key is used once, so the IV is random only for good measure. The additional data is the
 * caller's: records bind their metadata so that swapping metadata between records fails to open.
 */
import * as v from 'valibot';
import { DecryptError, IV_BYTES, TAG_BYTES, b64AtLeast, b64Exactly } from './envelope';
import { concatBytes, fromBase64, randomBytes, toBase64, utf8 } from './encoding';

export const SEAL_ALG = 'ECDH-P256+HKDF-SHA256+AES-256-GCM';
/** Uncompressed P-256 point: 0x04 ‖ x ‖ y. */
const RAW_P256_BYTES = 65;
const ECDH = { name: 'ECDH', namedCurve: 'P-256' } as const;

export const SealedBoxSchema = v.object({
  alg: v.literal(SEAL_ALG),
  /** Ephemeral public key, raw uncompressed point. */
  epk: b64Exactly(RAW_P256_BYTES, 'epk'),
  iv: b64Exactly(IV_BYTES, 'iv'),
  /** Ciphertext followed by the 16-byte GCM tag. */
  ciphertext: b64AtLeast(TAG_BYTES, 'ciphertext'),
});
export type SealedBox = v.InferOutput<typeof SealedBoxSchema>;

/** A new vault key pair: the public key as SPKI base64, the private key as PKCS#8 bytes (to be wrapped at once). */
export async function generateVaultKeyPair(): Promise<{ publicKey: string; privateKeyPkcs8: Uint8Array<ArrayBuffer> }> {
  const pair = await crypto.subtle.generateKey(ECDH, true, ['deriveBits']);
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey));
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', pair.privateKey));
  return { publicKey: toBase64(spki), privateKeyPkcs8: pkcs8 };
}

/** Imports the unwrapped private key, non-extractable. @throws DecryptError when the bytes are not a P-256 key. */
export async function importPrivateKey(pkcs8: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  try {
    return await crypto.subtle.importKey('pkcs8', pkcs8, ECDH, false, ['deriveBits']);
  } catch {
    throw new DecryptError();
  }
}

async function boxKey(privateKey: CryptoKey, peerPublic: CryptoKey, epkRaw: Uint8Array, recipientSpki: Uint8Array): Promise<CryptoKey> {
  const shared = await crypto.subtle.deriveBits({ name: 'ECDH', public: peerPublic }, privateKey, 256);
  const ikm = await crypto.subtle.importKey('raw', shared, 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: concatBytes(utf8('ckh-seal-v1'), epkRaw, recipientSpki) },
    ikm,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/** Seals `plaintext` to the vault public key (SPKI base64). Needs no private key: works while locked. */
export async function seal(plaintext: Uint8Array<ArrayBuffer>, recipientSpkiB64: string, aad: Uint8Array<ArrayBuffer>): Promise<SealedBox> {
  const recipientSpki = fromBase64(recipientSpkiB64);
  const recipient = await crypto.subtle.importKey('spki', recipientSpki, ECDH, false, []);
  const eph = await crypto.subtle.generateKey(ECDH, true, ['deriveBits']);
  const epkRaw = new Uint8Array(await crypto.subtle.exportKey('raw', eph.publicKey));
  const key = await boxKey(eph.privateKey, recipient, epkRaw, recipientSpki);
  const iv = randomBytes(IV_BYTES);
  const ct = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: aad }, key, plaintext));
  return { alg: SEAL_ALG, epk: toBase64(epkRaw), iv: toBase64(iv), ciphertext: toBase64(ct) };
}

/** Opens a sealed box with the vault private key. @throws DecryptError for any failure (tamper, wrong key, wrong metadata). */
export async function openSealed(
  box: unknown,
  privateKey: CryptoKey,
  recipientSpkiB64: string,
  aad: Uint8Array<ArrayBuffer>,
): Promise<Uint8Array<ArrayBuffer>> {
  const parsed = v.safeParse(SealedBoxSchema, box);
  if (!parsed.success) throw new DecryptError();
  try {
    const epkRaw = fromBase64(parsed.output.epk);
    const epk = await crypto.subtle.importKey('raw', epkRaw, ECDH, false, []);
    const key = await boxKey(privateKey, epk, epkRaw, fromBase64(recipientSpkiB64));
    return new Uint8Array(
      await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromBase64(parsed.output.iv), additionalData: aad }, key, fromBase64(parsed.output.ciphertext)),
    );
  } catch {
    throw new DecryptError();
  }
}
