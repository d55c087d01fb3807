/**
 * What each library variant's keys UI says. Cloudcraft's wording is not known, so each variant
 * words it differently, as real apps do: option texts ("Viewer (read)", "Full access"…), the Save
 * button, the secret's heading and the sentence over it. Most of those sentences say the key will
 * not come back in words that no phrase the extension knows contains (the extension must find the
 * secret by what changed on Save, not by phrases).
 */
import type { Permission, Ui } from '../variant';

export interface LibraryTexts {
  /** The library's name, shown in the dialog's footer (screenshots tell the variants apart). */
  library: string;
  formTitle: string;
  nameLabel: string;
  permissionLabel: string;
  /** Option texts of the two permissions. */
  options: Record<Permission, string>;
  /** Text of "no access" where a team has a level control. */
  noAccess: string;
  teamsLabel: string;
  save: string;
  /** The interstitial after Save (the form is unmounted meanwhile). */
  generating: string;
  secretTitle: string;
  /** The sentence over the secret. */
  secretNote: string;
  /** The button that leaves the secret view. */
  done: string;
  /** ms of the "Generating…" step. */
  generatingMs: number;
}

export const LIBRARY_TEXTS: Record<Exclude<Ui, 'own'>, LibraryTexts> = {
  mui: {
    library: 'Material UI',
    formTitle: 'New API key',
    nameLabel: 'Key name',
    permissionLabel: 'Access level',
    options: { read: 'Viewer (read)', 'read-write': 'Editor (read & write)' },
    noAccess: 'No access',
    teamsLabel: 'Teams',
    save: 'Create key',
    generating: 'Generating…',
    secretTitle: 'API key created',
    secretNote: 'This is the only time the full key is displayed. Keep it somewhere safe.',
    done: 'Done',
    generatingMs: 700,
  },
  antd: {
    library: 'Ant Design',
    formTitle: 'Create API key',
    nameLabel: 'Name',
    permissionLabel: 'Permission',
    options: { read: 'Read only', 'read-write': 'Read and write' },
    noAccess: 'No access',
    teamsLabel: 'Team access',
    save: 'Create',
    generating: 'Generating…',
    secretTitle: 'Key generated',
    secretNote: "You won't be able to view this secret again after closing this window.",
    done: 'OK',
    generatingMs: 500,
  },
  chakra: {
    library: 'Chakra UI',
    formTitle: 'Generate API key',
    nameLabel: 'Description',
    permissionLabel: 'Scope',
    options: { read: 'Read', 'read-write': 'Full access' },
    noAccess: 'No access',
    teamsLabel: 'Share with teams',
    save: 'Generate',
    generating: 'Generating…',
    secretTitle: 'Token ready',
    secretNote: 'Treat this token like a password. It disappears when you close this dialog.',
    done: 'Done',
    generatingMs: 600,
  },
  mantine: {
    library: 'Mantine',
    formTitle: 'Create API key',
    nameLabel: 'Key name',
    permissionLabel: 'Permission',
    options: { read: 'Read', 'read-write': 'Read/Write' },
    noAccess: 'No access',
    teamsLabel: 'Team permissions',
    save: 'Save',
    generating: 'Generating…',
    secretTitle: 'Your API key',
    secretNote: "We do not keep a copy of this key, so we can't display it later.",
    done: 'Done',
    generatingMs: 400,
  },
  radix: {
    library: 'Radix UI',
    formTitle: 'Create API key',
    nameLabel: 'Name',
    permissionLabel: 'Permission',
    options: { read: 'Read-only', 'read-write': 'Read-write' },
    noAccess: 'No access',
    teamsLabel: 'Teams',
    save: 'Save key',
    generating: 'Generating…',
    secretTitle: 'Your new API key',
    secretNote: 'For your security, it cannot be retrieved after you leave this page.',
    done: 'Done',
    generatingMs: 800,
  },
  'react-aria': {
    library: 'React Aria',
    formTitle: 'Create API key',
    nameLabel: 'Name',
    permissionLabel: 'Role',
    options: { read: 'Read access', 'read-write': 'Read & write access' },
    noAccess: 'No access',
    teamsLabel: 'Team access',
    save: 'Create key',
    generating: 'Generating…',
    secretTitle: 'Key created',
    secretNote: 'Keep this secret safe: this is your only chance to take it with you.',
    done: 'Done',
    generatingMs: 0,
  },
  headless: {
    library: 'Headless UI',
    formTitle: 'Create API key',
    nameLabel: 'Key name',
    permissionLabel: 'Permissions',
    options: { read: 'Read', 'read-write': 'Read and write' },
    noAccess: 'No access',
    teamsLabel: 'Teams with access',
    save: 'Save key',
    generating: 'Generating…',
    secretTitle: 'New key',
    secretNote: 'Closing this dialog hides the key for good.',
    done: 'Done',
    generatingMs: 500,
  },
  'react-select': {
    library: 'react-select',
    formTitle: 'Create API key',
    nameLabel: 'Name',
    permissionLabel: 'Permission',
    options: { read: 'Read only', 'read-write': 'Read & write' },
    noAccess: 'No access',
    teamsLabel: 'Team access',
    save: 'Save key',
    generating: 'Generating…',
    secretTitle: 'Your new API key',
    secretNote: 'Copy this key now. It will not be shown again.',
    done: 'Done',
    generatingMs: 0,
  },
};
