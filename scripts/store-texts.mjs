#!/usr/bin/env node
/**
 * docs/store/permissions.md, generated from the README's "Permissions, and why" table (the one
 * source of each reason): one plain-text line per permission, to paste into the stores' forms.
 *
 *   node scripts/store-texts.mjs           writes docs/store/permissions.md
 *   node scripts/store-texts.mjs --check   exits 1 when that file differs from what the README gives
 *
 * tests/release/store.release.test.ts checks the same on every `npm test`.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const PERMISSIONS_MD = path.join(ROOT, 'docs/store/permissions.md');
const HEADING = '## Permissions, and why';

/**
 * @typedef {{ permission: string, kind: 'required' | 'optional' | 'host', browsers: Array<'chrome' | 'firefox'>, reason: string }} PermissionRow
 *   permission: the manifest's name (a permission, or a host pattern for kind "host");
 *   browsers: where the manifest asks for it (a "(Chrome)" note in the README: Chrome only);
 *   reason: the README's reason as plain text (no Markdown), one line
 */

/**
 * Markdown inline text as plain text: `code`, **bold**, *em* and [links](…) lose their marks, and
 * a table cell's escaped pipe (\|) is a pipe again.
 * @param {string} md
 */
export function plain(md) {
  return md
    .replace(/\\\|/g, '|')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/(^|[^\w*])\*([^*]+)\*/g, '$1$2')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The rows of the README's permissions table.
 * @param {string} readme README.md's text
 * @returns {PermissionRow[]} in the table's order
 * @throws Error when the section or its table is missing, or a first cell is not one of
 *   "`name`", "`name` (Chrome)", "optional `name`", "host `pattern`"
 */
export function readmePermissions(readme) {
  const start = readme.indexOf(`\n${HEADING}\n`);
  if (start < 0) throw new Error(`README.md has no "${HEADING}" section`);
  const lines = readme.slice(start + HEADING.length + 2).split('\n');
  const table = [];
  for (const line of lines.slice(lines.findIndex((l) => l.startsWith('|')))) {
    if (!line.startsWith('|')) break;
    table.push(line);
  }
  if (table.length < 3) throw new Error('README.md: the permissions table has no rows');
  return table.slice(2).map((line) => {
    const cells = line.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim());
    const [what = '', reason = ''] = cells;
    const m = /^(optional |host )?`([^`]+)`( \(Chrome\))?$/.exec(what);
    if (!m) throw new Error(`README.md permissions table: cannot read "${what}"`);
    return {
      permission: m[2],
      kind: m[1] === 'optional ' ? 'optional' : m[1] === 'host ' ? 'host' : 'required',
      browsers: m[3] ? ['chrome'] : ['chrome', 'firefox'],
      reason: plain(reason),
    };
  });
}

/**
 * The text of docs/store/permissions.md for these rows.
 * @param {PermissionRow[]} rows
 * @returns {string}
 */
export function permissionsMd(rows) {
  const label = (r) => `${r.kind === 'optional' ? 'optional permission' : r.kind === 'host' ? 'host permission' : 'permission'} \`${r.permission}\`${r.browsers.length === 1 ? ' (Chrome only)' : ''}`;
  return `# Permission justifications

Generated from the README's "Permissions, and why" table by \`node scripts/store-texts.mjs\`; edit
the README, then run it (\`npm test\` fails while the two differ). One line per permission, to paste
into the Chrome Web Store's "Privacy practices" tab (each permission's justification field) and
into the notes for addons.mozilla.org's reviewers.

${rows.map((r) => `- ${label(r)}: ${r.reason}`).join('\n')}
`;
}

async function main() {
  const want = permissionsMd(readmePermissions(await readFile(path.join(ROOT, 'README.md'), 'utf8')));
  if (process.argv.includes('--check')) {
    const have = await readFile(PERMISSIONS_MD, 'utf8').catch(() => '');
    if (have !== want) {
      console.error('docs/store/permissions.md differs from the README\'s permissions table: run node scripts/store-texts.mjs');
      process.exit(1);
    }
    return;
  }
  await writeFile(PERMISSIONS_MD, want);
  console.log(`wrote ${path.relative(process.cwd(), PERMISSIONS_MD)}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
}
