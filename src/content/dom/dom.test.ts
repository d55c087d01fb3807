// @vitest-environment happy-dom
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { installLayout } from '../test/layout';
import { accessibleName, labelOf } from './aria';
import { click, pressKey } from './events';
import { setNativeValue } from './fill';
import { isRendered, isVisible } from './visible';
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
    // A library's open popup marks the rest of the page aria-hidden or inert: still on screen.
    ['<div aria-hidden="true"><p id="t">x</p></div>', true],
    ['<div inert><p id="t">x</p></div>', true],
    ['<p id="t" style="opacity:0">x</p>', false],
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

describe('isRendered (controls)', () => {
  it.each([
    // Material UI keeps a switch's real <input> on top of its drawing at opacity 0: operable.
    ['<label><input id="t" type="checkbox" style="opacity:0;position:absolute"> Eng</label>', true],
    ['<div style="opacity:0"><input id="t" type="checkbox"></div>', false],
    ['<div style="display:none"><input id="t" type="checkbox"></div>', false],
    ['<div hidden><input id="t" type="checkbox"></div>', false],
    ['<div aria-hidden="true"><input id="t" type="checkbox"></div>', true],
  ])('%s → %s', (html, expected) => {
    document.body.innerHTML = html;
    expect(isRendered(document.getElementById('t')!)).toBe(expected);
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

  it('click() dispatches the whole mouse sequence, composed, at the centre, mouse events with detail 1, and focuses', () => {
    document.body.innerHTML = '<button id="b">x</button>';
    const b = document.getElementById('b')!;
    const seen: string[] = [];
    for (const t of ['pointerover', 'pointerenter', 'mouseover', 'mouseenter', 'pointermove', 'mousemove', 'pointerdown', 'mousedown', 'pointerup', 'mouseup', 'click'])
      b.addEventListener(t, (e) => seen.push(`${e.type}:${(e as MouseEvent).clientX}:${(e as MouseEvent).detail}:${e.composed}`));
    click(b);
    expect(seen).toEqual([
      'pointerover:60:0:true',
      'pointerenter:60:0:true',
      'mouseover:60:0:true',
      'mouseenter:60:0:true',
      'pointermove:60:0:true',
      'mousemove:60:0:true',
      'pointerdown:60:0:true',
      'mousedown:60:1:true',
      'pointerup:60:0:true',
      'mouseup:60:1:true',
      'click:60:1:true',
    ]);
    expect(document.activeElement).toBe(b);
  });

  it('a cancelled pointerdown suppresses the mouse compatibility events but not click; a cancelled mousedown keeps focus where it was', () => {
    document.body.innerHTML = '<button id="b">x</button><button id="c">y</button>';
    const b = document.getElementById('b')!;
    const c = document.getElementById('c')!;
    const seen: string[] = [];
    b.addEventListener('pointerdown', (e) => e.preventDefault());
    for (const t of ['pointerdown', 'mousedown', 'pointerup', 'mouseup', 'click']) b.addEventListener(t, (e) => seen.push(e.type));
    click(b);
    expect(seen).toEqual(['pointerdown', 'pointerup', 'click']);
    c.addEventListener('mousedown', (e) => e.preventDefault());
    click(c);
    expect(document.activeElement).toBe(b);
  });

  it('pressKey sends keydown and keyup with key, code and the legacy keyCode, to the target', () => {
    document.body.innerHTML = '<input id="i">';
    const i = document.getElementById('i')!;
    const seen: string[] = [];
    for (const t of ['keydown', 'keyup']) i.addEventListener(t, (e) => seen.push(`${e.type}:${(e as KeyboardEvent).key}:${(e as KeyboardEvent).code}:${(e as KeyboardEvent).keyCode}:${(e as KeyboardEvent).altKey}`));
    expect(pressKey(i, 'ArrowDown', { alt: true })).toBe(true);
    i.addEventListener('keydown', (e) => e.preventDefault());
    expect(pressKey(i, ' ')).toBe(false);
    expect(seen).toEqual(['keydown:ArrowDown:ArrowDown:40:true', 'keyup:ArrowDown:ArrowDown:40:true', 'keydown: :Space:32:false', 'keyup: :Space:32:false']);
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
