/**
 * Copying a stored key, in the form a tool expects (shared/copyFormats.ts), with the clipboard
 * cleared after the user's delay: the clear is scheduled in the service worker before the text is
 * written, so a popup that closes during the write (focus moved, window closed) still leaves a clear
 * due. A write that fails leaves it scheduled too: it clears whatever the clipboard holds then
 * (only the copied text, with "clear only if unchanged"). The secret lives only in `copy`: fetched,
 * formatted, written, dropped.
 */
import { useEffect, useState } from 'preact/hooks';
import { formatKey, type CopyFormat } from '../../shared/copyFormats';
import { clipboardFingerprint } from '../../shared/fingerprint';
import { t } from '../../shared/i18n';
import type { KeyMeta, Settings } from '../../shared/protocol';
import { errorText, useExtension } from '../../ui/extension';
import { copyFormatWords } from '../../shared/words';

export type Status = { text: string; kind: 'ok' | 'error' | 'info' } | null;

/**
 * @returns `copy(format)`, `clearNow()` while a clear is due, and the status to show ("Copied as
 *   .env line — clears in 29 s", counting down each second from the worker's due time).
 */
export function useCopy(k: Pick<KeyMeta, 'id'>, settings: Settings, hooks: { onCopied: (k: KeyMeta) => void; onError: (e: unknown) => boolean }) {
  const { send, writeClipboard, now } = useExtension();
  const [status, setStatus] = useState<Status>(null);
  /** A clear due at `clearAt` (the worker's clock): `leftMs` after `start` (Date.now()). */
  const [clearing, setClearing] = useState<{ leftMs: number; start: number; clearAt: number; what: string } | null>(null);

  useEffect(() => {
    if (!clearing) return;
    const update = () => {
      const left = Math.ceil((clearing.leftMs - (Date.now() - clearing.start)) / 1000);
      if (left > 0) setStatus({ text: t('copiedClears', [clearing.what, left]), kind: 'ok' });
      else {
        setStatus({ text: t('clipboardCleared'), kind: 'ok' });
        setClearing(null);
      }
    };
    update();
    const timer = setInterval(update, 1000);
    return () => clearInterval(timer);
  }, [clearing]);

  /** Shows a status (and ends a running countdown). */
  const say = (st: Status) => {
    setClearing(null);
    setStatus(st);
  };
  const fail = (err: unknown) => {
    if (!hooks.onError(err)) say({ text: t('copyFailed', errorText(err)), kind: 'error' });
  };

  async function copy(format: CopyFormat): Promise<boolean> {
    say(null);
    const delay = settings.clipboardClearSeconds;
    const what = copyFormatWords(format);
    let text: string;
    let clearsAt: number | null = null;
    let scheduleError: unknown = null;
    try {
      text = formatKey((await send('keys.reveal', { id: k.id })).secret, format);
    } catch (err) {
      fail(err);
      return false;
    }
    try {
      // SHA-256 of the copied text: lets the clearer leave a newer copy of the user's alone
      // (setting "clear only if unchanged"; shared/fingerprint.ts).
      clearsAt = (await send('clipboard.scheduleClear', { delaySeconds: delay, fingerprint: await clipboardFingerprint(text) })).clearsAt;
    } catch (err) {
      scheduleError = err;
    }
    try {
      await writeClipboard(text);
    } catch (err) {
      fail(err);
      return false;
    }
    send('keys.markCopied', { id: k.id }).then((r) => hooks.onCopied(r.key), () => undefined);
    if (scheduleError) say({ text: t('copiedNoClear', [what, errorText(scheduleError)]), kind: 'error' });
    // Counted from the service worker's due time (the same clock), then down each second.
    else if (delay > 0 && clearsAt !== null) setClearing({ leftMs: clearsAt - now().getTime(), start: Date.now(), clearAt: clearsAt, what });
    else say({ text: t('copied', what), kind: 'ok' });
    return true;
  }

  /** "Clear now", while a clear is due: the popup clears the clipboard itself and the worker forgets the due time. */
  async function clearNow(): Promise<void> {
    if (!clearing) return;
    try {
      await writeClipboard('');
    } catch (err) {
      say({ text: t('clearNowFailed', errorText(err)), kind: 'error' });
      return;
    }
    say({ text: t('clipboardCleared'), kind: 'ok' });
    send('clipboard.cleared', { clearAt: clearing.clearAt }).catch(() => undefined);
  }

  return { copy, clearNow, clearing: clearing !== null, status, say };
}
