/**
 * One context per content-script run: an AbortController whose signal every listener, observer and
 * timer uses; "extension context invalidated" detection (after an update or reload the old script
 * keeps running but `browser.runtime.id` is gone) that tears everything down; a tiny typed event
 * bus between features; and the transport to the service worker.
 */
import type { CaptureReport, KeyTeam, PageState, Transport } from '../shared/protocol';
import type { Permission, Template } from '../shared/templates';

/** The form as it is about to be saved, read back from its controls (what the capture stores with the secret). */
export interface SaveSnapshot {
  name: string;
  permission: Permission;
  teams: KeyTeam[];
  templateId: string | null;
  templateLabel: string | null;
  /** The stored key this one replaces (a rotation started in the popup), or null. */
  rotatedFrom: string | null;
  /** The form element (to attach a template only to the form it filled). */
  form: Element | null;
}

export interface Events {
  /** Every observed change of the page (coalesced), with the current state. */
  state: PageState;
  /** A Save is about to happen (trusted user click or our own "Fill & save"). */
  'save-intent': SaveSnapshot;
  /** A message for the user (the in-page toast). Never a secret. */
  notice: { text: string; tone: 'ok' | 'warn' | 'error' };
  /** A template was applied to this form (so a later manual Save can name it). */
  applied: { form: Element; templateId: string; templateLabel: string; name: string };
  /** The in-page menu asks to apply a template (never saves). */
  'apply-request': { template: ApplyTemplate; name: string };
  /** The last Save's capture moved on (waiting, captured, missed, failed). */
  capture: CaptureReport;
  /** Cloudcraft shows a new key's secret in `el` (until it goes away: the secret view is up). */
  'secret-view': { el: Element };
}

/** The part of a template the apply pipeline reads. */
export type ApplyTemplate = Pick<Template, 'id' | 'label' | 'permission' | 'teams'>;

/** How long the capture waits for a new key after Save (ms); tests shorten it. */
export interface CaptureTiming {
  /** Until the user is told the key was not captured (the product's wait: 10 s). */
  waitMs: number;
  /** Until a late key is no longer looked for (60 s). */
  lateMs: number;
}

export const CAPTURE_TIMING: Readonly<CaptureTiming> = Object.freeze({ waitMs: 10_000, lateMs: 60_000 });

export interface RunContext {
  readonly doc: Document;
  readonly captureTiming: Readonly<CaptureTiming>;
  readonly signal: AbortSignal;
  readonly transport: Transport;
  /** False once the extension context is invalidated or the run aborted. */
  isValid(): boolean;
  /** Whether an event came from the user (overridable in tests: happy-dom events are never trusted). */
  isTrusted(e: Event): boolean;
  on<K extends keyof Events>(type: K, fn: (payload: Events[K]) => void): void;
  emit<K extends keyof Events>(type: K, payload: Events[K]): void;
  setTimeout(fn: () => void, ms: number): void;
  abort(reason?: string): void;
}

export interface ContextOptions {
  doc?: Document;
  transport: Transport;
  /** Returns false once the extension context is gone (`browser.runtime?.id == null`). */
  alive?: () => boolean;
  isTrusted?: (e: Event) => boolean;
  captureTiming?: Partial<CaptureTiming>;
}

export function createRunContext(opts: ContextOptions): RunContext {
  const ac = new AbortController();
  const alive = opts.alive ?? (() => true);
  const listeners = new Map<keyof Events, Set<(p: never) => void>>();
  const ctx: RunContext = {
    doc: opts.doc ?? document,
    captureTiming: { ...CAPTURE_TIMING, ...opts.captureTiming },
    signal: ac.signal,
    transport: (m) => {
      if (!ctx.isValid()) return Promise.reject(new Error('Extension context invalidated'));
      return opts.transport(m);
    },
    isValid() {
      if (ac.signal.aborted) return false;
      if (!alive()) {
        ac.abort('extension context invalidated');
        return false;
      }
      return true;
    },
    isTrusted: opts.isTrusted ?? ((e) => e.isTrusted),
    on(type, fn) {
      let set = listeners.get(type);
      if (!set) listeners.set(type, (set = new Set()));
      set.add(fn as (p: never) => void);
      ac.signal.addEventListener('abort', () => set.delete(fn as (p: never) => void), { once: true });
    },
    emit(type, payload) {
      if (!ctx.isValid()) return;
      for (const fn of [...(listeners.get(type) ?? [])]) {
        try {
          (fn as (p: typeof payload) => void)(payload);
        } catch (err) {
          console.error('[cckh]', type, err instanceof Error ? err.name : 'error');
        }
      }
    },
    setTimeout(fn, ms) {
      const t = setTimeout(() => ctx.isValid() && fn(), ms);
      ac.signal.addEventListener('abort', () => clearTimeout(t), { once: true });
    },
    abort(reason) {
      ac.abort(reason ?? 'aborted');
    },
  };
  return ctx;
}
