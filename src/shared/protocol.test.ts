import { describe, expect, it } from 'vitest';
import { errorReply, isQuotaError, ProtocolError, unwrap } from './protocol';

describe('errorReply', () => {
  it('keeps a ProtocolError as it is', () => {
    expect(errorReply(new ProtocolError('LOCKED', 'The vault is locked.'))).toEqual({ ok: false, error: { code: 'LOCKED', message: 'The vault is locked.' } });
  });

  it('answers any other error in words from _locales, never its text or its class name', () => {
    const internal = { ok: false, error: { code: 'INTERNAL', message: 'Something went wrong inside the extension. Try again; if it keeps happening, reload the extension.' } };
    for (const err of [new TypeError('secret detail'), new Error('x'), 'a string', undefined, { message: 'secret detail' }]) {
      const reply = errorReply(err);
      expect(reply).toEqual(internal);
      expect(JSON.stringify(reply)).not.toMatch(/secret|TypeError|Internal error \(/);
    }
  });

  it('a storage quota error is QUOTA and says storage is full', () => {
    const full = { ok: false, error: { code: 'QUOTA', message: 'Browser storage is full, so nothing was saved. Delete keys you no longer need or export a backup, then try again.' } };
    expect(errorReply(new Error('Resource::kQuotaBytes quota exceeded'))).toEqual(full);
    expect(errorReply(new DOMException('The quota has been exceeded.', 'QuotaExceededError'))).toEqual(full);
  });
});

describe('isQuotaError', () => {
  it("recognises the browsers' quota refusals only", () => {
    expect(
      [new Error('QUOTA_BYTES quota exceeded'), new DOMException('x', 'QuotaExceededError'), new Error('Failed to fetch'), 'quota', null].map(isQuotaError),
    ).toEqual([true, true, false, false, false]);
  });
});

describe('unwrap', () => {
  it('no answer at all reads as a sentence from _locales', () => {
    expect(() => unwrap(undefined)).toThrow(new ProtocolError('INTERNAL', 'No answer from the extension (is it being updated? Reload the page).'));
  });
});
