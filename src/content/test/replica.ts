/** Mounting the replica for the content script's DOM tests (happy-dom), with user-like navigation. */
import { afterAll, afterEach, beforeAll } from 'vitest';
import { localApi, mountReplica, parseVariant, type ReplicaApi, type ReplicaState } from '../../../replica/app/mount';
import { installLayout } from './layout';
import { waitFor } from '../dom/wait';
import { textOf } from '../dom/aria';
import { setNativeValue } from '../dom/fill';
import { findCreateForm } from '../page/finders';

export interface Mounted {
  container: HTMLElement;
  unmount(): void;
}

const mounted = new Set<Mounted>();

/** Mounts the replica for `query` (e.g. "mode=route&permission=listbox") into a fresh container; `api` replaces the local key maker. */
export function mount(query: string, api: ReplicaApi = localApi): Mounted {
  const container = document.createElement('div');
  document.body.appendChild(container);
  const m = mountReplica(container, parseVariant(query), { api });
  const handle: Mounted = {
    container,
    unmount() {
      if (!mounted.delete(handle)) return;
      m.unmount();
      container.remove();
    },
  };
  mounted.add(handle);
  return handle;
}

/**
 * The hooks every replica DOM test file needs: happy-dom layout (test/layout.ts) for the file, and
 * after each test every mounted replica unmounted, the body emptied and the URL back to "/".
 * Hooks a file registers after calling this run before it (vitest runs after-hooks as a stack).
 */
export function useReplicaPage(): void {
  let restoreLayout: () => void = () => undefined;
  beforeAll(() => {
    restoreLayout = installLayout();
  });
  afterAll(() => restoreLayout());
  afterEach(() => {
    for (const m of [...mounted]) m.unmount();
    document.body.innerHTML = '';
    history.replaceState(null, '', '/');
  });
}

export function replica(): ReplicaState {
  const r = (window as { __replica?: ReplicaState }).__replica;
  if (!r) throw new Error('window.__replica is not set');
  return r;
}

export const button = (text: string, root: ParentNode = document) =>
  [...root.querySelectorAll<HTMLElement>('button,[role="menuitem"]')].find((b) => textOf(b) === text) ?? null;

async function must<T>(fn: () => T | null | undefined | false, what: string, timeout = 3000): Promise<T> {
  const v = await waitFor(fn, { timeout });
  if (!v) throw new Error(`Timed out waiting for ${what}`);
  return v;
}

/** User > API keys, then wait for the list (lazy variants show "Loading…" first). */
export async function openKeys(): Promise<void> {
  (await must(() => button('User'), 'User button')).click();
  (await must(() => button('API keys'), 'API keys item')).click();
  await must(() => button('Create API key'), 'keys list', 5000);
}

export async function openForm(): Promise<HTMLFormElement> {
  await openKeys();
  (await must(() => button('Create API key'), 'Create API key')).click();
  return must(() => document.querySelector('form'), 'create form', 5000);
}

/** Lets React commit (and window.__replica update). */
export const tick = (ms = 10) => new Promise((r) => setTimeout(r, ms));

/** Creates a key named `name` by hand (the replica's own form) and goes back to the list; returns its createdAt (ms). */
export async function createKey(name: string): Promise<number> {
  await openForm();
  setNativeValue(findCreateForm(document)!.name, name);
  await tick();
  button('Save key')!.click();
  await waitFor(() => replica().view === 'secret', { timeout: 2000 });
  button('Done')!.click();
  await waitFor(() => button('Create API key'), { timeout: 2000 });
  return Date.parse(replica().keys.at(-1)!.createdAt);
}
