/** Names taken from the page, made safe to send (protocol: at most 200 UTF-16 units). */

/** C0/C1 controls, DEL, bidi marks (LRM/RLM/ALM), embeddings/overrides (U+202A–202E) and isolates (U+2066–2069). */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** `s` without control and bidi characters, trimmed, cut to `max` units (never inside a surrogate pair). */
export function cleanName(s: string, max = 200): string {
  let out = s.replace(UNSAFE, '').trim();
  if (out.length > max) out = out.slice(0, /[\ud800-\udbff]/.test(out[max - 1] ?? '') ? max - 1 : max).trimEnd();
  return out;
}
