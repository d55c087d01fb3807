/**
 * What Cloudcraft's create form holds, read back from its controls: the values a Save submits, so
 * the vault records what Cloudcraft saved and never what a template wished.
 */
import type { KeyTeam } from '../../shared/protocol';
import type { Permission } from '../../shared/templates';
import { isChoice } from '../controls';
import { findPermissionControl, findTeamControls, readChoiceLevel, readTeamLevel, type CreateForm } from './finders';

export interface FormValues {
  name: string;
  /** The permission the control shows; an unreadable one counts as read-write (never understate a key's power). */
  permission: Permission;
  /**
   * Teams the form grants access to: the level a level control shows, or `on` for an on/off
   * control (the page offers no level there; Cloudcraft decides what "on" grants).
   */
  teams: KeyTeam[];
}

/** Reads `form` as it would be saved now. */
export function readFormValues(form: CreateForm): FormValues {
  const c = findPermissionControl(form.root);
  const level = c ? readChoiceLevel(c) : null;
  const teams: KeyTeam[] = [];
  for (const tc of findTeamControls(form.root)) {
    const l = readTeamLevel(tc);
    if (l === 'read' || l === 'read-write') teams.push({ team: tc.team, access: isChoice(tc.control) ? l : 'on' });
  }
  return { name: form.name.value.trim(), permission: level === 'read' ? 'read' : 'read-write', teams };
}
