/**
 * The browser's own promise-based extension API (`browser` in Firefox, `chrome` in Chrome MV3),
 * standing in for webextension-polyfill in the content-script build only (vite.config.ts aliases
 * the polyfill to this file there). The content script uses just `runtime.id`, `runtime.getURL`,
 * `runtime.sendMessage` (a Promise in both browsers' MV3) and `runtime.onMessage` with
 * sendResponse + `return true` (both browsers; MDN runtime.onMessage), so the polyfill's 10 KB
 * buy it nothing. Code still imports `browser` from ./browser.ts only.
 */
import type { Browser } from 'webextension-polyfill';

const g = globalThis as { browser?: unknown; chrome?: unknown };

export default (g.browser ?? g.chrome) as Browser;
