// @vitest-environment happy-dom
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { installLayout } from '../test/layout';
import { MIN_SECRET_SCORE, scoreSecret, tokenShapeScore, valuesIn } from './secret';
import { norm } from './synonyms';

let restore: () => void;
beforeAll(() => (restore = installLayout()));
afterAll(() => restore());
afterEach(() => (document.body.innerHTML = ''));

const CLOUDCRAFT_KEY = 'q3+Zk/9mW0pLr8sYt2vXa1bNc7dEf4gHi5jKl6mNo7Q=';

describe('tokenShapeScore', () => {
  it.each([
    ['Cloudcraft\'s 44-character base64 (with + / =) scores highest', CLOUDCRAFT_KEY, 6],
    ['a long random base62 string', 'Zq8Xk2LmP0aBc9DeF4gH7jK1nR5sT3vW6yU0iO2p', 4],
    ['a prefixed token', 'ck_live_9f8a7b6c5d4e3f2a', 4],
    ['a UUID (usually an id shown beside a key) scores low', '0b6f9c2e-4d1a-4c3b-9e8f-7a6b5c4d3e2f', 2],
    ['a short random string with mixed case and digits', 'aB3dE9fG', 2],
  ])('%s', (_, value, score) => {
    expect(tokenShapeScore(value)).toBe(score);
  });

  it.each([
    ['a word', 'Production'],
    ['an acronym', 'API'],
    ['a slug of words', 'terraform-export'],
    ['a name with a date', 'ci-read-2026-12-05'],
    ['a date', '2026-12-05'],
    ['a number', '12345678901234567890'],
    ['text with spaces', 'Read and write access'],
    ['a masked value', '••••••••••••••••••••'],
    ['too short', 'a1B2c3'],
  ])('never a key: %s', (_, value) => {
    expect(tokenShapeScore(value)).toBe(0);
  });
});

describe('scoreSecret', () => {
  it('a value shown as a value (read-only input, masked input, code) or beside Copy scores more; a "shown once" sentence breaks ties', () => {
    document.body.innerHTML = `
      <section><div><input id="ro" readonly value="${CLOUDCRAFT_KEY}"></div></section>
      <section><div><input id="pw" type="password" value="${CLOUDCRAFT_KEY}"></div></section>
      <section><div><code id="code">${CLOUDCRAFT_KEY}</code></div></section>
      <section><div><span id="copy">${CLOUDCRAFT_KEY}</span><button>Copy to clipboard</button></div></section>
      <section><div><p id="plain">${CLOUDCRAFT_KEY}</p></div></section>
      <section><div><p>It will not be shown again.</p><p id="noted">${CLOUDCRAFT_KEY}</p></div></section>`;
    const score = (id: string) => scoreSecret(CLOUDCRAFT_KEY, document.getElementById(id)!, new Set());
    expect(['ro', 'pw', 'code', 'copy', 'plain', 'noted'].map(score)).toEqual([8, 8, 8, 8, 7, 8]);
  });

  it('what the form already held (the typed name, team names) is never the key', () => {
    document.body.innerHTML = `<code id="c">svc_9f8a7b6c5d4e3f2aQ</code>`;
    const el = document.getElementById('c')!;
    expect(scoreSecret('svc_9f8a7b6c5d4e3f2aQ', el, new Set())).toBeGreaterThanOrEqual(MIN_SECRET_SCORE);
    expect(scoreSecret('svc_9f8a7b6c5d4e3f2aQ', el, new Set([norm('svc_9f8a7b6c5d4e3f2aQ')]))).toBe(0);
  });
});

describe('valuesIn', () => {
  it('reads inputs (masked ones too, never clicking Show), leaf texts and code; skips buttons, hidden inputs and our own UI', () => {
    document.body.innerHTML = `
      <section id="s">
        <h3>Key created</h3>
        <input type="password" readonly value="masked-${CLOUDCRAFT_KEY}">
        <input type="hidden" value="hidden-value">
        <code>code-value<button aria-label="Copy"></button></code>
        <button>Show</button>
        <div data-cckh="toast">ours</div>
      </section>`;
    const values = valuesIn(document.getElementById('s')!, (e) => e.closest('[data-cckh]') !== null).map((v) => v.value);
    expect(values).toEqual(['Key created', `masked-${CLOUDCRAFT_KEY}`, 'code-value']);
  });
});
