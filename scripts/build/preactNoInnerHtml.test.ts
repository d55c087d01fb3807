import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PREACT_DIST_FILE, SINK_REPLACEMENT, stripPreactInnerHtml } from './preactNoInnerHtml';

const preactDist = path.join(path.dirname(createRequire(import.meta.url).resolve('preact/package.json')), 'dist');

describe('stripPreactInnerHtml', () => {
  // Every built file of the installed Preact a bundler may pick (exports: browser, import, require, umd).
  for (const file of ['preact.module.js', 'preact.mjs', 'preact.js', 'preact.umd.js', 'preact.min.js']) {
    it(`removes the dynamic innerHTML assignment from preact/dist/${file} and keeps the literal one`, async () => {
      const full = path.join(preactDist, file);
      expect(PREACT_DIST_FILE.test(full)).toBe(true);
      const code = await readFile(full, 'utf8');
      expect(code).toMatch(/\w\.innerHTML=\w\.__html/);
      const out = stripPreactInnerHtml(code, full);
      expect(out).not.toMatch(/innerHTML\s*=\s*[\w$]+\.__html/);
      expect(out.split(SINK_REPLACEMENT)).toHaveLength(2);
      expect(out).toMatch(/\w\.innerHTML=""/);
      expect(out.length).toBe(code.length - /\w\.innerHTML=\w\.__html/.exec(code)![0].length + SINK_REPLACEMENT.length);
    });
  }

  it('stops the build when Preact holds no such assignment, or more than one', () => {
    expect(() => stripPreactInnerHtml('el.textContent = x;', 'a.js')).toThrow('expected one "x.innerHTML = y.__html" in a.js, found 0');
    expect(() => stripPreactInnerHtml('a.innerHTML=b.__html;c.innerHTML=d.__html', 'b.js')).toThrow('found 2');
  });

  it('matches only Preact dist files', () => {
    expect(PREACT_DIST_FILE.test('/x/node_modules/preact/dist/preact.module.js')).toBe(true);
    expect(PREACT_DIST_FILE.test('/x/node_modules/preact/hooks/dist/hooks.module.js')).toBe(false);
    expect(PREACT_DIST_FILE.test('/x/node_modules/preact/compat/dist/compat.module.js')).toBe(false);
    expect(PREACT_DIST_FILE.test('/x/src/preact/dist/preact.js')).toBe(false);
  });
});
