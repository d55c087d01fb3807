/**
 * Detects the API keys UI whenever it appears (modal, pushState route, back/forward, late mount,
 * remount, background tab) and keeps the current PageState. One observer (dom/observe.ts), wide
 * while there is no UI, narrowed to the UI's root and its ancestry while it is shown.
 * Content scripts cannot see the page's `history.pushState` calls; every route change re-renders
 * the DOM, which the observer sees. popstate/hashchange only prompt a re-check.
 */
import type { CaptureReport, PageState } from '../../shared/protocol';
import { observeDom, type DomWatch } from '../dom/observe';
import { readPageState, sameState } from '../page/state';
import { defineFeature } from './feature';

/** Added elements that may start or change the UI (cheap: one matches + one querySelector). */
const ANCHORS = 'h1,h2,h3,h4,h5,h6,[role="heading"],[role="dialog"],dialog,[aria-modal="true"],form,table,input,code';
const interesting = (el: Element) =>
  !el.hasAttribute('data-cckh') && (el.matches(ANCHORS) || (el.firstElementChild !== null && el.querySelector(ANCHORS) !== null));

export interface DetectUiApi {
  /** A fresh reading (also refreshes the cached state). */
  getState(): PageState;
  readonly watch: DomWatch;
}

export const detectUi = defineFeature<DetectUiApi>({
  id: 'detect-ui',
  init(ctx) {
    let current: PageState = { kind: 'no-ui' };
    let secretEl: Element | null = null;
    let capture: CaptureReport | null = null;
    /** The key names the list showed when last readable (the create form may cover it). */
    let lastNames: string[] = [];
    ctx.on('secret-view', ({ el }) => (secretEl = el));
    const update = (): PageState => {
      if (!ctx.isValid()) return current;
      if (secretEl && !secretEl.isConnected) secretEl = null;
      const read = readPageState(ctx.doc, secretEl, lastNames);
      if (read.state.kind === 'keys-list' || ('existingNames' in read.state && read.state.existingNames.length)) lastNames = read.state.existingNames;
      const state: PageState = capture ? { ...read.state, capture } : read.state;
      const root = read.root;
      watch.focus(root);
      const changed = !sameState(state, current);
      if (changed && current.kind === 'no-ui' && state.kind !== 'no-ui') performance.mark?.('cckh:detected');
      current = state;
      ctx.emit('state', state);
      return state;
    };
    const watch = observeDom({ doc: ctx.doc, signal: ctx.signal, interesting, onBatch: update });
    const win = ctx.doc.defaultView;
    win?.addEventListener('popstate', watch.poke, { signal: ctx.signal });
    win?.addEventListener('hashchange', watch.poke, { signal: ctx.signal });
    ctx.on('capture', (r) => {
      capture = r;
      update();
    });
    update();
    return { getState: update, watch };
  },
});
