/**
 * Rotation, the parts that are plain data: what the new key is made from, what it is named, and
 * which rotations are half done. A rotation is half done while a stored key made to replace another
 * (`rotatedFrom`) is live and the key it replaces is live too: the popup then offers to delete the
 * old key in Cloudcraft. Derived from the vault, so it survives the popup closing (a click in the
 * page closes it).
 */
import { localDate } from '../../shared/dates';
import type { KeyMeta } from '../../shared/protocol';
import { MAX_META_TEXT } from '../../shared/recordMeta';
import { proposedName, type Template } from '../../shared/templates';
import { uniqueName } from '../../shared/words';

/** Id the new key records as its template when the old key had none (made by hand). */
export const SAME_ACCESS_TEMPLATE_ID = 'same-access';

/**
 * The template a rotation applies: the old key's template when it still exists, else one made from
 * the access the old key recorded (an on/off team becomes "read", what "on" asks of such a page).
 */
export function rotationTemplate(old: KeyMeta, templates: readonly Template[], sameAccessLabel: string): Template {
  const tpl = old.templateId ? templates.find((x) => x.id === old.templateId) : undefined;
  if (tpl) return tpl;
  return {
    id: old.templateId ?? SAME_ACCESS_TEMPLATE_ID,
    label: old.templateLabel ?? sameAccessLabel,
    namePattern: '{date}',
    permission: old.permission,
    teams: old.teams.map((g) => ({ team: g.team, access: g.access === 'read-write' ? 'read-write' : 'read' })),
    description: '',
    source: 'user',
  };
}


/**
 * The new key's name: the template's pattern with today's date; without a template, the old name
 * with its date replaced by today's (or today's date appended). Made unique against `taken`
 * (Cloudcraft's list and the vault: "-2", "-3"…).
 */
export function rotationName(old: KeyMeta, template: Template | null, now: Date, taken: readonly string[]): string {
  const base = template ? proposedName(template, now) : /\d{4}-\d{2}-\d{2}/.test(old.name) ? old.name.replace(/\d{4}-\d{2}-\d{2}/, localDate(now)) : `${old.name}-${localDate(now)}`;
  return uniqueName(base.slice(0, MAX_META_TEXT), taken);
}

/** Half-done rotations: a live key that replaces a key still live. Newest first. */
export function pendingRotations(keys: readonly KeyMeta[]): { next: KeyMeta; old: KeyMeta }[] {
  const byId = new Map(keys.map((k) => [k.id, k]));
  return keys
    .filter((k) => !k.revokedAt && k.rotatedFrom)
    .flatMap((next) => {
      const old = byId.get(next.rotatedFrom!);
      return old && !old.revokedAt ? [{ next, old }] : [];
    })
    .sort((a, b) => b.next.createdAt - a.next.createdAt);
}
