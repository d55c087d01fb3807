/**
 * Unlocked: the tab's status (the keys list told apart from the create form; "Open Cloudcraft"
 * when elsewhere), the last capture, a one-time tip to pin the toolbar button, then the stored keys
 * (used daily) and the templates (once per key), with Lock and Options.
 */
import { useCallback, useEffect, useLayoutEffect, useState } from 'preact/hooks';
import { CLOUDCRAFT_ORIGIN, DEFAULT_SETTINGS, type CaptureReport, type Settings } from '../shared/protocol';
import { t } from '../shared/i18n';
import type { Template } from '../shared/templates';
import { errorCode, errorText, useExtension } from '../ui/extension';
import { captureWords } from '../shared/words';
import { KeysPanel } from './keys/KeysPanel';
import { PinTip } from './PinTip';
import { canApply, readTabInfo, tabStatusText, type TabInfo } from './tabInfo';
import { TemplatesPanel } from './TemplatesPanel';

/** How often the unlocked popup checks that the vault is still unlocked. */
export const STATUS_CHECK_MS = 5_000;

/**
 * What the popup read as it opened, before its first render (src/popup/main.tsx, from
 * shared/firstView.ts): the unlocked view then renders complete at once instead of filling in piece
 * by piece. A missing field is asked of the worker by the view, which reports any error.
 */
export interface UnlockedStart {
  templates?: Template[];
  settings?: Settings;
}

export function Unlocked(props: { onLocked: () => void; start?: UnlockedStart }) {
  const { send, sendToTab, getActiveTab, openOptionsPage, openTab } = useExtension();
  const [tab, setTab] = useState<TabInfo>({ kind: 'loading' });
  const [settings, setSettings] = useState<Settings>(props.start?.settings ?? DEFAULT_SETTINGS);
  const [templates, setTemplates] = useState<Template[] | null>(props.start?.templates ?? null);
  const [vaultNames, setVaultNames] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [keysVersion, setKeysVersion] = useState(0);

  /** Errors of any call: LOCKED (auto-lock while open) switches to the locked view. */
  const onError = useCallback(
    (err: unknown): boolean => {
      if (errorCode(err) === 'LOCKED') {
        props.onLocked();
        return true;
      }
      return false;
    },
    [props.onLocked],
  );

  const refreshTab = useCallback(async () => setTab(await readTabInfo({ getActiveTab, sendToTab })), [getActiveTab, sendToTab]);

  useLayoutEffect(() => {
    if (!props.start?.settings) void send('settings.get', {}).then((r) => setSettings(r.settings), () => undefined);
    if (!props.start?.templates) {
      send('templates.list', {}).then(
        (r) => setTemplates(r.templates),
        (e: unknown) => {
          if (!onError(e)) setError(t('templatesLoadFailed', errorText(e)));
        },
      );
    }
    void refreshTab();
  }, []);

  // The vault may auto-lock while the popup stays open: look every few seconds and when the window
  // gets focus, and switch to the locked view (which also drops any revealed secret with this view).
  useEffect(() => {
    let stopped = false;
    const check = () => {
      send('vault.status', {}).then(
        (r) => {
          if (!stopped && r.state !== 'unlocked') props.onLocked();
        },
        () => undefined,
      );
    };
    const timer = setInterval(check, STATUS_CHECK_MS);
    window.addEventListener('focus', check);
    return () => {
      stopped = true;
      clearInterval(timer);
      window.removeEventListener('focus', check);
    };
  }, [send, props.onLocked]);

  // Cloudcraft is still mounting the API keys UI, shows a new key until the user clicks Done, or a
  // Save waits for its key: the tab does not tell us when that ends, so look again shortly (Apply
  // stays disabled until then).
  const capture = tab.kind === 'page' ? tab.page.capture : undefined;
  const pageLoading = tab.kind === 'page' && (tab.page.kind === 'loading' || tab.page.kind === 'secret-shown' || capture?.status === 'waiting');
  useEffect(() => {
    if (!pageLoading) return;
    const timer = setTimeout(() => void refreshTab(), 500);
    return () => clearTimeout(timer);
  }, [tab, pageLoading, refreshTab]);

  // A key captured since the list was read: list it.
  const capturedAt = capture?.status === 'captured' ? capture.at : 0;
  useEffect(() => {
    if (capturedAt) setKeysVersion((n) => n + 1);
  }, [capturedAt]);

  function onApplied(saved: boolean) {
    void refreshTab();
    // Saving makes Cloudcraft show the secret, which the content script captures: list it.
    if (saved) setKeysVersion((n) => n + 1);
  }

  async function lock() {
    try {
      await send('vault.lock', {});
      props.onLocked();
    } catch (err) {
      setError(t('lockFailed', errorText(err)));
    }
  }

  return (
    <div class="stack">
      <header class="bar">
        <h1>{t('extName')}</h1>
        <div class="actions">
          <button type="button" onClick={() => void openOptionsPage()}>
            {t('options')}
          </button>
          <button type="button" onClick={() => void lock()}>
            {t('lock')}
          </button>
        </div>
      </header>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class={`tab-status ${canApply(tab) ? 'ok' : ''}`}>
        <p role="status" aria-label={t('tabStatusLabel')}>
          {tabStatusText(tab)}
        </p>
        {tab.kind === 'not-cloudcraft' && (
          <button type="button" class="link" onClick={() => void openTab(`${CLOUDCRAFT_ORIGIN}/`).then(() => window.close())}>
            {t('openCloudcraft')}
          </button>
        )}
      </div>
      {capture && <CaptureLine report={capture} />}
      <PinTip />
      <KeysPanel settings={settings} templates={templates ?? []} tab={tab} onError={onError} version={keysVersion} refreshTab={() => void refreshTab()} onNames={setVaultNames} />
      <TemplatesPanel tab={tab} templates={templates} vaultNames={vaultNames} onApplied={onApplied} />
    </div>
  );
}

/** What became of the last Save in the Cloudcraft tab: waiting, captured (with the key's hint), or not captured and why. */
function CaptureLine(props: { report: CaptureReport }) {
  const { text, error } = captureWords(props.report);
  return (
    <p class={`capture ${error ? 'error' : props.report.status === 'captured' ? 'ok' : ''}`} role={error ? 'alert' : 'status'}>
      {text}
    </p>
  );
}
