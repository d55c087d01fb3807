/**
 * Clipboard clearing in the offscreen document (Chrome, reason CLIPBOARD).
 *
 * `navigator.clipboard` fails here with "Document is not focused", so this writes through
 * `document.execCommand('copy')`, as Google's offscreen clipboard sample does; a `copy` listener
 * sets the data to the empty string, which an empty selection could not.
 */

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
 * One pending clear at a time: a later order replaces an earlier one (the latest copy decides).
 * `onCleared(clearAt)` runs after the clipboard was cleared.
 * @param clearAt ms since epoch; past values clear at once
 */
export function createClearTimer(opts: { now: () => number; clear: () => boolean; onCleared: (clearAt: number) => void }) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    schedule(clearAt: number) {
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(
        () => {
          timer = undefined;
          if (opts.clear()) opts.onCleared(clearAt);
        },
        Math.max(0, clearAt - opts.now()),
      );
    },
  };
}
