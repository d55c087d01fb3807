/**
 * Captures the one-time secret Cloudcraft shows after "Save key", sends it once to the service
 * worker with its metadata, and confirms in the page without the secret.
 *
 * Armed only by a trusted Save (a real user's click or Enter-submit, seen in the capture phase before
 * React handles it) or by our own "Fill & save"; synthetic clicks and `window.postMessage` never
 * arm it (we do not listen to 'message' at all). The secret is read from a visible element near the
 * "shown once" note, sent, and dropped: never stored, logged, or written into the DOM.
 */
import { t } from '../../shared/i18n';
import { DEFAULT_SETTINGS, ProtocolError, request } from '../../shared/messages';
import type { Permission, TeamGrant } from '../../shared/templates';
import type { Events, RunContext, SaveSnapshot } from '../context';
import { waitFor } from '../dom/wait';
import { cleanName } from '../page/clean';
import { findCreateForm, findPermissionControl, findSaveButton, findSecret, findTeamControls, readPermission, readTeamLevel, type CreateForm, type SecretView } from '../page/finders';
import { defineFeature } from './feature';

/** How long after a Save the secret may take to show. */
const ARM_MS = 120_000;

/** What the form holds now, as the capture's metadata. Unknown permission counts as read-write (never understate a key's power). */
export function snapshotForm(form: CreateForm, applied: Events['applied'] | null): SaveSnapshot {
  const c = findPermissionControl(form.root);
  const level = c ? readPermission(c) : null;
  const permission: Permission = level === 'read' ? 'read' : 'read-write';
  const teams: TeamGrant[] = [];
  for (const t of findTeamControls(form.root)) {
    const l = readTeamLevel(t);
    if (l === 'read' || l === 'read-write') teams.push({ team: t.team, access: l });
  }
  const name = form.name.value.trim();
  const fromTemplate = applied && applied.form === form.root && applied.name === name;
  return {
    name,
    permission,
    teams,
    templateId: fromTemplate ? applied.templateId : null,
    templateLabel: fromTemplate ? applied.templateLabel : null,
    form: form.root,
  };
}

export interface CaptureApi {
  /** True while a Save is awaiting its secret. */
  armed(): boolean;
}

export const captureSecret = defineFeature<CaptureApi>({
  id: 'capture-secret',
  init(ctx: RunContext) {
    const doc = ctx.doc;
    let pending: SaveSnapshot | null = null;
    let waiter: AbortController | null = null;
    let lastApplied: Events['applied'] | null = null;
    /**
     * Secrets already handled, by element → salted 32-bit FNV-1a of the value: a non-reversible
     * in-memory marker (the value itself is never kept), so an element reused for a new key counts
     * as new while re-renders of the same key do not.
     */
    const handled = new WeakMap<Element, number>();
    const salt = crypto.getRandomValues(new Uint32Array(1))[0] ?? 0;
    const marker = (v: string) => {
      let h = 0x811c9dc5 ^ salt;
      for (let i = 0; i < v.length; i++) h = Math.imul(h ^ v.charCodeAt(i), 0x01000193);
      return h >>> 0;
    };
    const isHandled = (s: SecretView) => handled.get(s.el) === marker(s.value);

    ctx.on('applied', (a) => (lastApplied = a));
    ctx.on('save-intent', (s) => arm(s));

    const fresh = (): SecretView | null => {
      const s = findSecret(doc);
      return s && !isHandled(s) ? s : null;
    };

    function arm(snapshot: SaveSnapshot): void {
      pending = snapshot;
      waiter?.abort();
      const ac = (waiter = new AbortController());
      ctx.signal.addEventListener('abort', () => ac.abort(), { once: true, signal: ac.signal });
      waitFor(fresh, { timeout: ARM_MS, signal: ac.signal }).then(
        (view) => {
          if (waiter === ac) waiter = null;
          if (view) void deliver(view);
          else pending = null;
        },
        () => undefined,
      );
    }

    async function deliver(view: SecretView): Promise<void> {
      const meta = pending;
      pending = null;
      if (!meta || isHandled(view)) return;
      handled.set(view.el, marker(view.value));
      try {
        const { settings } = await request(ctx.transport, 'settings.get', {}).catch(() => ({ settings: DEFAULT_SETTINGS }));
        if (!settings.autoCapture) {
          ctx.emit('notice', { text: t('noticeCaptureOff'), tone: 'warn' });
          return;
        }
        await request(ctx.transport, 'keys.capture', {
          secret: view.value,
          // The form's texts are the page's: no control or bidi characters, at most 200 characters.
          name: cleanName(meta.name),
          permission: meta.permission,
          teams: meta.teams.map((g) => ({ ...g, team: cleanName(g.team) })),
          templateId: meta.templateId,
          templateLabel: meta.templateLabel,
          capturedAt: Date.now(),
        });
        ctx.emit('notice', { text: t('noticeCaptured'), tone: 'ok' });
      } catch (err) {
        const why = err instanceof ProtocolError ? err.message.replace(/[.\s]+$/, '') : t('noticeNoAnswer');
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
        const save = findSaveButton(form.root);
        if (!target || !save || !save.contains(target)) return;
        if ((save as HTMLButtonElement).disabled || save.getAttribute('aria-disabled') === 'true') return;
      } else if (!(e.target instanceof Element) || !e.target.contains(form.name) || performance.now() - lastEnterAt > 1000) return;
      arm(snapshotForm(form, lastApplied));
    };
    doc.addEventListener('click', onUserSave, { capture: true, signal: ctx.signal });
    doc.addEventListener('submit', onUserSave, { capture: true, signal: ctx.signal });

    return { armed: () => pending !== null };
  },
});
