import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import {
  BUILTIN_TEMPLATES,
  DEFAULT_TEMPLATE_ID,
  TemplateSchema,
  expandNamePattern,
  grantsMoreThanReadOnly,
  privilegeRank,
  proposedName,
  sortLeastPrivilegeFirst,
  unknownTokens,
  type Template,
} from './templates';

const now = new Date(2026, 10, 29, 9, 5); // local time: 2026-11-29 09:05

const tpl = (over: Partial<Template>): Template => ({
  id: 'x',
  label: 'X',
  namePattern: 'k',
  permission: 'read',
  teams: [],
  description: '',
  source: 'user',
  ...over,
});

describe('name patterns', () => {
  it('expands date, time and purpose tokens', () => {
    expect(expandNamePattern('{purpose}-read-{date}-{time}', { now, purpose: 'CI export: nightly' })).toBe(
      'ci-export-nightly-read-2026-11-29-0905',
    );
  });
  it('uses "key" for an empty purpose and leaves unknown tokens as written', () => {
    expect(expandNamePattern('{purpose}/{user}', { now, purpose: '  ' })).toBe('key/{user}');
    expect(unknownTokens('{purpose}/{user}-{date}')).toEqual(['user']);
  });
  it('proposes the built-in read-only name', () => {
    expect(proposedName(BUILTIN_TEMPLATES[0]!, now)).toBe('automation-read-2026-11-29');
  });
});

describe('least privilege', () => {
  it('ships Read-only first and as the default', () => {
    expect(BUILTIN_TEMPLATES.map((t) => [t.label, t.permission])).toEqual([
      ['Read-only', 'read'],
      ['Read & write', 'read-write'],
    ]);
    expect(BUILTIN_TEMPLATES[0]!.id).toBe(DEFAULT_TEMPLATE_ID);
  });
  it('ranks permission above team grants', () => {
    const readManyTeams = tpl({ teams: [1, 2, 3].map((i) => ({ team: `T${i}`, access: 'read-write' as const })) });
    expect(privilegeRank(readManyTeams)).toBe(6);
    expect(privilegeRank(tpl({ permission: 'read-write' }))).toBe(1000);
    expect(privilegeRank(readManyTeams)).toBeLessThan(privilegeRank(tpl({ permission: 'read-write' })));
  });
  it('sorts least privilege first, builtin before managed before user on ties', () => {
    const sorted = sortLeastPrivilegeFirst([
      tpl({ id: 'u-rw', permission: 'read-write' }),
      tpl({ id: 'u-team', teams: [{ team: 'Eng', access: 'read' }] }),
      tpl({ id: 'u-read' }),
      tpl({ id: 'm-read', source: 'managed' }),
      ...BUILTIN_TEMPLATES,
    ]);
    expect(sorted.map((t) => t.id)).toEqual(['builtin-read-only', 'm-read', 'u-read', 'u-team', 'builtin-read-write', 'u-rw']);
  });
  it('flags anything beyond read-only without teams', () => {
    expect(grantsMoreThanReadOnly(tpl({}))).toBe(false);
    expect(grantsMoreThanReadOnly(tpl({ permission: 'read-write' }))).toBe(true);
    expect(grantsMoreThanReadOnly(tpl({ teams: [{ team: 'Eng', access: 'read' }] }))).toBe(true);
  });
});

describe('TemplateSchema', () => {
  it('accepts a valid template and trims text', () => {
    const out = v.parse(TemplateSchema, { id: ' a ', label: ' Deploy ', namePattern: 'deploy-{date}', permission: 'read', teams: [] });
    expect(out).toEqual({ id: 'a', label: 'Deploy', namePattern: 'deploy-{date}', permission: 'read', teams: [], description: '' });
  });
  it('rejects unknown tokens, bad permissions and duplicate teams with readable messages', () => {
    const res = v.safeParse(TemplateSchema, {
      id: 'a',
      label: '',
      namePattern: '{user}',
      permission: 'admin',
      teams: [
        { team: 'Eng', access: 'read' },
        { team: 'eng', access: 'read' },
      ],
    });
    expect(res.success).toBe(false);
    const messages = res.issues!.map((i) => i.message);
    expect(messages).toEqual([
      'Label is required',
      'Name pattern uses an unknown token (known: {date}, {time}, {purpose})',
      'Permission must be "read" or "read-write"',
      'A team is listed twice',
    ]);
  });
  it('says one sentence for every way a rotation period can be wrong, and none for 0 or 3650', () => {
    const base = { id: 'a', label: 'A', namePattern: 'a-{date}', permission: 'read', teams: [] };
    for (const rotationDays of [1.5, -1, 3651, '30', Number.NaN, null]) {
      const res = v.safeParse(TemplateSchema, { ...base, rotationDays });
      expect(res.issues?.map((i) => i.message), String(rotationDays)).toEqual(['Rotation period must be whole days from 0 to 3650']);
    }
    expect(v.parse(TemplateSchema, { ...base, rotationDays: 0 }).rotationDays).toBe(0);
    expect(v.parse(TemplateSchema, { ...base, rotationDays: 3650 }).rotationDays).toBe(3650);
    expect(v.safeParse(TemplateSchema, { ...base, copyFormat: 'json' }).issues?.map((i) => i.message)).toEqual(['Copy format must be one of: key, dotenv, shell, terraform']);
  });
});
