/**
 * The messages file holds every text users see (the service worker's errors included): each entry
 * is well formed for Chrome's and Firefox's i18n, and `t` expands it as they do.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '../../public/_locales/en/messages.json';
import { formatMessage, t } from './i18n';

type Entry = { message: string; description?: string; placeholders?: Record<string, { content: string; example?: string }> };
const entries = Object.entries(en as Record<string, Entry>);

describe('_locales/en/messages.json', () => {
  it('every entry has a message and a description for translators', () => {
    expect(entries.filter(([, e]) => typeof e.message !== 'string' || e.message === '' || !e.description).map(([k]) => k)).toEqual([]);
  });

  it('every key uses only the characters the i18n API accepts', () => {
    expect(entries.map(([k]) => k).filter((k) => !/^[A-Za-z0-9_@]+$/.test(k))).toEqual([]);
  });

  it('every $PLACEHOLDER$ in a message is declared in its placeholders block, and every declared one is used', () => {
    const problems: string[] = [];
    for (const [key, e] of entries) {
      const used = new Set([...e.message.replace(/\$\$/g, '').matchAll(/\$([A-Za-z0-9_@]+)\$/g)].map((m) => m[1]!.toLowerCase()));
      const declared = new Set(Object.keys(e.placeholders ?? {}));
      for (const name of used) if (!declared.has(name)) problems.push(`${key}: $${name.toUpperCase()}$ is not declared`);
      for (const name of declared) if (!used.has(name)) problems.push(`${key}: placeholder "${name}" is never used`);
      for (const name of declared) if (name !== name.toLowerCase()) problems.push(`${key}: placeholder "${name}" is not lower case`);
    }
    expect(problems).toEqual([]);
  });

  it("placeholders take the substitutions $1…$n in order, none skipped, and no message uses $1 directly", () => {
    const problems: string[] = [];
    for (const [key, e] of entries) {
      const contents = Object.values(e.placeholders ?? {}).map((p) => p.content);
      const positions = contents.flatMap((c) => [...c.matchAll(/\$(\d)/g)].map((m) => Number(m[1])));
      const expected = Array.from({ length: positions.length }, (_, i) => i + 1);
      if (JSON.stringify([...new Set(positions)].sort()) !== JSON.stringify(expected)) problems.push(`${key}: substitutions ${positions.join(',')}`);
      if (/\$\d/.test(e.message)) problems.push(`${key}: the message uses a $n substitution directly`);
    }
    expect(problems).toEqual([]);
  });

  it('no stray "$" outside placeholders ("$$" is a literal $)', () => {
    expect(entries.filter(([, e]) => e.message.replace(/\$[A-Za-z0-9_@]+\$/g, '').replace(/\$\$/g, '').includes('$')).map(([k]) => k)).toEqual([]);
  });

  it('every message is used: named in quotes by the code (t(\'key\')) or the manifest (__MSG_key__)', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(join(dir, d.name)) : /\.(ts|tsx)$/.test(d.name) && !/\.test\.tsx?$/.test(d.name) ? [join(dir, d.name)] : []));
    const code = [...files('src'), 'manifest.json'].map((f) => readFileSync(f, 'utf8')).join('\n');
    const unused = entries.map(([key]) => key).filter((key) => !new RegExp(`['"\`]${key}['"\`]|__MSG_${key}__`).test(code));
    expect(unused).toEqual([]);
  });

  it('every example, put in its placeholder, leaves no $ sign unexpanded', () => {
    const problems: string[] = [];
    for (const [key, e] of entries) {
      const examples = Object.values(e.placeholders ?? {}).map((p) => p.example ?? 'x');
      const text = formatMessage(e, examples);
      if (/\$[A-Za-z0-9_@]+\$|\$\d/.test(text)) problems.push(`${key}: ${text}`);
    }
    expect(problems).toEqual([]);
  });
});

describe('t', () => {
  it('expands named placeholders from the substitutions', () => {
    expect(t('importProblemTeam', ['Template 2 (“Eng”)', 1, 'Team name is required.'])).toBe('Template 2 (“Eng”), team 1: Team name is required.');
    expect(formatMessage({ message: 'Team "$TEAM$": $A$ $$', placeholders: { team: { content: '$1' }, a: { content: '$2' } } }, ['Data', 'x'])).toBe('Team "Data": x $');
    expect(t('reconcileSummary', '2 not in your vault')).toBe("Cloudcraft's list: 2 not in your vault");
    expect(t('errVaultFull', '1,000')).toBe('Not saved: the vault is full (1,000 keys). Copy this key from Cloudcraft now, then delete keys you no longer need.');
  });
});
