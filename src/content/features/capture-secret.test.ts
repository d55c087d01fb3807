// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { DECOY_WORD, HOSTILE_FAKE_SECRET, HOSTILE_POSTMESSAGE_SECRET, type ReplicaApi } from '../../../replica/app/mount';
import * as v from 'valibot';
import { DEFAULT_SETTINGS } from '../../shared/protocol';
import { PROTOCOL } from '../../shared/schemas';
import { setNativeValue } from '../dom/fill';
import { waitFor } from '../dom/wait';
import { findCreateForm } from '../page/finders';
import { secretHint } from './capture-secret';
import { fakeWorker, startRun, type Run } from '../test/harness';
import { button, mount, openForm, openKeys, replica, tick, useReplicaPage } from '../test/replica';

useReplicaPage();
let run: Run | null = null;
afterEach(() => {
  run?.ctx.abort();
  run = null;
});

const TEMPLATE = { id: 'tpl-ci', label: 'CI export', permission: 'read-write' as const, teams: [{ team: 'Engineering', access: 'read' as const }] };

async function secretShown(): Promise<string> {
  const s = await waitFor(() => replica().view === 'secret' && replica().lastSecretShown, { timeout: 5000 });
  if (!s) throw new Error('no secret shown');
  return s;
}

/** The in-page confirmation of a capture: name, the key's first and last 4 characters, its length, Cloudcraft's answer. */
const capturedText = (name: string, secret: string, tail = 'Cloudcraft accepts it.') =>
  `Captured and encrypted: "${name}" (${secretHint(secret)}, ${secret.length} characters). ${tail}`;

describe.each([
  'secret=input',
  'secret=code&mode=route',
  'secret=text&secretLength=8&permission=listbox&teams=level',
  'secret=text&secretLength=512&permission=radio&teams=switch',
  'secret=input&lazy=200&hostile=1',
  // Cloudcraft's real format, and secret views that match no phrase the extension knows.
  'secret=code&secretFormat=base64&secretNote=plain',
  'secret=masked&secretFormat=base64&secretNote=plain&permission=combobox',
  'secret=text&secretFormat=base64&secretNote=plain&generating=600&permission=menu',
  'secret=input&decoy=1&secretNote=plain&permission=segmented',
])('capture on %s', (q) => {
  it('"Fill & save" sends the secret once with its metadata and confirms without it', async () => {
    mount(q);
    const w = fakeWorker();
    run = startRun(w);
    await openKeys();
    const before = Date.now();
    // A rotation (started in the popup) names the key it replaces; the capture records it.
    const rotatedFrom = q.includes('lazy') ? 'stored-key-id' : null;
    const r = await run.apply.apply({ template: TEMPLATE, name: 'ci-export', save: true, rotatedFrom });
    expect(r).toMatchObject({ ok: true, saved: true });
    const secret = await secretShown();
    await waitFor(() => w.captures().length > 0, { timeout: 2000 });
    await tick(50);
    expect(w.captures()).toEqual([
      {
        type: 'keys.capture',
        data: {
          secret,
          name: 'ci-export',
          permission: 'read-write',
          // What the page saved: a level where it offers levels, "on" where it offers on/off only.
          teams: [{ team: 'Engineering', access: q.includes('teams=level') ? 'read' : 'on' }],
          templateId: 'tpl-ci',
          templateLabel: 'CI export',
          rotatedFrom,
          capturedAt: expect.any(Number),
        },
      },
    ]);
    expect((w.captures()[0]?.data as { capturedAt: number }).capturedAt).toBeGreaterThanOrEqual(before);
    expect(secret).not.toBe(HOSTILE_FAKE_SECRET);
    if (q.includes('base64')) expect(secret).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(run.notices).toEqual([{ text: capturedText('ci-export', secret), tone: 'ok' }]);
    expect(run.detect.getState().capture).toEqual({ status: 'captured', name: 'ci-export', hint: secretHint(secret), length: secret.length, verification: 'verified', at: expect.any(Number) });
    // A masked key is read from its input, never revealed: the page's Show button was not pressed.
    if (q.includes('secret=masked')) expect(document.querySelector<HTMLInputElement>('input.secret')?.type).toBe('password');
    // Our in-page UI exists but holds no secret (closed shadow roots, text from metadata only).
    const hosts = [...document.querySelectorAll('[data-cckh]')];
    expect(hosts.some((h) => h.getAttribute('data-cckh') === 'toast')).toBe(true);
    for (const h of hosts) {
      expect(h.shadowRoot).toBeNull();
      expect(h.outerHTML).not.toContain(secret);
    }
    // Re-renders and later DOM churn do not send it again.
    button('Done')?.click();
    await tick(50);
    expect(w.captures()).toHaveLength(1);
  });
});

describe('two keys in a row', () => {
  it('each secret is sent once', async () => {
    mount('secret=code');
    const w = fakeWorker();
    run = startRun(w);
    await openKeys();
    await run.apply.apply({ template: TEMPLATE, name: 'first', save: true });
    const s1 = await secretShown();
    await waitFor(() => w.captures().length === 1, { timeout: 2000 });
    button('Done')!.click();
    await waitFor(() => button('Create API key'), { timeout: 2000 });
    await run.apply.apply({ template: TEMPLATE, name: 'second', save: true });
    await waitFor(() => replica().lastSecretShown !== s1 && replica().lastSecretShown, { timeout: 2000 });
    await waitFor(() => w.captures().length === 2, { timeout: 2000 });
    await tick(50);
    const sent = w.captures().map((c) => c.data as { name: string; secret: string });
    expect(sent.map((c) => c.name)).toEqual(['first', 'second']);
    expect(sent[0]?.secret).toBe(s1);
    expect(sent[1]?.secret).toBe(replica().lastSecretShown);
  });
});

describe('manual saves', () => {
  async function typeName(name: string) {
    setNativeValue(findCreateForm(document)!.name, name);
    await tick();
  }

  it('a trusted Save click arms the capture (template remembered when this form was filled with it)', async () => {
    mount('');
    const w = fakeWorker();
    run = startRun(w, { isTrusted: () => true }); // happy-dom cannot make trusted events
    await openForm();
    await run.apply.apply({ template: TEMPLATE, name: 'from-template', save: false });
    button('Save key')!.click();
    const secret = await secretShown();
    await waitFor(() => w.captures().length > 0, { timeout: 2000 });
    expect(w.captures()[0]?.data).toMatchObject({ secret, name: 'from-template', permission: 'read-write', teams: [{ team: 'Engineering', access: 'on' }], templateId: 'tpl-ci' });
  });

  it('a page name with bidi/control characters or over 200 characters is cleaned and capped, so the capture is valid; existingNames likewise', async () => {
    mount('');
    const w = fakeWorker();
    run = startRun(w, { isTrusted: () => true });
    await openForm();
    await typeName('\u202Eexe.txt\u202C\u0007\u2066-' + 'a'.repeat(300));
    button('Save key')!.click();
    await secretShown();
    await waitFor(() => w.captures().length > 0, { timeout: 2000 });
    const data = w.captures()[0]!.data as { name: string };
    const clean = 'exe.txt-' + 'a'.repeat(192);
    expect(data.name).toBe(clean);
    expect(v.safeParse(PROTOCOL['keys.capture'].req, data).success).toBe(true);
    button('Done')!.click();
    await waitFor(() => button('Create API key'), { timeout: 3000 });
    const state = run.detect.getState();
    expect(state.kind).toBe('keys-list');
    expect('existingNames' in state && state.existingNames).toContain(clean);
  });

  it('a manual form without template: template fields are null', async () => {
    mount('labels=c&teams=level');
    const w = fakeWorker();
    run = startRun(w, { isTrusted: () => true });
    await openForm();
    await typeName('by-hand');
    button('Save key')!.click();
    const secret = await secretShown();
    await waitFor(() => w.captures().length > 0, { timeout: 2000 });
    expect(w.captures()[0]?.data).toEqual({ secret, name: 'by-hand', permission: 'read', teams: [], templateId: null, templateLabel: null, rotatedFrom: null, capturedAt: expect.any(Number) });
  });

  it('an untrusted (synthetic) Save click stores nothing', async () => {
    mount('');
    const w = fakeWorker();
    run = startRun(w); // real isTrusted: happy-dom's click() is untrusted, like a page script's
    await openForm();
    await typeName('synthetic');
    button('Save key')!.click();
    await secretShown();
    await tick(100);
    expect(w.captures()).toEqual([]); // only the list's rows were asked about (keys.match), no key was sent
    expect(w.sent.map((m) => m.type).filter((t) => t !== 'keys.match')).toEqual([]);
  });

  it('honours settings.autoCapture = false', async () => {
    mount('');
    const w = fakeWorker({ settings: { ...DEFAULT_SETTINGS, autoCapture: false } });
    run = startRun(w);
    await openKeys();
    await run.apply.apply({ template: TEMPLATE, name: 'no-capture', save: true });
    await secretShown();
    await waitFor(() => run!.notices.length > 0, { timeout: 2000 });
    expect(w.captures()).toEqual([]);
    expect(run.notices[0]?.tone).toBe('warn');
    expect(run.detect.getState().capture).toMatchObject({ status: 'failed', name: 'no-capture', reason: 'automatic capture is off' });
  });

  it('a failed store tells the user to copy the key, without the key', async () => {
    mount('');
    const w = fakeWorker({ failCapture: true });
    run = startRun(w);
    await openKeys();
    await run.apply.apply({ template: TEMPLATE, name: 'full', save: true });
    const secret = await secretShown();
    await waitFor(() => run!.notices.length > 0, { timeout: 2000 });
    expect(run.notices[0]).toEqual({
      text: 'Cloudcraft Key Helper could not store the new API key (Storage is full). Copy it now: it will not be shown again.',
      tone: 'error',
    });
    expect(run.notices[0]?.text).not.toContain(secret);
  });
});

describe('hostile page (hostile=1)', () => {
  it('decoys, forged postMessages and synthetic clicks on everything store nothing', async () => {
    mount('hostile=1&teams=switch');
    const w = fakeWorker();
    run = startRun(w);
    await openKeys();
    await waitFor(() => document.querySelector('[data-cckh="templates"]'), { timeout: 1000 });
    const hostile = (window as unknown as { __replicaHostile: { clickAll(): number; posted: number } }).__replicaHostile;
    hostile.clickAll();
    await tick(50);
    hostile.clickAll(); // a second round reaches whatever the first one opened
    await new Promise((r) => setTimeout(r, 1100)); // at least one more forged postMessage batch
    expect(hostile.posted).toBeGreaterThanOrEqual(2);
    expect(w.sent.map((m) => m.type).filter((t) => t !== 'keys.match')).toEqual([]); // nothing but the list's marks
    expect(JSON.stringify(run.notices)).not.toContain(HOSTILE_POSTMESSAGE_SECRET);
    expect(replica().saves).toBe(0);
  });

  it('a real save on a hostile page captures the real secret, not a decoy', async () => {
    mount('hostile=1&secret=code');
    const w = fakeWorker();
    run = startRun(w);
    await openKeys();
    await run.apply.apply({ template: TEMPLATE, name: 'real', save: true });
    const secret = await secretShown();
    await waitFor(() => w.captures().length > 0, { timeout: 2000 });
    expect((w.captures()[0]?.data as { secret: string }).secret).toBe(secret);
    expect(secret).not.toBe(HOSTILE_FAKE_SECRET);
  });
});

describe('capture by change', () => {
  const quick = { waitMs: 400, lateMs: 3000 };

  it('the review\'s case: a "make sure to copy" sentence elsewhere on the page is never the anchor; the real key is captured', async () => {
    mount('decoy=1&secret=text&secretNote=plain');
    const w = fakeWorker();
    run = startRun(w);
    await openKeys();
    await run.apply.apply({ template: TEMPLATE, name: 'decoy-page', save: true });
    const secret = await secretShown();
    await waitFor(() => w.captures().length > 0, { timeout: 2000 });
    await tick(50);
    expect(w.captures().map((c) => (c.data as { secret: string }).secret)).toEqual([secret]);
    expect(secret).not.toBe(DECOY_WORD);
  });

  it('Save without any key shown: nothing is sent, and the page and the popup say the key was not captured', async () => {
    mount('decoy=1&secret=none');
    const w = fakeWorker();
    run = startRun(w, { captureTiming: quick });
    await openKeys();
    const r = await run.apply.apply({ template: TEMPLATE, name: 'no-key-shown', save: true });
    expect(r.saved).toBe(true);
    await waitFor(() => replica().view === 'secret', { timeout: 2000 });
    expect(run.detect.getState().capture).toMatchObject({ status: 'waiting', name: 'no-key-shown' });
    await waitFor(() => run!.notices.length > 0, { timeout: 2000 });
    const reason = 'Nothing that looks like a key appeared within 0.4 s after Save.';
    expect(run.notices).toEqual([{ text: `The new key was not captured — copy it from Cloudcraft now. ${reason}`, tone: 'error' }]);
    expect(run.detect.getState().capture).toEqual({ status: 'missed', name: 'no-key-shown', reason, at: expect.any(Number) });
    expect(w.captures()).toEqual([]);
  });

  it('Cloudcraft refuses the Save: the reason quotes its error', async () => {
    const failing: ReplicaApi = { createKey: () => Promise.reject(new Error('A key with this name already exists')), deleteKey: async () => {} };
    mount('', failing);
    const w = fakeWorker();
    run = startRun(w, { isTrusted: () => true, captureTiming: quick });
    await openForm();
    setNativeValue(findCreateForm(document)!.name, 'taken');
    await tick();
    button('Save key')!.click();
    await waitFor(() => run!.notices.length > 0, { timeout: 2000 });
    expect(run.notices[0]?.text).toBe('The new key was not captured — copy it from Cloudcraft now. Cloudcraft showed: "A key with this name already exists"');
    expect(w.captures()).toEqual([]);
  });

  it('a key that shows after the wait is still captured, and the page says so', async () => {
    mount('generating=900&secret=code&secretFormat=base64');
    const w = fakeWorker();
    run = startRun(w, { captureTiming: quick });
    await openKeys();
    await run.apply.apply({ template: TEMPLATE, name: 'slow', save: true });
    await waitFor(() => run!.notices.length > 0, { timeout: 2000 });
    expect(run.notices[0]?.text).toMatch(/^The new key was not captured/);
    const secret = await secretShown();
    await waitFor(() => w.captures().length > 0, { timeout: 2000 });
    expect((w.captures()[0]?.data as { secret: string }).secret).toBe(secret);
    await waitFor(() => run!.notices.length > 1, { timeout: 1000 });
    expect(run.notices[1]).toEqual({ text: capturedText('slow', secret).replace('Captured and encrypted', 'Captured after all and encrypted'), tone: 'ok' });
  });

  it('Cloudcraft rejects what was captured (401): the notice says to copy the key by hand', async () => {
    mount('secret=code&secretFormat=base64');
    const w = fakeWorker({ verification: 'rejected' });
    run = startRun(w);
    await openKeys();
    await run.apply.apply({ template: TEMPLATE, name: 'rejected', save: true });
    const secret = await secretShown();
    await waitFor(() => run!.notices.length > 0, { timeout: 2000 });
    expect(run.notices[0]).toEqual({
      text: capturedText('rejected', secret, 'Cloudcraft refuses it: what was captured is not a working key. Copy the key from Cloudcraft by hand.'),
      tone: 'error',
    });
    expect(run.detect.getState().capture).toMatchObject({ status: 'captured', verification: 'rejected' });
  });

  it('values already on the page before Save (other keys\' names, the typed name) are never taken for the key', async () => {
    mount('secret=none&generating=100');
    const w = fakeWorker();
    run = startRun(w, { captureTiming: quick });
    await openKeys();
    // After Save the page shows the list again with token-like names ("terraform-export") and no key.
    await run.apply.apply({ template: TEMPLATE, name: 'ci-export-2026-12-05', save: true });
    await waitFor(() => replica().view === 'secret', { timeout: 2000 });
    button('Done')!.click();
    await waitFor(() => button('Create API key'), { timeout: 2000 });
    expect(document.body.textContent).toContain('terraform-export');
    await waitFor(() => run!.notices.length > 0, { timeout: 2000 });
    expect(w.captures()).toEqual([]);
    expect(run.notices[0]?.text).toMatch(/^The new key was not captured/);
  });
});
