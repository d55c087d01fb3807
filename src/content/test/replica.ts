/** Mounting the replica for the content script's DOM tests (happy-dom), with user-like navigation. */
import { localApi, mountReplica, parseVariant, type ReplicaState } from '../../../replica/app/mount';
import { waitFor } from '../dom/wait';
import { textOf } from '../dom/aria';

export interface Mounted {
  container: HTMLElement;
  unmount(): void;
}

export function mount(query: string): Mounted {
  const container = document.createElement('div');
  document.body.appendChild(container);
  const m = mountReplica(container, parseVariant(query), { api: localApi });
  return {
    container,
    unmount() {
      m.unmount();
      container.remove();
    },
  };
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
