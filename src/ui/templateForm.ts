/** Template editing and import helpers (pure): valibot validation mapped to per-field messages. */
import * as v from 'valibot';
import { t } from '../shared/i18n';
import type { CopyFormat } from '../shared/copyFormats';
import { DEFAULT_ROTATION_DAYS, TemplateSchema, type Template } from '../shared/templates';

export type StoredTemplate = Omit<Template, 'source'>;

/** Field → first error message; keys: id, label, namePattern, permission, teams, teams.<i>.team, description, rotationDays, copyFormat. */
export type FieldErrors = Record<string, string>;

export function issuesToFieldErrors(issues: readonly v.BaseIssue<unknown>[]): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of issues) {
    const path = (issue.path ?? []).map((p) => String(p.key)).join('.') || 'form';
    if (!(path in out)) out[path] = issue.message;
  }
  return out;
}

export function validateTemplate(draft: unknown): { ok: true; value: StoredTemplate } | { ok: false; errors: FieldErrors } {
  const r = v.safeParse(TemplateSchema, draft);
  if (r.success) return { ok: true, value: r.output };
  return { ok: false, errors: issuesToFieldErrors(r.issues) };
}

/** A template's stored fields (no `source`); a rotation period or copy format it does not set stays absent. */
export function stripSource(t: Template | StoredTemplate): StoredTemplate {
  return {
    id: t.id,
    label: t.label,
    namePattern: t.namePattern,
    permission: t.permission,
    teams: t.teams.map((g) => ({ ...g })),
    description: t.description,
    ...(t.rotationDays === undefined ? {} : { rotationDays: t.rotationDays }),
    ...(t.copyFormat === undefined ? {} : { copyFormat: t.copyFormat }),
  };
}

/** The editor's own fields for the rotation period (the text of a number input) and the copy format (a select). */
export interface EditorExtras {
  rotationText: string;
  copyFormat: CopyFormat;
}

/** What the editor shows for `tpl`: its rotation period, or the default 90 when it sets none; its copy format, or "key". */
export function editorExtras(tpl: Pick<StoredTemplate, 'rotationDays' | 'copyFormat'>): EditorExtras {
  return { rotationText: String(tpl.rotationDays ?? DEFAULT_ROTATION_DAYS), copyFormat: tpl.copyFormat ?? 'key' };
}

/**
 * The template to validate and save: `draft` with the editor's rotation period and copy format.
 * A field still showing the default for a template that did not set it stays unset (absent means
 * the default), so saving never adds a key the user did not choose; a field the template set is
 * kept, even at the default. The rotation text is a number only when it is digits; anything else
 * stays text, for TemplateSchema to refuse in words.
 */
export function withEditorExtras(draft: StoredTemplate, original: Pick<StoredTemplate, 'rotationDays' | 'copyFormat'>, extras: EditorExtras): Record<string, unknown> {
  const { rotationDays: _r, copyFormat: _c, ...rest } = draft;
  const text = extras.rotationText.trim();
  const rotation: unknown = /^\d+$/.test(text) ? Number(text) : text;
  const out: Record<string, unknown> = { ...rest };
  if (original.rotationDays !== undefined || rotation !== DEFAULT_ROTATION_DAYS) out['rotationDays'] = rotation;
  if (original.copyFormat !== undefined || extras.copyFormat !== 'key') out['copyFormat'] = extras.copyFormat;
  return out;
}

export function newTemplateId(existing: ReadonlySet<string>, rand: () => string = () => Math.random().toString(36).slice(2, 10)): string {
  let id: string;
  do id = `user-${rand()}`;
  while (existing.has(id));
  return id;
}

/** Export format: `{ format, version, templates }`. */
export const EXPORT_FORMAT = 'cloudcraft-key-helper/templates';

export function exportTemplatesJson(templates: readonly StoredTemplate[]): string {
  return JSON.stringify({ format: EXPORT_FORMAT, version: 1, templates: templates.map(stripSource) }, null, 2);
}

/** `text` as a sentence: a validation message ("Label is required") gets its full stop. */
export function asSentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/**
 * Where JSON.parse stopped in `text`, from its error: "line L column C" (Firefox, recent V8) or
 * "position P" (older V8), counted from 1; null when the engine's message names neither.
 */
export function jsonErrorPlace(text: string, err: unknown): { line: number; column: number } | null {
  const message = err instanceof Error ? err.message : String(err);
  const lc = /line (\d+) column (\d+)/i.exec(message);
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]) };
  const pos = /position (\d+)/i.exec(message);
  if (!pos) return null;
  const before = text.slice(0, Number(pos[1]));
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
}

/**
 * A validation error of an imported template in words: which template ("Template 2 (“CI export”)"),
 * the team's position when the error is in one of its teams, and what is wrong as a sentence. The
 * validator's field path ("teams.0.team") is never shown: the sentence names the field already.
 */
function importProblem(which: string, path: string, message: string): string {
  const team = /^teams\.(\d+)(\.|$)/.exec(path);
  return team ? t('importProblemTeam', [which, Number(team[1]) + 1, asSentence(message)]) : t('importProblem', [which, asSentence(message)]);
}

/**
 * Parses an imported file: our export format or a bare array of templates. Returns the templates
 * or every problem found, each a sentence naming the template it is about (so a user can fix the
 * file in one go). Never partial: one problem and nothing is imported.
 */
export function parseTemplatesImport(text: string, reservedIds: ReadonlySet<string>): { ok: true; templates: StoredTemplate[] } | { ok: false; problems: string[] } {
  if (text.trim() === '') return { ok: false, problems: [t('importEmptyFile')] };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    // "Unexpected end of JSON input" (V8), "unexpected end of data" (Firefox): a file cut short.
    if (/end of (JSON input|data)/i.test(e instanceof Error ? e.message : '')) return { ok: false, problems: [t('importJsonCutShort')] };
    const place = jsonErrorPlace(text, e);
    return { ok: false, problems: [place ? t('importNotJson', [place.line, place.column]) : t('importNotJsonAnywhere')] };
  }
  const list = Array.isArray(json) ? json : typeof json === 'object' && json !== null && Array.isArray((json as { templates?: unknown }).templates) ? (json as { templates: unknown[] }).templates : null;
  if (!list) return { ok: false, problems: [t('importNotList')] };
  if (list.length === 0) return { ok: false, problems: [t('importEmpty')] };
  const problems: string[] = [];
  const templates: StoredTemplate[] = [];
  const seen = new Set<string>();
  list.forEach((item, i) => {
    const r = validateTemplate(item);
    const rawLabel = typeof item === 'object' && item !== null ? (item as { label?: unknown }).label : undefined;
    const which = typeof rawLabel === 'string' && rawLabel.trim() ? t('importWhichLabelled', [i + 1, rawLabel.trim()]) : t('importWhich', i + 1);
    if (!r.ok) {
      for (const [field, msg] of Object.entries(r.errors)) problems.push(importProblem(which, field, msg));
      return;
    }
    if (reservedIds.has(r.value.id)) problems.push(t('importReservedId', [which, r.value.id]));
    else if (seen.has(r.value.id)) problems.push(t('importDuplicateId', [which, r.value.id]));
    seen.add(r.value.id);
    templates.push(r.value);
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, templates };
}

/** Imported templates replace user templates with the same id and are appended otherwise. */
export function mergeImported(current: readonly StoredTemplate[], imported: readonly StoredTemplate[]): StoredTemplate[] {
  const byId = new Map(imported.map((x) => [x.id, x]));
  const merged = current.map((c) => byId.get(c.id) ?? c);
  for (const x of imported) if (!current.some((c) => c.id === x.id)) merged.push(x);
  return merged;
}
