/** The replica's data: keys, the create form's state, and what `window.__replica` mirrors (replica/README.md). */
import { TEAMS, type Permission, type TeamAccess, type Variant } from './variant';

export type View = 'diagrams' | 'keys-list' | 'create-form' | 'generating' | 'secret';

export interface ReplicaKey {
  /** The server's id of a key created in this session (absent for the preloaded keys). */
  id?: string;
  name: string;
  permission: Permission;
  teams: Record<string, TeamAccess>;
  /** ISO 8601 */
  createdAt: string;
}

export interface ReplicaForm {
  name: string;
  permission: Permission;
  teams: Record<string, TeamAccess>;
}

/** What `window.__replica` holds (see replica/README.md). */
export interface ReplicaState {
  variant: Variant;
  view: View;
  /** True while a `lazy` delay hides the keys UI or the create form behind "Loading…". */
  loading: boolean;
  form: ReplicaForm;
  keys: ReplicaKey[];
  saves: number;
  /** Keys deleted through the list's delete action since load. */
  deletes: number;
  lastSecretShown: string | null;
}

declare global {
  interface Window {
    __replica?: ReplicaState;
  }
}

export const PRELOADED_KEYS: readonly ReplicaKey[] = [
  { name: 'Automation Key', permission: 'read', teams: {}, createdAt: '2026-03-02T09:15:00.000Z' },
  { name: 'terraform-export', permission: 'read-write', teams: { Engineering: 'read' }, createdAt: '2026-06-18T14:40:00.000Z' },
];

export function emptyForm(v: Variant): ReplicaForm {
  return { name: '', permission: v.defaultPermission, teams: Object.fromEntries(TEAMS.map((t) => [t, 'none' as TeamAccess])) };
}

