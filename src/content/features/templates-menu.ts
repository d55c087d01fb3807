/**
 * A compact "Templates" menu next to "Create API key": lists the templates (least privilege first,
 * from the service worker's `templates.list`) and applies the chosen one (fill only, never save).
 * Closed shadow root with its own styles; untrusted (synthetic) events are ignored, so the page's
 * scripts cannot drive it. Templates are fetched when the menu opens, not at idle.
 *
 * Clickjacking: the page's CSS still reaches our host element (and its ancestors), so it could make
 * the button nearly transparent, page-sized or covered, and have the user click it unknowingly. A
 * pointer click counts only when it hits our own visible, unobscured control (`clickHitsControl`);
 * a keyboard click (Enter or Space) only on the control that has focus in our root.
 */
import { t } from '../../shared/i18n';
import { request } from '../../shared/protocol';
import { proposedName, sortLeastPrivilegeFirst, type Template } from '../../shared/templates';
import type { RunContext } from '../context';
import { createShadowHost } from '../dom/shadow';
import { findCreateButton, findKeysUi } from '../page/finders';
import { permissionWords, teamWords } from '../../shared/words';
import { defineFeature } from './feature';

const CSS = `
:host { all: initial; display: inline-block; position: relative; vertical-align: middle; margin-left: 8px; }
button { font: 13px/1.2 system-ui, sans-serif; cursor: pointer; border-radius: 6px; }
.trigger { padding: 6px 10px; border: 1px solid #9ca3af; background: #fff; color: #111827; }
.trigger:focus-visible, .item:focus-visible { outline: 2px solid #2563eb; outline-offset: 1px; }
[role=menu] { position: absolute; z-index: 2147483647; top: calc(100% + 4px); left: 0; box-sizing: border-box; width: max-content; min-width: 200px; max-width: 360px; margin: 0;
  padding: 4px; list-style: none; background: #fff; border: 1px solid #d1d5db; border-radius: 8px; box-shadow: 0 6px 20px rgba(0,0,0,.18); }
[role=menu][hidden] { display: none; }
.item { display: block; width: 100%; text-align: left; padding: 6px 8px; border: 0; background: none; color: #111827; overflow-wrap: anywhere; }
.item:hover { background: #f3f4f6; }
.sub { display: block; color: #6b7280; font-size: 11px; }
.msg { padding: 6px 8px; color: #6b7280; font: 12px system-ui, sans-serif; }
`;

/**
 * What the browser itself says of each control's visibility, where it can: IntersectionObserver v2
 * (`trackVisibility`, Chrome 74+; W3C IntersectionObserver "Visibility" explainer) reports a target
 * as not visible when anything is drawn over it (a page overlay with `pointer-events: none`, which
 * `elementsFromPoint` cannot see), or when it is transformed, filtered or not fully opaque. Where the
 * browser has no such report (Firefox), `visible` is true and clickHitsControl decides alone.
 */
function watchVisibility(signal: AbortSignal) {
  const last = new WeakMap<Element, boolean>();
  type V2Entry = IntersectionObserverEntry & { isVisible?: boolean };
  let io: IntersectionObserver | null = null;
  try {
    io = new IntersectionObserver((entries) => entries.forEach((e) => (e as V2Entry).isVisible !== undefined && last.set(e.target, (e as V2Entry).isVisible!)), {
      trackVisibility: true,
      delay: 100, // the smallest the browser accepts with trackVisibility
    } as IntersectionObserverInit);
    signal.addEventListener('abort', () => io?.disconnect(), { once: true });
  } catch {
    io = null; // no IntersectionObserver here (tests without layout)
  }
  return {
    observe: (el: Element) => io?.observe(el),
    visible: (el: Element) => last.get(el) !== false,
  };
}

export interface MenuOptions {
  loadTemplates(): Promise<Template[]>;
  onChoose(t: Template): void;
  isTrusted(e: Event): boolean;
  /** Whether a trusted click on `control` is one the user meant (default `clickHitsControl`; unit tests without layout replace it). */
  hitTest?: (e: MouseEvent, control: HTMLElement, host: HTMLElement, root: ShadowRoot) => boolean;
  signal: AbortSignal;
}

/** Together, the host and its ancestors must be at least this opaque (1 = fully): a control the user cannot see is not clicked. */
export const MIN_EFFECTIVE_OPACITY = 0.9;
/** A control's box, CSS px: a button or a menu item, not a page-sized trap. Items wrap long names up to 360 px wide (CSS above). */
export const CONTROL_BOX = { minWidth: 8, minHeight: 8, maxWidth: 480, maxHeight: 160 } as const;

/** Opacity of `el` and every ancestor up to the document, multiplied, `filter: opacity()` included. */
function effectiveOpacity(el: Element): number {
  const win = el.ownerDocument.defaultView;
  if (!win) return 0;
  let alpha = 1;
  for (let n: Element | null = el; n; n = n.parentElement ?? ((n.getRootNode() as ShadowRoot).host ?? null)) {
    const cs = win.getComputedStyle(n);
    if (cs.visibility === 'hidden' || cs.visibility === 'collapse' || cs.display === 'none') return 0;
    alpha *= cs.opacity === '' ? 1 : Number(cs.opacity);
    for (const m of cs.filter.matchAll(/opacity\(\s*([\d.]+)(%?)\s*\)/g)) alpha *= Number(m[1]) / (m[2] ? 100 : 1);
  }
  return alpha;
}

/**
 * Whether a trusted click on `control` (our trigger or a menu item, inside `root`, the closed
 * shadow root of `host`) is one the user meant.
 * - A pointer click (`detail` ≥ 1): its point is inside the control's box; the topmost element there
 *   is our host in the page (`document.elementsFromPoint`: a closed root shows as its host) and the
 *   control (or a part of it) in our root (`root.elementsFromPoint`); the host and its ancestors
 *   together are at least `MIN_EFFECTIVE_OPACITY` opaque; the control's box is a control's size
 *   (`CONTROL_BOX`).
 * - A keyboard click (`detail` 0: Enter or Space on a button): the control has focus in our root.
 * @returns false for anything else: the click is ignored.
 */
export function clickHitsControl(e: MouseEvent, control: HTMLElement, host: HTMLElement, root: ShadowRoot): boolean {
  if (e.detail === 0) return root.activeElement === control;
  const doc = host.ownerDocument;
  const box = control.getBoundingClientRect();
  const { clientX: x, clientY: y } = e;
  if (x < box.left || x > box.right || y < box.top || y > box.bottom) return false;
  if (box.width < CONTROL_BOX.minWidth || box.height < CONTROL_BOX.minHeight || box.width > CONTROL_BOX.maxWidth || box.height > CONTROL_BOX.maxHeight) return false;
  if (doc.elementsFromPoint(x, y)[0] !== host) return false;
  const top = root.elementsFromPoint(x, y)[0];
  if (!top || !(top === control || control.contains(top))) return false;
  return effectiveOpacity(control) >= MIN_EFFECTIVE_OPACITY;
}

/** The popup's wording: "Read-only · no team access", "Read & write · Teams: Engineering (read)". */
const access = (tpl: Template) => `${permissionWords(tpl.permission)} · ${teamWords(tpl.teams)}`;

/** Renders the menu into a new closed-shadow host. Returns the host and (for tests only) its root. */
export function renderTemplatesMenu(doc: Document, opts: MenuOptions): { host: HTMLElement; root: ShadowRoot } {
  const { host, root } = createShadowHost(doc, 'templates', CSS);
  const trigger = doc.createElement('button');
  trigger.type = 'button';
  trigger.className = 'trigger';
  trigger.textContent = t('menuTrigger');
  trigger.setAttribute('aria-haspopup', 'menu');
  trigger.setAttribute('aria-expanded', 'false');
  trigger.setAttribute('aria-controls', 'm');
  const menu = doc.createElement('ul');
  menu.id = 'm';
  menu.setAttribute('role', 'menu');
  menu.setAttribute('aria-label', t('menuLabel'));
  menu.hidden = true;
  root.append(trigger, menu);
  const on = { signal: opts.signal };
  const hitTest = opts.hitTest ?? clickHitsControl;
  const seen = watchVisibility(opts.signal);
  seen.observe(trigger);
  /** A trusted click the user meant on `control` (see clickHitsControl), that the browser last saw visible. */
  const meant = (e: Event, control: HTMLElement) => opts.isTrusted(e) && seen.visible(control) && hitTest(e as MouseEvent, control, host, root);

  const items = () => [...menu.querySelectorAll<HTMLElement>('[role=menuitem]')];
  /** Roving focus: the focused item is the menu's one tab stop. */
  const focusItem = (i: number) => {
    const list = items();
    const n = list.length;
    if (!n) return;
    list.forEach((b, j) => (b.tabIndex = j === (i + n) % n ? 0 : -1));
    list[(i + n) % n]!.focus();
  };
  const close = (refocus = false) => {
    menu.hidden = true;
    trigger.setAttribute('aria-expanded', 'false');
    if (refocus) trigger.focus();
  };
  const choose = (tpl: Template) => {
    close(true);
    opts.onChoose(tpl);
  };
  /** Opens the menu; once the templates are listed, focuses the first item (the last with `last`). */
  const open = async (last = false) => {
    menu.hidden = false;
    trigger.setAttribute('aria-expanded', 'true');
    menu.replaceChildren(Object.assign(doc.createElement('li'), { className: 'msg', textContent: t('loading') }));
    let list: Template[];
    try {
      list = sortLeastPrivilegeFirst(await opts.loadTemplates());
    } catch {
      menu.replaceChildren(Object.assign(doc.createElement('li'), { className: 'msg', textContent: t('menuUnavailable') }));
      return;
    }
    if (menu.hidden) return; // closed while loading
    menu.replaceChildren(
      ...list.map((tpl) => {
        const li = doc.createElement('li');
        li.setAttribute('role', 'none');
        const b = doc.createElement('button');
        b.type = 'button';
        b.className = 'item';
        b.tabIndex = -1;
        b.setAttribute('role', 'menuitem');
        b.append(tpl.label, Object.assign(doc.createElement('span'), { className: 'sub', textContent: access(tpl) }));
        b.addEventListener('click', (e) => meant(e, b) && !menu.hidden && choose(tpl), on);
        b.addEventListener('keydown', (e) => (e.key === 'Enter' || e.key === ' ') && opts.isTrusted(e) && (e.preventDefault(), choose(tpl)), on);
        li.append(b);
        seen.observe(b);
        return li;
      }),
    );
    focusItem(last ? -1 : 0);
  };
  trigger.addEventListener(
    'click',
    (e) => {
      if (!meant(e, trigger)) return;
      if (menu.hidden) void open();
      else close();
    },
    on,
  );
  /**
   * Menu button keys (WAI-ARIA APG): ArrowDown/ArrowUp on the trigger open the menu on the first/last
   * item; in the menu ArrowDown/ArrowUp move (wrapping), Home/End jump, Escape closes it and returns
   * to the trigger, Tab closes it. The keys we handle stop here: Escape must not reach the page, whose
   * dialog around us would close too.
   */
  root.addEventListener(
    'keydown',
    (e) => {
      const k = (e as KeyboardEvent).key;
      if (!opts.isTrusted(e)) return;
      const i = items().indexOf(root.activeElement as HTMLElement);
      const up = k === 'ArrowUp';
      if (!menu.hidden && k === 'Escape') close(true);
      else if (e.target === trigger) {
        if (k !== 'ArrowDown' && !up) return;
        if (menu.hidden) void open(up);
        else focusItem(up ? -1 : 0);
      } else if (menu.hidden) return;
      else if (k === 'Tab') return close();
      else if (k === 'ArrowDown' || up) focusItem(i + (up ? -1 : 1));
      else if (k === 'Home' || k === 'End') focusItem(k === 'Home' ? 0 : -1);
      else return;
      e.preventDefault();
      e.stopPropagation();
    },
    on,
  );
  doc.addEventListener('pointerdown', (e) => e.isTrusted && !e.composedPath().includes(host) && close(), { ...on, capture: true });
  return { host, root };
}

export const templatesMenu = defineFeature({
  id: 'templates-menu',
  init(ctx: RunContext) {
    let host: HTMLElement | null = null;
    let cache: { at: number; list: Template[] } | null = null;
    const loadTemplates = async () => {
      if (cache && Date.now() - cache.at < 30_000) return cache.list;
      const { templates } = await request(ctx.transport, 'templates.list', {});
      cache = { at: Date.now(), list: templates };
      return templates;
    };
    let lastExisting: string[] = [];
    const onChoose = (tpl: Template) => {
      const name = proposedName(tpl);
      if (lastExisting.includes(name)) ctx.emit('notice', { text: t('noticeDuplicateName', name), tone: 'warn' });
      ctx.emit('apply-request', { template: tpl, name });
    };
    ctx.signal.addEventListener('abort', () => host?.remove(), { once: true });
    ctx.on('state', (state) => {
      lastExisting = 'existingNames' in state ? state.existingNames : [];
      const button = state.kind === 'keys-list' || state.kind === 'create-form' ? findCreateButton(findKeysUi(ctx.doc) ?? ctx.doc) : null;
      if (!button) {
        host?.remove();
        return;
      }
      if (host && host.isConnected && host.previousElementSibling === button) return;
      host ??= renderTemplatesMenu(ctx.doc, { loadTemplates, onChoose, isTrusted: ctx.isTrusted, signal: ctx.signal }).host;
      button.insertAdjacentElement('afterend', host);
    });
  },
});
