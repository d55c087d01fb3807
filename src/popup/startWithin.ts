/** How long the popup's first render waits for the first view read from storage (main.tsx). */
import type { FirstView } from '../shared/firstView';
import type { PopupStart } from './Popup';

/**
 * What the first render starts from: the first view (shared/firstView.ts) when it comes within
 * `waitMs` ms, otherwise nothing (`{}`): when reading it failed, is not possible in this browser
 * (null) or is late. With nothing, the popup shows "Loading…" until the worker answers, and its
 * views ask for each part themselves (and report any error). Never rejects.
 * @param view the first view being read.
 * @param waitMs the longest wait, in ms (storage usually answers in a few ms).
 */
export async function startWithin(view: Promise<FirstView | null>, waitMs: number): Promise<PopupStart> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), waitMs)));
  try {
    return (await Promise.race([view.catch(() => null), late])) ?? {};
  } finally {
    clearTimeout(timer);
  }
}
