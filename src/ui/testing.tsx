/**
 * Test helpers (imported by *.test.tsx only): a fake transport that records the exact requests and
 * answers with real-shaped replies, wrapped by the real `createServices` (so request/unwrap and
 * ProtocolError codes are exercised too).
 */
import axe from 'axe-core';
import { render } from '@testing-library/preact';
import type { ComponentChildren } from 'preact';
import { vi } from 'vitest';
import type { ContentParsedRequests } from '../shared/contentProtocol';
import { type ContentMessageType, type ContentResponses, type Envelope, errorReply, type MessageType, type Responses } from '../shared/protocol';
import type { ParsedRequests } from '../shared/schemas';
import { createServices, ExtensionProvider, type ActiveTab, type ExtensionServices } from './extension';
import { diskStrength } from '../test/strength';

type Route<Req, Res> = (data: Req) => Res | Promise<Res>;
export type Routes = { [T in MessageType]?: Route<ParsedRequests[T], Responses[T]> };
export type TabRoutes = { [T in ContentMessageType]?: Route<ContentParsedRequests[T], ContentResponses[T]> };

export function fakeExtension(opts: {
  routes: Routes;
  tabRoutes?: TabRoutes | null;
  activeTab?: ActiveTab | null;
  writeClipboard?: (text: string) => Promise<void>;
  /** Answer of the browser's permission prompt for clipboardRead (default: granted). */
  clipboardReadGranted?: boolean;
  /** Default: the product's zxcvbn estimator over the dictionaries on disk (src/test/strength.ts). */
  strength?: ExtensionServices['strength'];
  now?: Date;
  /** The toolbar button pinned or not (null: the browser cannot tell), and the tip dismissed before. */
  pin?: { pinned: boolean | null; dismissed: boolean };
}) {
  const requests: Envelope[] = [];
  const tabRequests: { tabId: number; message: Envelope }[] = [];
  const clipboard = vi.fn(opts.writeClipboard ?? (async () => undefined));
  const openOptionsPage = vi.fn(async () => undefined);
  const openTab = vi.fn(async (_url: string) => undefined);
  const pin = { ...(opts.pin ?? { pinned: true, dismissed: false }) };
  const dismissPinTip = vi.fn(async () => void (pin.dismissed = true));
  const download = vi.fn();
  const setClipboardRead = vi.fn(async (on: boolean) => on && (opts.clipboardReadGranted ?? true));
  const answer = async (route: ((d: never) => unknown) | undefined, m: Envelope) => {
    if (!route) return { ok: false, error: { code: 'UNKNOWN_MESSAGE', message: `No fake for ${m.type}` } };
    try {
      return { ok: true, data: await route((m.data ?? {}) as never) };
    } catch (err) {
      return errorReply(err);
    }
  };
  const services = createServices({
    transport: async (m) => {
      requests.push(structuredClone(m));
      return answer(opts.routes[m.type as MessageType] as never, m);
    },
    tabTransport: async (tabId, m) => {
      tabRequests.push({ tabId, message: structuredClone(m) });
      // No content script in the tab: Chrome rejects tabs.sendMessage.
      if (opts.tabRoutes === null || opts.tabRoutes === undefined) throw new Error('Could not establish connection. Receiving end does not exist.');
      return answer(opts.tabRoutes[m.type as ContentMessageType] as never, m);
    },
    getActiveTab: async () => opts.activeTab ?? null,
    writeClipboard: clipboard,
    openOptionsPage,
    openTab,
    pinTip: async () => ({ ...pin }),
    dismissPinTip,
    download,
    setClipboardRead,
    strength: opts.strength ?? diskStrength,
    now: () => opts.now ?? new Date(2026, 10, 29, 12, 0),
  });
  const typesSent = () => requests.map((r) => r.type);
  return { services, requests, tabRequests, clipboard, openOptionsPage, openTab, dismissPinTip, download, setClipboardRead, typesSent };
}

export function renderWith(services: ReturnType<typeof fakeExtension>['services'], ui: ComponentChildren) {
  return render(<ExtensionProvider services={services}>{ui}</ExtensionProvider>);
}

/** axe-core violations of the whole document, as "rule: targets" lines (color-contrast needs layout: e2e). */
export async function axeViolations(): Promise<string[]> {
  document.documentElement.lang = 'en';
  document.title = 'Cloudcraft Key Helper';
  const r = await axe.run(document, { rules: { 'color-contrast': { enabled: false } }, resultTypes: ['violations'] });
  return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
