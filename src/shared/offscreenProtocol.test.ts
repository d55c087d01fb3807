import { describe, expect, it } from 'vitest';
import { CLEAR_CLIPBOARD_AT, clearClipboardAtOrder, parseClearClipboardAt } from './offscreenProtocol';

describe('the offscreen document\'s order', () => {
  it('reads back what the worker builds', () => {
    expect(clearClipboardAtOrder(1_700_000_000_000, 'fp')).toEqual({ type: CLEAR_CLIPBOARD_AT, data: { clearAt: 1_700_000_000_000, fingerprint: 'fp' } });
    expect(parseClearClipboardAt(clearClipboardAtOrder(1_700_000_000_000, 'fp'))).toEqual({ clearAt: 1_700_000_000_000, fingerprint: 'fp' });
    expect(parseClearClipboardAt(clearClipboardAtOrder(5, null))).toEqual({ clearAt: 5, fingerprint: null });
  });

  it('takes nothing else for it', () => {
    for (const message of [
      null,
      'offscreen.clearClipboardAt',
      { type: 'clipboard.cleared', data: { clearAt: 5 } },
      { type: CLEAR_CLIPBOARD_AT },
      { type: CLEAR_CLIPBOARD_AT, data: { clearAt: '5', fingerprint: null } },
      { type: CLEAR_CLIPBOARD_AT, data: { clearAt: Number.NaN, fingerprint: null } },
      { type: CLEAR_CLIPBOARD_AT, data: { clearAt: Infinity, fingerprint: null } },
      { type: CLEAR_CLIPBOARD_AT, data: { clearAt: 5, fingerprint: 7 } },
      { type: CLEAR_CLIPBOARD_AT, data: { clearAt: 5 } },
    ]) {
      expect(parseClearClipboardAt(message)).toBeNull();
    }
  });
});
