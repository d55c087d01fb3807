/**
 * public/managed-schema.json, the schema Chrome validates organisation policy against
 * (`storage.managed_schema`): only what Chrome's policy schema format accepts (Chrome's
 * "Manifest for managed storage", Schema format: a subset of JSON Schema draft 3, the top level an
 * object without additionalProperties, each schema one `type`), and the same fields and bounds as
 * the template store's TemplateSchema, so a policy Chrome accepts is one the extension reads.
 */
import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import schema from '../../public/managed-schema.json';
import { COPY_FORMATS } from './copyFormats';
import { MAX_ROTATION_DAYS, PERMISSIONS, TemplateSchema } from './templates';

type Node = Record<string, unknown>;

/** The keywords Chrome's policy schema parser accepts; any other makes Chrome refuse to load the extension. */
const KEYWORDS = new Set(['type', 'title', 'description', 'properties', 'additionalProperties', 'patternProperties', 'items', 'enum', 'minimum', 'maximum', 'pattern', 'required', 'id', '$ref', 'sensitiveValue']);
const TYPES = new Set(['boolean', 'integer', 'number', 'string', 'array', 'object']);

/** Every problem of `node` and the schemas under it, as "<path>: <problem>". */
function problems(node: Node, path: string): string[] {
  const out: string[] = [];
  for (const k of Object.keys(node)) if (!KEYWORDS.has(k)) out.push(`${path}: keyword "${k}"`);
  const type = node['type'];
  if (typeof type !== 'string' || !TYPES.has(type)) out.push(`${path}: type ${JSON.stringify(type)}`);
  if ('enum' in node && type !== 'string' && type !== 'integer') out.push(`${path}: enum on ${String(type)}`);
  if (('minimum' in node || 'maximum' in node) && type !== 'integer') out.push(`${path}: minimum/maximum on ${String(type)}`);
  for (const [name, sub] of Object.entries((node['properties'] ?? {}) as Record<string, Node>)) out.push(...problems(sub, `${path}.${name}`));
  if (node['items']) out.push(...problems(node['items'] as Node, `${path}[]`));
  return out;
}

const item = (schema.properties.templates.items as Node) as { properties: Record<string, Node> };

describe('managed-schema.json', () => {
  it('uses only what Chrome accepts in a managed_schema', () => {
    expect(schema.type).toBe('object');
    expect('additionalProperties' in schema).toBe(false);
    expect(problems(schema as Node, '$')).toEqual([]);
  });

  it('declares every field of a template, and no other', () => {
    expect(Object.keys(item.properties).sort()).toEqual(Object.keys(TemplateSchema.entries).sort());
  });

  it('bounds rotationDays and copyFormat as the extension does', () => {
    expect(item.properties['rotationDays']).toMatchObject({ type: 'integer', minimum: 0, maximum: MAX_ROTATION_DAYS });
    expect(item.properties['copyFormat']).toMatchObject({ type: 'string', enum: [...COPY_FORMATS] });
    expect(item.properties['permission']).toMatchObject({ type: 'string', enum: [...PERMISSIONS] });
    expect((item.properties['teams']!['items'] as { properties: Record<string, Node> }).properties['access']).toMatchObject({ enum: [...PERMISSIONS] });
    // The bounds Chrome enforces are the ones the store accepts: 0 and 3650 pass, 3651 does not.
    const base = { id: 'org-1', label: 'Org', namePattern: 'org-{date}', permission: 'read', teams: [] };
    expect(v.safeParse(TemplateSchema, { ...base, rotationDays: 0 }).success).toBe(true);
    expect(v.safeParse(TemplateSchema, { ...base, rotationDays: 3650 }).success).toBe(true);
    expect(v.safeParse(TemplateSchema, { ...base, rotationDays: 3651 }).success).toBe(false);
  });
});
