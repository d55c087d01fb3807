import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { formatKey, shellQuote } from './copyFormats';

const KEY = 'q3+Zk/9mW0pLr8sYt2vXa1bNc7dEf4gHi5jKl6mNo7Q=';

describe('formatKey', () => {
  it('keeps base64 + / = intact in every form', () => {
    expect(formatKey(KEY, 'key')).toBe(KEY);
    expect(formatKey(KEY, 'dotenv')).toBe(`CLOUDCRAFT_API_KEY=${KEY}`);
    expect(formatKey(KEY, 'shell')).toBe(`export CLOUDCRAFT_API_KEY='${KEY}'`);
    expect(formatKey(KEY, 'terraform')).toBe(`export CLOUDCRAFT_APITOKEN='${KEY}'`);
  });

  it('a real shell reads back exactly the key from the shell and Terraform lines', () => {
    for (const [format, name] of [['shell', 'CLOUDCRAFT_API_KEY'], ['terraform', 'CLOUDCRAFT_APITOKEN']] as const) {
      const out = execFileSync('/bin/sh', ['-c', `${formatKey(KEY, format)}; printf %s "$${name}"`], { encoding: 'utf8' });
      expect(out).toBe(KEY);
    }
    const odd = `it's $HOME \`x\``;
    expect(execFileSync('/bin/sh', ['-c', `printf %s ${shellQuote(odd)}`], { encoding: 'utf8' })).toBe(odd);
  });

  it('refuses a line break (it would end the line early)', () => {
    expect(() => formatKey('abc\nexport X=1', 'dotenv')).toThrow(RangeError);
  });
});
