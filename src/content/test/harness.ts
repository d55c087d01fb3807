/** A content-script run on the current document with an injected transport (no browser API). */
import { DEFAULT_SETTINGS, type Envelope, type Settings, type Transport, type Verification } from '../../shared/protocol';
import { BUILTIN_TEMPLATES, type Template } from '../../shared/templates';
import { createRunContext, type CaptureTiming, type Events, type RunContext } from '../context';
import { applyTemplate, type ApplyTemplateApi } from '../features/apply-template';
import { captureSecret } from '../features/capture-secret';
import { confirmToast } from '../features/confirm-toast';
import { detectUi, type DetectUiApi } from '../features/detect-ui';
import { templatesMenu } from '../features/templates-menu';
import { vaultMarks, type VaultMarksApi } from '../features/vault-marks';

export interface FakeWorker {
  transport: Transport;
  /** Every message the content script sent, in order (deep copies). */
  sent: Envelope[];
  captures(): Envelope[];
}

export function fakeWorker(
  opts: { settings?: Settings; templates?: Template[]; failCapture?: boolean; verification?: Verification; other?: Transport } = {},
): FakeWorker {
  const sent: Envelope[] = [];
  const transport: Transport = async (m) => {
    sent.push(structuredClone(m));
    switch (m.type) {
      case 'settings.get':
        return { ok: true, data: { settings: opts.settings ?? DEFAULT_SETTINGS } };
      case 'templates.list':
        return { ok: true, data: { templates: opts.templates ?? [...BUILTIN_TEMPLATES] } };
      case 'keys.capture':
        return opts.failCapture ? { ok: false, error: { code: 'QUOTA', message: 'Storage is full' } } : { ok: true, data: { id: 'key-1', verification: opts.verification ?? 'verified' } };
      default:
        // Anything else goes to `other` (e.g. a real vault service), when given.
        return opts.other ? opts.other(m) : { ok: false, error: { code: 'UNKNOWN_MESSAGE', message: 'unknown' } };
    }
  };
  return { transport, sent, captures: () => sent.filter((m) => m.type === 'keys.capture') };
}

export interface Run {
  ctx: RunContext;
  detect: DetectUiApi;
  apply: ApplyTemplateApi;
  marks: VaultMarksApi;
  notices: Events['notice'][];
  states: Events['state'][];
}

export function startRun(worker: FakeWorker, opts: { isTrusted?: (e: Event) => boolean; captureTiming?: Partial<CaptureTiming> } = {}): Run {
  const ctx = createRunContext({ transport: worker.transport, captureTiming: opts.captureTiming, ...(opts.isTrusted ? { isTrusted: opts.isTrusted } : {}) });
  const notices: Events['notice'][] = [];
  const states: Events['state'][] = [];
  ctx.on('notice', (n) => notices.push(n));
  ctx.on('state', (s) => states.push(s));
  const detect = detectUi.init(ctx);
  confirmToast.init(ctx);
  captureSecret.init(ctx);
  const apply = applyTemplate.init(ctx);
  templatesMenu.init(ctx);
  const marks = vaultMarks.init(ctx);
  return { ctx, detect, apply, marks, notices, states };
}
