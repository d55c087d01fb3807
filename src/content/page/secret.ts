/**
 * What a Cloudcraft API key looks like, and how to tell it among the values that appeared on the
 * page after Save. Cloudcraft's keys are 44 characters of standard base64 (32 bytes, "=" at the
 * end; the official Go SDK rejects any other length): that shape is a strong signal, not a
 * requirement, since the format may change. Other token shapes still count when they look random.
 */
import { accessibleName, textOf } from '../dom/aria';
import { isRendered, isVisible } from '../dom/visible';
import { SECRET_NOTES, containsAny, norm } from './synonyms';

/** Characters a key may use: base64 (standard and URL-safe) plus the separators of common token formats. */
const TOKEN = /^[A-Za-z0-9+/=_\-.~:]{8,4096}$/;
/** Cloudcraft's format: 43 base64 characters and "=" (32 bytes). */
const CLOUDCRAFT_KEY = /^[A-Za-z0-9+/]{43}=$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}([T ][\d:.]+Z?)?$/;
/** One word as people write it: lower case, capitalised, or an acronym. */
const WORD = /^[A-Z]?[a-z]+$|^[A-Z]+$/;
/** Elements whose content is a value to copy, not prose. */
const VALUE_ELEMENTS = 'code,pre,kbd,samp,output,input,textarea';

export interface SecretCandidate {
  value: string;
  /** The element showing it (an input, a code element, a text leaf). */
  el: Element;
  score: number;
}

/** Number of character classes (lower, upper, digit, symbol) in `s`. */
function classes(s: string): number {
  return [/[a-z]/, /[A-Z]/, /\d/, /[+/=_\-.~:]/].filter((r) => r.test(s)).length;
}

/**
 * How much `value` looks like an API key by its shape alone, 0 when it cannot be one: whitespace,
 * fewer than 8 or more than 4096 characters, other characters than base64 and token separators,
 * a plain word or acronym under 16 characters, a slug of words and numbers ("terraform-export"),
 * digits only, a date. Cloudcraft's 44-character base64
 * shape scores 6; length ≥ 20 +2 (≥ 16 +1); three or more character classes +2 (two +1); a UUID
 * (usually an id shown beside a key) −2.
 */
export function tokenShapeScore(value: string): number {
  const v = value.trim();
  if (!TOKEN.test(v) || DATE.test(v) || /^\d+$/.test(v)) return 0;
  const c = classes(v);
  // A word or an acronym ("Production", "API"), not a random string of letters ("kQzWmPtB").
  if (v.length < 16 && (WORD.test(v) || c < 2)) return 0;
  // A slug of words and numbers ("terraform-export", "ci-read-2026-12-05"): a name, not a key.
  if (v.split(/[-_.:~/+=]+/).every((seg) => seg === '' || WORD.test(seg) || /^\d+$/.test(seg))) return 0;
  if (CLOUDCRAFT_KEY.test(v)) return 6;
  let score = v.length >= 20 ? 2 : v.length >= 16 ? 1 : 0;
  score += c >= 3 ? 2 : c === 2 ? 1 : 0;
  if (UUID.test(v)) score -= 2;
  return Math.max(score, 1);
}

/** A "Copy" button beside `el` (in its parent or grandparent): pages offer one next to a key to copy. */
function besideCopyButton(el: Element): boolean {
  for (let p: Element | null = el.parentElement, i = 0; p && i < 2; p = p.parentElement, i++) {
    for (const b of p.querySelectorAll('button,[role="button"]')) {
      const n = norm(accessibleName(b) || textOf(b));
      if (n === 'copy' || n.startsWith('copy ') || n.endsWith(' copy') || n === 'copied') return true;
    }
  }
  return false;
}

/**
 * Scores one value seen in `el` after Save: its shape (tokenShapeScore), +2 when shown as a value
 * (read-only or masked input, code, pre…) or beside a Copy button, else +1 when it is the element's
 * whole text (prose has spaces); +1 when a "shown once"-like sentence is near (the phrase list is
 * only a tie-breaker). 0 when it is not a candidate at all, or when it is one of `known` (the name
 * typed, team names: what the form already held).
 */
export function scoreSecret(value: string, el: Element, known: ReadonlySet<string>): number {
  const v = value.trim();
  if (known.has(norm(v))) return 0;
  const shape = tokenShapeScore(v);
  if (shape === 0) return 0;
  let score = shape;
  const input = el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement ? el : null;
  if ((input && (input.readOnly || input.disabled || (input as HTMLInputElement).type === 'password')) || (!input && el.closest(VALUE_ELEMENTS))) score += 2;
  else if (besideCopyButton(el)) score += 2;
  else if ((el.textContent ?? '').trim() === v) score += 1;
  const near = el.parentElement?.parentElement ?? el.parentElement;
  if (near && containsAny(textOf(near), SECRET_NOTES)) score += 1;
  return score;
}

/** Below this a value is never taken for the key: a lone 8–15 character token needs to be shown as a value. */
export const MIN_SECRET_SCORE = 3;

/**
 * The values `el` shows a user, each with the element showing it: an input's or textarea's value
 * (a masked `type=password` one too: read, never revealed by clicking Show), else the text of each
 * leaf element (no element children) in it. Hidden elements and our own UI are skipped; buttons'
 * own texts are not values.
 */
export function valuesIn(el: Element, isOwn: (e: Element) => boolean): { value: string; el: Element }[] {
  const out: { value: string; el: Element }[] = [];
  const visit = (e: Element) => {
    if (isOwn(e)) return;
    if (e instanceof HTMLInputElement || e instanceof HTMLTextAreaElement) {
      const type = (e as HTMLInputElement).type;
      if (e.value && type !== 'hidden' && type !== 'checkbox' && type !== 'radio' && isRendered(e)) out.push({ value: e.value.trim(), el: e });
      return;
    }
    if (e.matches('button,[role="button"],script,style,template,select,option')) return;
    if (e.children.length === 0 || e.matches('code,pre,kbd,samp,output')) {
      const t = (e.textContent ?? '').trim();
      if (t && isVisible(e)) out.push({ value: t, el: e });
      return;
    }
    for (const c of e.children) visit(c);
  };
  visit(el);
  return out;
}
