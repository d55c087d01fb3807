/**
 * The one import of the browser extension API. Every context imports `browser` from here, so the
 * polyfill choice (webextension-polyfill: promise-based `browser.*` on Chrome, native on Firefox)
 * stays reversible, and unit tests swap in `@webext-core/fake-browser` by mocking this module.
 */
import browser from 'webextension-polyfill';

export { browser };
export type { Browser, Runtime, Tabs, Storage } from 'webextension-polyfill';
