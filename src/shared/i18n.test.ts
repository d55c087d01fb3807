import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '../../public/_locales/en/messages.json';
import { formatMessage, t } from './i18n';

type Entry = { message: string; description?: string; placeholders?: Record<string, { content: string; example?: string }> };
const entries = Object.entries(en as Record<string, Entry>);

describe('messages.json', () => {
  it('every message declares the placeholders it uses, in lowercase, uses every one it declares, and has no stray "$"', () => {
    const problems: string[] = [];
    for (const [key, e] of entries) {
      const used = [...e.message.matchAll(/\$([A-Za-z0-9_@]+)\$/g)].map((m) => m[1]!.toLowerCase());
      const declared = Object.keys(e.placeholders ?? {});
      if (declared.some((d) => d !== d.toLowerCase())) problems.push(`${key}: placeholder names must be lowercase`);
      for (const u of used) if (!declared.includes(u)) problems.push(`${key}: $${u.toUpperCase()}$ is not declared`);
      for (const d of declared) if (!used.includes(d)) problems.push(`${key}: "${d}" is declared but not used`);
      if (e.message.replace(/\$[A-Za-z0-9_@]+\$/g, '').replace(/\$\$/g, '').includes('$')) problems.push(`${key}: a stray "$"`);
      if (!e.description) problems.push(`${key}: no description`);
    }
    expect(problems).toEqual([]);
  });

  it('every message is used: named in quotes by the code (t(\'key\')) or the manifest (__MSG_key__)', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(join(dir, d.name)) : /\.(ts|tsx)$/.test(d.name) && !/\.test\.tsx?$/.test(d.name) ? [join(dir, d.name)] : []));
    const code = [...files('src'), 'manifest.json'].map((f) => readFileSync(f, 'utf8')).join('\n');
    const unused = entries.map(([key]) => key).filter((key) => !new RegExp(`['"\`]${key}['"\`]|__MSG_${key}__`).test(code));
    expect(unused).toEqual([]);
  });

  it('expands placeholders as Chrome does', () => {
    expect(formatMessage({ message: 'Team "$TEAM$": $A$ $$', placeholders: { team: { content: '$1' }, a: { content: '$2' } } }, ['Data', 'x'])).toBe('Team "Data": x $');
    expect(t('reconcileSummary', '2 not in your vault')).toBe("Cloudcraft's list: 2 not in your vault");
  });
});
