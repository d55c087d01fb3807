/** @jsxImportSource react */
/** Mounting the replica: used by main.tsx in the browser and by happy-dom tests of the content script. */
import { createRoot } from 'react-dom/client';
import type { ReplicaApi } from './api';
import { App } from './App';
import type { Variant } from './variant';

export { parseVariant, variantQuery, DEFAULT_VARIANT, PERMISSION_LABELS, TEAMS } from './variant';
export type { Variant } from './variant';
export type { ReplicaApi } from './api';
export type { ReplicaState, ReplicaKey, ReplicaForm, View } from './App';
export { PRELOADED_KEYS, KEYS_PATH } from './App';
export { HOSTILE_FAKE_SECRET, HOSTILE_POSTMESSAGE_SECRET } from './hostile';
export { DECOY_WORD } from './shell';
export { localApi, fetchApi } from './api';

/**
 * Renders the replica app into `container` (React 19 createRoot; rendering is asynchronous, so
 * wait for the DOM before querying). `options.api` replaces the server calls; by default keys are
 * POSTed to /__replica/keys on http(s) pages and generated locally elsewhere (happy-dom).
 * `window.__replica` is kept current while mounted. `unmount()` removes the app, its timers and
 * window hooks (__replica, __replicaHostile, __replicaStress).
 */
export function mountReplica(container: HTMLElement, variant: Variant, options: { api?: ReplicaApi } = {}): { unmount(): void } {
  const root = createRoot(container);
  root.render(<App variant={variant} api={options.api} />);
  return {
    unmount() {
      root.unmount();
    },
  };
}
