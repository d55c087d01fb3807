/**
 * The active tab as the popup sees it: not Cloudcraft, Cloudcraft without an answering content
 * script, or the content script's PageState; and the status line's words for it.
 */
import { t } from '../shared/i18n';
import { CLOUDCRAFT_ORIGIN, type PageState } from '../shared/protocol';
import type { ActiveTab, ExtensionServices } from '../ui/extension';

export type TabInfo =
  | { kind: 'loading' }
  | { kind: 'not-cloudcraft' }
  | { kind: 'no-answer'; tab: ActiveTab }
  | { kind: 'page'; tab: ActiveTab; page: PageState };

/**
 * Reads the active tab: not Cloudcraft, Cloudcraft whose content script does not answer (a tab
 * opened before the extension was installed: reload it), or its PageState. Never rejects.
 */
export async function readTabInfo(services: Pick<ExtensionServices, 'getActiveTab' | 'sendToTab'>): Promise<TabInfo> {
  const active = await services.getActiveTab().catch(() => null);
  if (!active || !active.url.startsWith(CLOUDCRAFT_ORIGIN + '/')) return { kind: 'not-cloudcraft' };
  try {
    return { kind: 'page', tab: active, page: await services.sendToTab(active.id, 'page.getState', {}) };
  } catch {
    return { kind: 'no-answer', tab: active };
  }
}

/** Whether a template can be applied now: Cloudcraft shows its keys list or its create form. */
export const canApply = (info: TabInfo): info is Extract<TabInfo, { kind: 'page' }> =>
  info.kind === 'page' && (info.page.kind === 'keys-list' || info.page.kind === 'create-form');

/** The status line: what the tab shows, the keys list told apart from the open create form. */
export function tabStatusText(info: TabInfo): string {
  switch (info.kind) {
    case 'loading':
      return t('tabChecking');
    case 'not-cloudcraft':
      return t('tabNotCloudcraft');
    case 'no-answer':
      return t('tabReload');
    case 'page':
      switch (info.page.kind) {
        case 'no-ui':
          return t('tabNoUi');
        case 'loading':
          return t('tabLoading');
        case 'secret-shown':
          return info.page.capture?.status === 'captured' ? t('tabSecretCaptured') : t('tabSecretShown');
        case 'create-form':
          return t('tabCreateForm');
        case 'keys-list':
          return t('tabKeysList');
      }
  }
}
