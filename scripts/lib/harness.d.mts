import type { Browser, Page, WebWorker } from 'puppeteer-core';

export declare const REPO_ROOT: string;
export declare const CHROMIUM_PATH: string;
export declare const APP_ORIGIN: 'https://app.cloudcraft.co';
export declare const POPUP_PATH: 'src/popup/index.html';

/** A key the replica server created (secrets included: test-only endpoint). */
export interface ServerKey {
  id: string;
  name: string;
  permission: 'read' | 'read-write';
  teams: Record<string, 'none' | 'read' | 'read-write'>;
  /** ISO 8601 */
  createdAt: string;
  secret: string;
}

export interface ReplicaServer {
  port: number;
  close(): Promise<void>;
  keys(): ServerKey[];
}

export interface LaunchOptions {
  /** Built extension folder; default <repo>/dist. */
  distPath?: string;
  /** Default true; false launches Chromium without the extension (benchmark baseline; extensionId is then ''). */
  extension?: boolean;
  /**
   * Pin the toolbar button (default false: a new install's sits in the extensions menu, and
   * action.openPopup() first pops it out onto the toolbar, an animation). Checked after launch.
   */
  pinAction?: boolean;
  /** Default true. */
  headless?: boolean;
  /** Reuse a profile (kept on close); default a fresh temp dir removed on close. */
  userDataDir?: string;
  /** Log one line per replica request to stderr (never secrets). */
  replicaLog?: boolean;
  extraArgs?: string[];
  /** Default 1280×800; null = window size. */
  defaultViewport?: { width: number; height: number } | null;
}

export interface Launched {
  browser: Browser;
  replica: ReplicaServer;
  /** The unpacked extension's id (host of its chrome-extension:// URLs). */
  extensionId: string;
  userDataDir: string;
  /** Closes the browser and the replica; removes the temp profile. Idempotent. */
  close(): Promise<void>;
}

/** Shape of window.__replica (replica/README.md; source of truth: replica/app/App.tsx). */
export interface ReplicaState {
  variant: {
    mode: 'modal' | 'route';
    lazy: number;
    permission: 'select' | 'radio' | 'listbox';
    defaultPermission: 'read' | 'read-write';
    labels: 'a' | 'b' | 'c';
    teams: 'checkbox' | 'switch' | 'level';
    secret: 'input' | 'code' | 'text';
    secretLength: number;
    hostile: boolean;
    stress: boolean;
  };
  view: 'diagrams' | 'keys-list' | 'create-form' | 'secret';
  loading: boolean;
  form: { name: string; permission: 'read' | 'read-write'; teams: Record<string, 'none' | 'read' | 'read-write'> };
  keys: Array<{ name: string; permission: 'read' | 'read-write'; teams: Record<string, 'none' | 'read' | 'read-write'>; createdAt: string }>;
  saves: number;
  lastSecretShown: string | null;
}

export declare function launchBrowser(options?: LaunchOptions): Promise<Launched>;
/** Chromium's id for the unpacked extension in distPath (from its absolute path; 32 letters a–p). */
export declare function unpackedExtensionId(distPath: string): string;
/** `action.getUserSettings().isOnToolbar` of the extension, asked in its service worker. */
export declare function toolbarPinned(browser: Browser): Promise<boolean>;
export declare function serviceWorker(browser: Browser, timeoutMs?: number): Promise<WebWorker>;
export declare function openCloudcraft(browser: Browser, query?: string, pathname?: string): Promise<Page>;
export declare function openPopup(browser: Browser, page: Page): Promise<Page>;
/** Waits until Chromium has sized the popup's window to its content (stable 200 ms, or timeoutMs, default 2 000); its inner size, CSS px. */
export declare function popupSettled(popup: Page, timeoutMs?: number): Promise<{ width: number; height: number }>;
export declare function stopServiceWorker(browser: Browser, timeoutMs?: number): Promise<void>;
export declare function artifactsDir(): Promise<string>;
export declare function screenshot(page: Page, name: string, options?: { fullPage?: boolean }): Promise<string>;
export declare function replicaState(page: Page): Promise<ReplicaState | null>;
export declare function waitForReplica(page: Page, predicate: ((state: ReplicaState) => boolean) | string, timeoutMs?: number): Promise<ReplicaState>;
export declare function wakeServiceWorker(browser: Browser, extensionId?: string): Promise<void>;
export declare function readClipboard(browser: Browser, page: Page): Promise<string>;
