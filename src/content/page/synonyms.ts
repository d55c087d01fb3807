/**
 * Every text the content script recognises on Cloudcraft's pages, with synonyms. Cloudcraft's
 * markup is not public (docs/content-script.md, "What we know of Cloudcraft's UI"): each alternative says
 * which documented fact or replica variant it serves. Matching is on `norm()`ed text.
 */

/** Lower case, "&"→"and", punctuation (- / _ : *) and "(optional)/(required)" removed, spaces collapsed. */
export function norm(s: string): string {
  return s
    .toLowerCase()
    .replace(/\((optional|required)\)/g, ' ')
    .replace(/&/g, ' and ')
    .replace(/[-_/:*.…,!?'’"()]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const list = (...xs: string[]) => xs.map(norm);

/** Heading of the keys UI. "API keys": docs ("User > API keys") and replica; the others: plausible renames. */
export const API_KEYS_HEADINGS = list('API keys', 'API key', 'Your API keys', 'Developer API keys', 'API tokens', 'Access keys');

/** Button that opens the create form. "Create API key": docs and replica; others: common wordings. */
export const CREATE_BUTTONS = list('Create API key', 'New API key', 'Generate API key', 'Create key', 'New key', 'Add API key', 'Create new API key', 'Generate new API key', 'Generate key');

/** Heading of the create form. Replica: "Create API key". */
export const CREATE_FORM_HEADINGS = list('Create API key', 'New API key', 'Generate API key', 'Create key', 'New key', 'Add API key');

/** Button that saves the key. "Save key": docs and replica; others: common wordings. Not "Create API key" (that is the list's button). */
export const SAVE_BUTTONS = list('Save key', 'Save', 'Create', 'Generate', 'Save API key', 'Generate key', 'Create and show key');

/** Header of the list's date column. "Created": replica; the others: common wordings. */
export const CREATED_LABELS = list('Created', 'Created at', 'Created on', 'Date created', 'Creation date', 'Date');

/**
 * A key's delete action (a row button or a row menu's item) and the confirmation's button.
 * "Delete": replica deleteUi=button; "Revoke": deleteUi=menu; "Delete key": deleteUi=typed's
 * confirmation; the others: common wordings.
 */
export const DELETE_ACTIONS = list('Delete', 'Revoke', 'Remove', 'Delete key', 'Revoke key', 'Remove key', 'Delete API key', 'Revoke API key', 'Delete token', 'Revoke token');
/** A confirmation's go-ahead besides DELETE_ACTIONS ("Yes, delete"). */
export const CONFIRM_BUTTONS = list('Yes, delete', 'Yes, revoke', 'Confirm', 'Yes', 'OK', 'Delete permanently');
/** A confirmation's way out, pressed when the extension cancels a delete it cannot follow. */
export const CANCEL_BUTTONS = list('Cancel', 'No', 'Close', 'Keep');
/** A type-to-confirm field's label that asks for the key's name ("Type the key's name to confirm"). */
export const TYPE_NAME_WORDS = list('name');
/** A row's "more actions" menu button ("⋯"): replica deleteUi=menu is labelled "More actions for <name>". */
export const ROW_MENU_LABELS = list('More actions', 'Actions', 'More', 'Options', 'Menu', '⋯');

/** Label of the key's name field. "Name": replica; "Key name"/"Description": docs speak of a name "that describes its purpose". */
export const NAME_LABELS = list('Name', 'Key name', 'API key name', 'Description', 'Label', 'Key description');

/** Label of the permission control. "Permission": replica (select label, radio legend, listbox label); docs: "assign permissions". */
export const PERMISSION_LABELS = list('Permission', 'Permissions', 'Access', 'Access level', 'Role', 'Key permission', 'Scope', 'Mode');

/** Label of the team access group. "Team access": replica legend; docs: "give teams access". */
export const TEAM_LABELS = list('Team access', 'Teams', 'Share with teams', 'Team permissions', 'Shared with teams', 'Teams with access', 'Give teams access');

/** Heading over the one-time secret. Replica: "Your new API key". */
export const SECRET_HEADINGS = list('Your new API key', 'API key created', 'Key created', 'Your API key', 'Here is your API key', 'Your new key');

/**
 * The "shown once" note near the secret. Replica: "Copy this key now. It will not be shown again."
 * Matched as substrings (the note is a sentence).
 */
export const SECRET_NOTES = list('copy this key now', 'will not be shown again', "won't be shown again", 'not be shown again', 'shown only once', 'only be shown once', 'only shown once', 'shown once', 'store it now', 'make sure to copy', 'cannot be displayed again', 'will not be able to see');

/**
 * A placeholder while the keys UI mounts. Replica lazy=…: "Loading…" under the "API keys" heading
 * (norm drops the ellipsis); the others: common wordings of SPA placeholders.
 */
export const LOADING_TEXTS = list('Loading', 'Loading API keys', 'Loading keys', 'Please wait');

/** "No access" level of a team (replica teams=level: "No access"). */
export const NO_ACCESS = list('No access', 'None', 'No', 'Off', 'Not shared', '—', '-');

/**
 * Permission option texts. Read: replica labels a/b/c ("Read", "Read only", "Read-only access"),
 * plus "Viewer", "View only" (role-style wording). Read-write: replica ("Read & write", "Read and
 * write", "Read-write"), plus "Read/write", "Full access", "Editor", "Write".
 */
export const READ_TEXTS = list('Read', 'Read only', 'Read-only', 'Read-only access', 'Read access', 'Viewer', 'View only', 'View', 'Reader');
export const READ_WRITE_TEXTS = list('Read & write', 'Read and write', 'Read-write', 'Read/write', 'Read write access', 'Read-write access', 'Full access', 'Editor', 'Write', 'Read & write access');

export type Level = 'none' | 'read' | 'read-write';

/**
 * Classifies an option/label text as a permission level, or null when unknown ("Owner", "Member").
 * Exact synonyms first; then a word rule for longer texts ("Read — view diagrams only"):
 * "write"/"edit"/"full" → read-write, then "read"/"view" → read. Never guesses from unknown words.
 */
export function classifyLevel(text: string): Level | null {
  const t = norm(text);
  if (!t) return null;
  if (NO_ACCESS.includes(t)) return 'none';
  if (READ_WRITE_TEXTS.includes(t)) return 'read-write';
  if (READ_TEXTS.includes(t)) return 'read';
  const words = t.split(' ');
  if (words.includes('no') && words.includes('access')) return 'none';
  if (words.some((w) => w === 'write' || w === 'writes' || w === 'edit' || w === 'editor') || t.startsWith('full access')) return 'read-write';
  if (words[0] === 'read' || words[0] === 'view' || words[0] === 'viewer') return 'read';
  return null;
}

export const matchesAny = (text: string, syns: readonly string[]) => syns.includes(norm(text));
export const containsAny = (text: string, syns: readonly string[]) => {
  const t = norm(text);
  return t !== '' && syns.some((s) => t.includes(s));
};

