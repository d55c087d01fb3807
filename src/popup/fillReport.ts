/**
 * A fill report in sentences: each field of an ApplyResult (what the content script did to
 * Cloudcraft's form) as a sentence a user reads at a glance ("Permission was already Read-only.",
 * "Team Engineering: access removed."). Failures and limits carry the content script's own detail,
 * which says what it expected and what it saw.
 */
import { t } from '../shared/i18n';
import type { FieldReport } from '../shared/protocol';
import type { Template } from '../shared/templates';
import { permissionWords, sameName, visibleName } from '../shared/words';


/** The sentence for field report `f` of applying `template` with key name `name`. */
export function fillSentence(f: FieldReport, template: Pick<Template, 'permission' | 'teams'>, name: string): string {
  if (f.status === 'failed' || f.status === 'limited') return f.detail || t('fillFieldFailed', f.field);
  const already = f.status === 'already-set';
  if (f.field === 'name') return t(already ? 'fillNameAlready' : 'fillNameSet', visibleName(name));
  if (f.field === 'permission') return t(already ? 'fillPermissionAlready' : 'fillPermissionSet', permissionWords(template.permission));
  if (f.field === 'save') return t('fillSaved');
  if (f.field.startsWith('team:')) {
    const team = visibleName(f.field.slice(5));
    const grant = template.teams.find((g) => sameName(g.team, team));
    if (!grant) return t(already ? 'fillTeamNoneAlready' : 'fillTeamRemoved', team);
    const level = t(grant.access === 'read' ? 'accessRead' : 'accessReadWrite');
    return t(already ? 'fillTeamAlready' : 'fillTeamSet', [team, level]);
  }
  return f.detail;
}
