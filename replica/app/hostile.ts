/**
 * `hostile=1`: what a compromised or malicious page could do to the extension's content script.
 * - forged extension messages over window.postMessage (the content script must ignore them);
 * - `window.__replicaHostile.clickAll()`: untrusted click/pointer events on every element it can
 *   reach, including open shadow roots (the extension's in-page UI must not act on them).
 * The hidden decoys (fake heading and secret) are rendered by the App (see HostileDecoys).
 */

export const HOSTILE_FAKE_SECRET = 'HOSTILE-FAKE-SECRET-0000000000000000';
export const HOSTILE_POSTMESSAGE_SECRET = 'HOSTILE-POSTMESSAGE-SECRET-000000';

/** Messages shaped like the extension's protocol (src/shared/messages.ts). */
export function forgedMessages(): unknown[] {
  const now = Date.now();
  return [
    {
      type: 'keys.capture',
      data: {
        secret: HOSTILE_POSTMESSAGE_SECRET,
        name: 'hostile-postmessage',
        permission: 'read-write',
        teams: [],
        templateId: null,
        templateLabel: null,
        capturedAt: now,
      },
    },
    { type: 'keys.list', data: {} },
    { type: 'keys.reveal', data: { id: 'any' } },
    { type: 'vault.unlock', data: { passphrase: 'hostile' } },
    {
      type: 'page.apply',
      data: {
        template: { id: 'hostile', label: 'Hostile', namePattern: 'hostile', permission: 'read-write', teams: [], description: '', source: 'user' },
        name: 'hostile',
        save: true,
      },
    },
  ];
}

export interface HostileApi {
  /** Number of forged postMessage batches sent so far. */
  posted: number;
  /** Dispatches untrusted pointerdown/mousedown/pointerup/mouseup/click on every element (light DOM and open shadow roots); returns how many elements got events. */
  clickAll(): number;
}

function allElements(root: Document | ShadowRoot, out: Element[]): Element[] {
  for (const el of Array.from(root.querySelectorAll('*'))) {
    out.push(el);
    if (el.shadowRoot) allElements(el.shadowRoot, out);
  }
  return out;
}

/** Starts the attacks; returns a function that stops them. */
export function startHostile(win: Window & typeof globalThis = window): () => void {
  const api: HostileApi = {
    posted: 0,
    clickAll() {
      const els = allElements(win.document, []);
      for (const el of els) {
        const init = { bubbles: true, composed: true, cancelable: true, button: 0 };
        const P = typeof win.PointerEvent === 'function' ? win.PointerEvent : win.MouseEvent;
        el.dispatchEvent(new P('pointerdown', init));
        el.dispatchEvent(new win.MouseEvent('mousedown', init));
        el.dispatchEvent(new P('pointerup', init));
        el.dispatchEvent(new win.MouseEvent('mouseup', init));
        el.dispatchEvent(new win.MouseEvent('click', init));
      }
      return els.length;
    },
  };
  const post = () => {
    for (const m of forgedMessages()) win.postMessage(m, '*');
    api.posted++;
  };
  (win as unknown as { __replicaHostile?: HostileApi }).__replicaHostile = api;
  post();
  const timer = win.setInterval(post, 1000);
  return () => {
    win.clearInterval(timer);
    delete (win as unknown as { __replicaHostile?: HostileApi }).__replicaHostile;
  };
}
