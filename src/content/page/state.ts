/** What the popup shows: which part of the API keys UI the page displays now. */
import type { PageState } from '../../shared/protocol';
import { isVisible } from '../dom/visible';
import { cleanName } from './clean';
import { findCreateForm, findKeysUi, findSecretNote, isKeysUiLoading } from './finders';
import { readKeyRows } from './keyRows';

/**
 * A fresh reading of the page (the popup's 'page.getState' never relies on a cached value).
 * `secretEl`: where the capture last saw a new key's secret; while it is still on screen (and no
 * create form is), the page shows the secret view, whatever its wording. A "shown once" sentence
 * counts too, but only inside the keys UI (a sentence elsewhere on the page is not the secret view).
 * `lastNames`: the key names the list showed when last read; while the create form or the new key
 * covers the list (a modal hides it, a route replaces it), they stand for it in `existingNames`.
 */
export function readPageState(doc: Document, secretEl: Element | null = null, lastNames: readonly string[] = []): { state: PageState; root: Element | null } {
  const keys = findKeysUi(doc);
  const form = findCreateForm(doc);
  const secretUp = !form && ((secretEl !== null && isVisible(secretEl)) || (keys !== null && findSecretNote(keys) !== null));
  if (!keys && !form && !secretUp) return { state: { kind: 'no-ui' }, root: null };
  // The heading shows but the list (or the create form) is not mounted yet: nothing to apply to.
  if (keys && !secretUp && !form && isKeysUiLoading(keys)) return { state: { kind: 'loading' }, root: keys };
  // Page text, sent to the popup: no control or bidi characters, at most 200 characters each.
  const listed = (keys ? readKeyRows(keys) : []).map((r) => ({ name: cleanName(r.name), created: r.created })).filter((r) => r.name);
  const names = listed.map((r) => r.name);
  const root = keys ?? form?.root ?? secretEl;
  const shownOrLast = names.length ? names : [...lastNames];
  if (secretUp) return { state: { kind: 'secret-shown', existingNames: shownOrLast }, root };
  if (form) return { state: { kind: 'create-form', existingNames: shownOrLast }, root };
  return { state: { kind: 'keys-list', existingNames: names, listed }, root };
}

export function sameState(a: PageState, b: PageState): boolean {
  if (a.kind !== b.kind || a.capture !== b.capture) return false;
  if (!('existingNames' in a) || !('existingNames' in b)) return true;
  const sameNames = a.existingNames.length === b.existingNames.length && a.existingNames.every((n, i) => n === b.existingNames[i]);
  const la = 'listed' in a ? a.listed : [];
  const lb = 'listed' in b ? b.listed : [];
  return sameNames && la.length === lb.length && la.every((r, i) => r.created === lb[i]?.created);
}
