/** What the popup shows: which part of the API keys UI the page displays now. */
import type { PageState } from '../../shared/messages';
import { cleanName } from './clean';
import { findCreateForm, findKeysUi, findSecretNote, isKeysUiLoading, readExistingNames } from './finders';

/** A fresh reading of the page (the popup's 'page.getState' never relies on a cached value). */
export function readPageState(doc: Document): { state: PageState; root: Element | null } {
  const keys = findKeysUi(doc);
  const note = findSecretNote(doc);
  const form = note ? null : findCreateForm(doc);
  if (!keys && !note && !form) return { state: { kind: 'no-ui' }, root: null };
  // The heading shows but the list (or the create form) is not mounted yet: nothing to apply to.
  if (keys && !note && !form && isKeysUiLoading(keys)) return { state: { kind: 'loading' }, root: keys };
  // Page text, sent to the popup: no control or bidi characters, at most 200 characters each.
  const existingNames = keys ? readExistingNames(keys).map((n) => cleanName(n)).filter(Boolean) : [];
  const root = keys ?? form?.root ?? note;
  if (note) return { state: { kind: 'secret-shown', existingNames }, root };
  if (form) return { state: { kind: 'create-form', existingNames }, root };
  return { state: { kind: 'keys-list', existingNames }, root };
}

export function sameState(a: PageState, b: PageState): boolean {
  if (a.kind !== b.kind) return false;
  if (!('existingNames' in a) || !('existingNames' in b)) return true;
  return a.existingNames.length === b.existingNames.length && a.existingNames.every((n, i) => n === b.existingNames[i]);
}
