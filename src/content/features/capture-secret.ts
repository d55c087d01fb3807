/**
 * Captures the one-time secret Cloudcraft shows after Save, by what changed: sends it once to the
 * service worker with the form's metadata, and tells the user what happened either way.
 *
 * - Armed only by a trusted Save (a real user's click or Enter-submit, seen in the capture phase
 *   before the page handles it) or by our own "Fill & save"; synthetic clicks and
 *   `window.postMessage` never arm it (we do not listen to 'message' at all).
 * - Looks only inside the saved form's dialog or container (or what replaces it there: a dialog
 *   that appears, or what takes the container's place), and only at nodes added or changed after
 *   arming. A value already on the page before Save is never the secret, wherever it is.
 * - Recognises the secret by its shape (page/secret.ts; Cloudcraft's 44-character base64 scores
 *   highest); phrases such as "will not be shown again" only break ties.
 * - Waits through "Generating…" for up to 10 s (context.ts, CAPTURE_TIMING); then, if nothing was
 *   captured, says so in the page and in the popup ("not captured: copy it from Cloudcraft now"),
 *   and keeps watching quietly until 60 s after Save in case the key shows late.
 * The secret is sent and dropped: never stored here, logged, or written into the DOM; notices show
 * its first and last 4 characters and its length, no more.
 */
import { t } from '../../shared/i18n';
import { type CaptureReport, DEFAULT_SETTINGS, ProtocolError, request, type Verification } from '../../shared/protocol';
import type { Events, RunContext, SaveSnapshot } from '../context';
import { textOf } from '../dom/aria';
import { cleanName } from '../page/clean';
import {
  DIALOG_SEL,
  captureScope,
  findCreateForm,
  findKeysUi,
  findSaveButton,
  isOwn,
  readExistingNames,
  type CreateForm,
} from '../page/finders';
import { readFormValues } from '../page/formValues';
import { MIN_SECRET_SCORE, scoreSecret, valuesIn, type SecretCandidate } from '../page/secret';
import { norm } from '../page/synonyms';
import { defineFeature } from './feature';

/** How often values set without a DOM mutation (an input's `value` property) are looked at. */
const POLL_MS = 250;

/** A user's own Save: what the form holds now, and the template applied to this form under this name, if any. */
export function snapshotForm(form: CreateForm, applied: Events['applied'] | null): SaveSnapshot {
  const values = readFormValues(form);
  const fromTemplate = applied && applied.form === form.root && applied.name === values.name;
  return {
    ...values,
    templateId: fromTemplate ? applied.templateId : null,
    templateLabel: fromTemplate ? applied.templateLabel : null,
    rotatedFrom: null,
    form: form.root,
  };
}

/** "AbCd…xY1=" (first and last 4; 2 and 2 under 16 characters): enough to compare with the page. */
export function secretHint(secret: string): string {
  const n = secret.length >= 16 ? 4 : 2;
  return `${secret.slice(0, n)}…${secret.slice(-n)}`;
}

export interface CaptureApi {
  /** True while a Save is awaiting its secret. */
  armed(): boolean;
  /** The last Save's outcome (for the popup), or null before any Save. */
  report(): CaptureReport | null;
}

/** One Save being watched: its metadata, where to look, and what changed since. */
interface Watch {
  snapshot: SaveSnapshot;
  /** The places a secret may appear: the form's dialog or container, and what replaced it. */
  regions: Set<Element>;
  /** Elements added or changed since arming. */
  changed: Set<Element>;
  /** Inputs' values at arming (a value typed before Save is not the secret). */
  inputsBefore: WeakMap<Element, string>;
  /** Normalised values that were on the page at arming, the name and team names: never the secret. */
  known: Set<string>;
  stop: AbortController;
  armedAt: number;
  /** The user has been told it was not captured. */
  missed: boolean;
}

export const captureSecret = defineFeature<CaptureApi>({
  id: 'capture-secret',
  init(ctx: RunContext) {
    const doc = ctx.doc;
    let watch: Watch | null = null;
    let last: CaptureReport | null = null;
    let lastApplied: Events['applied'] | null = null;
    /**
     * Secrets already handled, as salted 32-bit FNV-1a markers: non-reversible, in memory only (the
     * value itself is never kept), so a re-render of the same key is not captured twice.
     */
    const handled = new Set<number>();
    const salt = crypto.getRandomValues(new Uint32Array(1))[0] ?? 0;
    const marker = (v: string) => {
      let h = 0x811c9dc5 ^ salt;
      for (let i = 0; i < v.length; i++) h = Math.imul(h ^ v.charCodeAt(i), 0x01000193);
      return h >>> 0;
    };

    const setReport = (r: CaptureReport) => {
      last = r;
      ctx.emit('capture', r);
    };

    ctx.on('applied', (a) => (lastApplied = a));
    ctx.on('save-intent', (s) => arm(s));
    /** Key names the list showed last (the form may cover the list when Save is clicked). */
    let listedNames: string[] = [];
    ctx.on('state', (st) => {
      if ('existingNames' in st && st.existingNames.length) listedNames = st.existingNames;
    });

    function arm(snapshot: SaveSnapshot): void {
      if (watch && !watch.stop.signal.aborted) {
        // A second Save while the first is awaited (a double click, a retry after an error): what
        // appeared since the first still counts; the newest form state names the key.
        watch.snapshot = snapshot;
        return;
      }
      const form = snapshot.form;
      const scope = form ? captureScope(form) : (findKeysUi(doc) ?? doc.body);
      const keys = findKeysUi(doc);
      const known = new Set<string>();
      for (const where of [scope, keys].filter((x): x is Element => x !== null)) for (const v of valuesIn(where, isOwn)) known.add(norm(v.value));
      for (const n of [...listedNames, ...(keys ? readExistingNames(keys) : [])]) known.add(norm(n));
      known.add(norm(snapshot.name));
      for (const g of snapshot.teams) known.add(norm(g.team));
      const inputsBefore = new WeakMap<Element, string>();
      for (const i of doc.querySelectorAll('input,textarea')) inputsBefore.set(i, (i as HTMLInputElement).value);
      const w: Watch = {
        snapshot,
        regions: new Set([scope]),
        changed: new Set(),
        inputsBefore,
        known,
        stop: new AbortController(),
        armedAt: Date.now(),
        missed: false,
      };
      watch = w;
      setReport({ status: 'waiting', name: cleanName(snapshot.name), at: w.armedAt });
      observe(w, scope);
    }

    function observe(w: Watch, scope: Element): void {
      const former = scope.parentElement;
      const signal = w.stop.signal;
      ctx.signal.addEventListener('abort', () => w.stop.abort(), { once: true, signal });
      let queued = false;
      const look = () => {
        queued = false;
        if (signal.aborted) return;
        const best = bestCandidate(w);
        if (best) void deliver(w, best);
      };
      const soon = () => {
        if (!queued) {
          queued = true;
          queueMicrotask(look);
        }
      };
      // Only what happens inside the regions is kept (a page that churns elsewhere, a diagram
      // canvas, costs a containment check per record and no memory).
      const mo = new MutationObserver((records) => {
        let hit = false;
        for (const r of records) {
          if (r.type === 'childList') {
            for (const n of r.addedNodes) {
              const el = n.nodeType === 1 ? (n as Element) : n.parentElement;
              if (!el || isOwn(el)) continue;
              // What replaces the form's container: a dialog that appears (a library opening a
              // "key created" dialog), or a new element where the container was.
              if (n.nodeType === 1) {
                if (el.matches(DIALOG_SEL)) w.regions.add(el);
                else for (const d of el.querySelectorAll(DIALOG_SEL)) w.regions.add(d);
                if (!scope.isConnected && r.target === former) w.regions.add(el);
              }
              if (inRegion(w, el)) {
                w.changed.add(el);
                hit = true;
              }
            }
          } else {
            const el = r.type === 'characterData' ? r.target.parentElement : (r.target as Element);
            if (el && !isOwn(el) && inRegion(w, el)) {
              w.changed.add(el);
              hit = true;
            }
          }
        }
        if (hit) soon();
      });
      mo.observe(doc.body ?? doc.documentElement, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['value', 'type'] });
      const poll = setInterval(look, POLL_MS);
      signal.addEventListener(
        'abort',
        () => {
          mo.disconnect();
          clearInterval(poll);
        },
        { once: true },
      );
      const { waitMs, lateMs } = ctx.captureTiming;
      ctx.setTimeout(() => {
        if (signal.aborted || watch !== w) return;
        w.missed = true;
        const reason = missReason(w);
        setReport({ status: 'missed', name: cleanName(w.snapshot.name), reason, at: Date.now() });
        ctx.emit('notice', { text: t('noticeNotCaptured', reason), tone: 'error' });
      }, waitMs);
      ctx.setTimeout(() => {
        w.stop.abort();
        if (watch === w) watch = null;
      }, lateMs);
      look();
    }

    const inRegion = (w: Watch, el: Element) => {
      for (const r of w.regions) if (r.isConnected && r.contains(el)) return true;
      return false;
    };

    /** The best-scoring value that appeared or changed in the regions since arming, or null. */
    function bestCandidate(w: Watch): SecretCandidate | null {
      let best: SecretCandidate | null = null;
      const consider = (value: string, el: Element) => {
        if (handled.has(marker(value))) return;
        const score = scoreSecret(value, el, w.known);
        if (score >= MIN_SECRET_SCORE && (!best || score > best.score)) best = { value, el, score };
      };
      for (const el of w.changed) {
        if (!el.isConnected) {
          w.changed.delete(el);
          continue;
        }
        if (!inRegion(w, el)) continue;
        for (const v of valuesIn(el, isOwn)) {
          if ((v.el instanceof HTMLInputElement || v.el instanceof HTMLTextAreaElement) && w.inputsBefore.get(v.el) === v.value) continue;
          consider(v.value, v.el);
        }
      }
      // Values set through the `value` property leave no mutation: inputs whose value differs from arming.
      for (const r of w.regions) {
        if (!r.isConnected) continue;
        for (const i of r.querySelectorAll('input,textarea')) {
          const v = (i as HTMLInputElement).value.trim();
          if (v && w.inputsBefore.get(i) !== (i as HTMLInputElement).value && !isOwn(i)) consider(v, i);
        }
      }
      return best;
    }

    /** Why nothing was captured, in words for the user: an error Cloudcraft showed, the form still open, or nothing key-like. */
    function missReason(w: Watch): string {
      for (const r of w.regions) {
        if (!r.isConnected) continue;
        const alert = [...r.querySelectorAll('[role="alert"],[aria-live="assertive"]')].map((a) => textOf(a)).find(Boolean);
        if (alert) return t('missReasonAlert', cleanName(alert).slice(0, 160));
      }
      const form = findCreateForm(doc);
      const seconds = ctx.captureTiming.waitMs / 1000;
      if (form && form.root === w.snapshot.form) return t('missReasonFormOpen', seconds);
      return t('missReasonNothing', seconds);
    }

    async function deliver(w: Watch, found: SecretCandidate): Promise<void> {
      if (watch !== w || w.stop.signal.aborted) return;
      w.stop.abort();
      watch = null;
      handled.add(marker(found.value));
      ctx.emit('secret-view', { el: found.el });
      const meta = w.snapshot;
      const name = cleanName(meta.name);
      const hint = secretHint(found.value);
      const length = found.value.length;
      try {
        const { settings } = await request(ctx.transport, 'settings.get', {}).catch(() => ({ settings: DEFAULT_SETTINGS }));
        if (!settings.autoCapture) {
          setReport({ status: 'failed', name, reason: t('captureOffReason'), at: Date.now() });
          ctx.emit('notice', { text: t('noticeCaptureOff'), tone: 'warn' });
          return;
        }
        const { verification } = await request(ctx.transport, 'keys.capture', {
          secret: found.value,
          // The form's texts are the page's: no control or bidi characters, at most 200 characters.
          name,
          permission: meta.permission,
          teams: meta.teams.map((g) => ({ ...g, team: cleanName(g.team) })),
          templateId: meta.templateId,
          templateLabel: meta.templateLabel,
          rotatedFrom: meta.rotatedFrom,
          capturedAt: Date.now(),
        });
        setReport({ status: 'captured', name, hint, length, verification, at: Date.now() });
        ctx.emit('notice', capturedNotice(name, hint, length, verification, w.missed));
      } catch (err) {
        const why = err instanceof ProtocolError ? err.message.replace(/[.\s]+$/, '') : t('noticeNoAnswer');
        setReport({ status: 'failed', name, reason: why, at: Date.now() });
        ctx.emit('notice', { text: t('noticeCaptureFailed', why), tone: 'error' });
      }
    }

    /**
     * When the user last pressed Enter. A 'submit' event is trusted even when the page's own script
     * caused it (an untrusted `click()` on Save, `requestSubmit()`), so a submit counts only right
     * after a real Enter.
     */
    let lastEnterAt = -Infinity;
    const onKey = (e: KeyboardEvent) => {
      if (ctx.isTrusted(e) && e.key === 'Enter') lastEnterAt = performance.now();
    };
    doc.addEventListener('keydown', onKey, { capture: true, signal: ctx.signal });

    /** A trusted Save of the create form: remember what is being saved. */
    const onUserSave = (e: Event) => {
      if (!ctx.isTrusted(e) || !ctx.isValid()) return;
      const form = findCreateForm(doc);
      if (!form) return;
      if (e.type === 'click') {
        const target = e.target instanceof Element ? e.target : null;
        const save = findSaveButton(form.root, (form.name as HTMLInputElement).form);
        if (!target || !save || !save.contains(target)) return;
        if ((save as HTMLButtonElement).disabled || save.getAttribute('aria-disabled') === 'true') return;
      } else if (!(e.target instanceof Element) || !e.target.contains(form.name) || performance.now() - lastEnterAt > 1000) return;
      arm(snapshotForm(form, lastApplied));
    };
    doc.addEventListener('click', onUserSave, { capture: true, signal: ctx.signal });
    doc.addEventListener('submit', onUserSave, { capture: true, signal: ctx.signal });

    return { armed: () => watch !== null, report: () => last };
  },
});

/** The confirmation: name, hint and length, and what Cloudcraft said of the key. */
function capturedNotice(name: string, hint: string, length: number, verification: Verification, late: boolean): Events['notice'] {
  const base = t(late ? 'noticeCapturedLate' : 'noticeCapturedHint', [name || t('unnamedKey'), hint, length]);
  if (verification === 'rejected') return { text: `${base} ${t('noticeRejected')}`, tone: 'error' };
  if (verification === 'verified') return { text: `${base} ${t('noticeVerified')}`, tone: 'ok' };
  return { text: `${base} ${t('noticeUnverified')}`, tone: 'ok' };
}
