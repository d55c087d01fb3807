// @vitest-environment happy-dom
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { installLayout } from '../test/layout';
import { accessibleName, labelOf } from './aria';
import { pointerSequence, setNativeValue } from './fill';
import { isVisible } from './visible';
import { waitFor } from './wait';

let restore: () => void;
beforeAll(() => (restore = installLayout()));
afterAll(() => restore());
afterEach(() => (document.body.innerHTML = ''));

describe('isVisible', () => {
  it.each([
    ['<p id="t">x</p>', true],
    ['<div style="display:none"><p id="t">x</p></div>', false],
    ['<div hidden><p id="t">x</p></div>', false],
    ['<p id="t" style="visibility:hidden">x</p>', false],
    ['<div style="opacity:0"><p id="t">x</p></div>', false],
    ['<div aria-hidden="true"><p id="t">x</p></div>', false],
    ['<div inert><p id="t">x</p></div>', false],
    ['<div style="position:absolute;left:-9999px;top:0"><p id="t">x</p></div>', false],
    ['<div style="position:absolute;left:0;top:-5000px"><p id="t">x</p></div>', false],
  ])('%s → %s', (html, expected) => {
    document.body.innerHTML = html;
    expect(isVisible(document.getElementById('t')!)).toBe(expected);
  });

  it('a detached element is not visible', () => {
    expect(isVisible(document.createElement('p'))).toBe(false);
  });
});

describe('fill helpers', () => {
  it('setNativeValue writes through the prototype setter and fires bubbling input then change', () => {
    document.body.innerHTML = '<form><input id="i"></form>';
    const input = document.getElementById('i') as HTMLInputElement;
    // A framework-style instance property that swallows plain `.value =` writes.
    let tracked = '';
    Object.defineProperty(input, 'value', { configurable: true, get: () => tracked, set: (v: string) => (tracked = v) });
    const seen: string[] = [];
    document.body.addEventListener('input', (e) => seen.push(`input:${(e.target as HTMLInputElement).getAttribute('id')}`));
    document.body.addEventListener('change', () => seen.push('change'));
    setNativeValue(input, 'hello');
    expect(tracked).toBe(''); // the instance setter was bypassed
    expect(Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.get!.call(input)).toBe('hello');
    expect(seen).toEqual(['input:i', 'change']);
  });

  it('pointerSequence dispatches pointerdown, mousedown, pointerup, mouseup, click (composed, with coordinates)', () => {
    document.body.innerHTML = '<button id="b">x</button>';
    const b = document.getElementById('b')!;
    const seen: string[] = [];
    for (const t of ['pointerdown', 'mousedown', 'pointerup', 'mouseup', 'click'])
      b.addEventListener(t, (e) => seen.push(`${e.type}:${(e as MouseEvent).clientX}:${e.bubbles && e.composed}`));
    pointerSequence(b);
    expect(seen).toEqual(['pointerdown:60:true', 'mousedown:60:true', 'pointerup:60:true', 'mouseup:60:true', 'click:60:true']);
  });

  it('a cancelled pointerdown suppresses the mouse compatibility events, as in browsers', () => {
    document.body.innerHTML = '<button id="b">x</button>';
    const b = document.getElementById('b')!;
    const seen: string[] = [];
    b.addEventListener('pointerdown', (e) => e.preventDefault());
    for (const t of ['pointerdown', 'mousedown', 'pointerup', 'mouseup', 'click']) b.addEventListener(t, (e) => seen.push(e.type));
    pointerSequence(b);
    expect(seen).toEqual(['pointerdown', 'pointerup', 'click']);
  });
});

describe('accessible names', () => {
  it('reads labels without the options of a wrapped select, legends, aria-labelledby', () => {
    document.body.innerHTML = `
      <label>Access level <select id="s"><option>Viewer</option></select></label>
      <fieldset id="f"><legend>Team access</legend></fieldset>
      <span id="l1">Permission</span><button id="b" aria-labelledby="l1">Read <span aria-hidden="true">▾</span></button>`;
    expect(labelOf(document.getElementById('s')!)).toBe('Access level');
    expect(labelOf(document.getElementById('f')!)).toBe('Team access');
    expect(labelOf(document.getElementById('b')!)).toBe('Permission');
    expect(accessibleName(document.createElement('div'))).toBe('');
  });
});

describe('waitFor', () => {
  it('resolves on a later mutation, null on timeout, rejects on abort', async () => {
    const p = waitFor(() => document.getElementById('late'), { timeout: 1000 });
    setTimeout(() => document.body.append(Object.assign(document.createElement('p'), { id: 'late' })), 20);
    expect((await p)?.id).toBe('late');
    expect(await waitFor(() => null, { timeout: 30 })).toBeNull();
    const ac = new AbortController();
    const q = waitFor(() => null, { timeout: 1000, signal: ac.signal });
    ac.abort(new Error('stop'));
    await expect(q).rejects.toThrow('stop');
  });
});
