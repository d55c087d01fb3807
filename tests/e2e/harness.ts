/**
 * Real-browser harness for e2e tests. The implementation is plain ESM in scripts/lib/harness.mjs
 * (so `npm start` can use it without a TypeScript loader); this module is the typed entry for tests.
 * See docs/TESTING.md.
 */
export {
  APP_ORIGIN,
  POPUP_PATH,
  REPO_ROOT,
  artifactsDir,
  launchBrowser,
  openCloudcraft,
  openPopup,
  popupSettled,
  readClipboard,
  replicaState,
  screenshot,
  serviceWorker,
  stopServiceWorker,
  toolbarPinned,
  unpackedExtensionId,
  wakeServiceWorker,
  waitForReplica,
} from '../../scripts/lib/harness.mjs';
export type { Launched, LaunchOptions, ReplicaServer, ReplicaState, ServerKey } from '../../scripts/lib/harness.mjs';
