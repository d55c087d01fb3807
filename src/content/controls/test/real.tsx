/** @jsxImportSource react */
/**
 * Test kit for the drivers' unit tests: real component libraries (the npm packages the replica's
 * library variants use) rendered by real React 19 into happy-dom, with their state recorded where
 * the tests can read it. Not shipped.
 */
import { useState, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { installLayout } from '../../test/layout';
import { controlsIn } from '..';
import type { ChoiceControl, ChoiceKind, Control, ToggleControl } from '../types';

/** What the rendered components hold now (each fixture writes its React state here on render). */
export const state: Record<string, unknown> = {};

/** A piece of React state mirrored into `state[key]` on every render. */
export function useRecorded<T>(key: string, initial: T): [T, (v: T) => void] {
  const [v, setV] = useState(initial);
  state[key] = v;
  return [v, setV];
}

let mounted: { unmount(): void; container: HTMLElement }[] = [];

/** Renders `node` into a fresh container on document.body; unmounted after each test. */
export async function render(node: ReactNode): Promise<HTMLElement> {
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  root.render(node);
  mounted.push({ container, unmount: () => root.unmount() });
  await settled();
  return container;
}

/** happy-dom layout (test/layout.ts) for the file; everything unmounted and state cleared after each test. */
export function useRealLibraries(): void {
  let restore = () => {};
  beforeAll(() => {
    restore = installLayout();
  });
  afterAll(() => restore());
  afterEach(async () => {
    for (const m of mounted) {
      m.unmount();
      m.container.remove();
    }
    await settled();
    mounted = [];
    document.body.innerHTML = '';
    for (const k of Object.keys(state)) delete state[k];
  });
}

/** The one control of `kind` in `root`, or an error naming what was found instead. */
export function only<K extends Control['kind']>(root: Element, kind: K): K extends ChoiceKind ? ChoiceControl : ToggleControl {
  const found = controlsIn(root);
  const hits = found.filter((c) => c.kind === kind);
  if (hits.length !== 1) throw new Error(`expected one ${kind}, found: ${found.map((c) => c.kind).join(', ') || 'nothing'}`);
  return hits[0] as K extends ChoiceKind ? ChoiceControl : ToggleControl;
}

/** Waits for React to commit what the last events set off (React renders asynchronously outside act()). */
export const settled = (ms = 30) => new Promise<void>((r) => setTimeout(r, ms));
