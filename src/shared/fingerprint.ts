/**
 * Clipboard fingerprints: "clear the clipboard only if it still holds the key we copied".
 *
 * The popup sends, with `clipboard.scheduleClear`, the base64 SHA-256 of the text it copied; at clear
 * time the clearer (offscreen document in Chrome, background page in Firefox) reads the clipboard,
 * when the user granted the optional `clipboardRead` permission, and clears only if the text there
 * has the same fingerprint. A fingerprint of a random API key does not reveal the key; it is kept
 * in `storage.session` (memory only) until the clear is done.
 *
 * No WebExtension API here: the popup, the offscreen document and the service worker all import it.
 */

/** Base64 SHA-256 of `text` as UTF-8 (44 characters). */
export async function clipboardFingerprint(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  let bin = '';
  for (const b of digest) bin += String.fromCharCode(b);
  return btoa(bin);
}

/** What a due clear does: `clear` the clipboard, or `leave` the user's own newer copy alone. */
export type ClearDecision = 'clear' | 'leave';

/**
 * The rule, in one place:
 * - no fingerprint to compare with (old popup, option off, no `clipboardRead`) → clear, as always;
 * - the clipboard could not be read (`current` null: permission revoked, read refused) → clear;
 * - the clipboard's text has the fingerprint of what we copied → clear;
 * - anything else (the user copied something else since) → leave it.
 * @param expected the copied text's fingerprint, or null when the clear is unconditional
 * @param readCurrent reads the clipboard's text now; null when it cannot. Not called when `expected` is null.
 */
export async function decideClear(expected: string | null, readCurrent: () => Promise<string | null>): Promise<ClearDecision> {
  if (expected === null) return 'clear';
  let current: string | null;
  try {
    current = await readCurrent();
  } catch {
    current = null;
  }
  if (current === null) return 'clear';
  return (await clipboardFingerprint(current)) === expected ? 'clear' : 'leave';
}
