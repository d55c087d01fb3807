/**
 * Clipboard clearing in the offscreen document (Chrome, reason CLIPBOARD).
 *
 * `navigator.clipboard` fails here with "Document is not focused", so this writes through
 * `document.execCommand('copy')`, as Google's offscreen clipboard sample does; a `copy` listener
 * sets the data to the empty string, which an empty selection could not.
 */
import { decideClear } from '../shared/fingerprint';

/** Replaces the clipboard's text with "". Returns whether the browser reported success. */
export function clearClipboard(doc: Document = document): boolean {
  const onCopy = (e: ClipboardEvent) => {
    e.clipboardData?.setData('text/plain', '');
    e.preventDefault();
  };
  doc.addEventListener('copy', onCopy, { once: true });
  const area = doc.getElementById('clip') as HTMLTextAreaElement | null;
  area?.select();
  try {
    return doc.execCommand('copy');
  } finally {
    doc.removeEventListener('copy', onCopy);
  }
}

/**
 * The clipboard's text, read with `document.execCommand('paste')` (works in an extension page only
 * with the `clipboardRead` permission), taken from the `paste` event's data so the textarea's
 * newline normalisation cannot change it. Null when the browser refuses (no permission).
 */
export function readClipboard(doc: Document = document): string | null {
  let text: string | null = null;
  const onPaste = (e: ClipboardEvent) => {
    text = e.clipboardData?.getData('text/plain') ?? null;
    e.preventDefault();
  };
  doc.addEventListener('paste', onPaste);
  const area = doc.getElementById('clip') as HTMLTextAreaElement | null;
  if (area) {
    area.value = '';
    area.focus();
    area.select();
  }
  try {
    if (!doc.execCommand('paste')) return null;
    return text ?? area?.value ?? null;
  } catch {
    return null;
  } finally {
    doc.removeEventListener('paste', onPaste);
    if (area) area.value = '';
  }
}

/**
 * One pending clear at a time: a later order replaces an earlier one (the latest copy decides).
 * `clear(fingerprint)` does the work and says whether it is done (cleared, or deliberately left);
 * `onCleared(clearAt)` runs after that.
 * @param clearAt ms since epoch; past values clear at once
 * @param fingerprint the copied text's fingerprint (clear only if the clipboard still holds it), or null
 */
export function createClearTimer(opts: {
  now: () => number;
  clear: (fingerprint: string | null) => boolean | Promise<boolean>;
  onCleared: (clearAt: number) => void;
}) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    schedule(clearAt: number, fingerprint: string | null = null) {
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(
        () => {
          timer = undefined;
          void Promise.resolve(opts.clear(fingerprint)).then(
            (done) => done && opts.onCleared(clearAt),
            () => undefined, // the backup alarm retries
          );
        },
        Math.max(0, clearAt - opts.now()),
      );
    },
  };
}

/**
 * The offscreen document's clear: with a fingerprint, read first and leave a clipboard that holds
 * something else (shared/fingerprint.ts, `decideClear`). True when done (cleared or left).
 */
export async function clearUnlessChanged(
  fingerprint: string | null,
  io: { read: () => string | null; clear: () => boolean } = { read: () => readClipboard(document), clear: () => clearClipboard(document) },
): Promise<boolean> {
  if ((await decideClear(fingerprint, () => Promise.resolve(io.read()))) === 'leave') return true;
  return io.clear();
}
