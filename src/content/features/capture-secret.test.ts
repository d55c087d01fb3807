// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { HOSTILE_FAKE_SECRET, HOSTILE_POSTMESSAGE_SECRET } from '../../../replica/app/mount';
import * as v from 'valibot';
import { DEFAULT_SETTINGS, PROTOCOL } from '../../shared/messages';
import { setNativeValue } from '../dom/fill';
import { waitFor } from '../dom/wait';
import { findCreateForm, findSecret } from '../page/finders';
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
  await waitFor(() => findSecret(document), { timeout: 3000 });
  const s = await waitFor(() => replica().lastSecretShown, { timeout: 1000 });
  if (!s) throw new Error('no secret shown');
  return s;
}

describe.each([
  'secret=input',
  'secret=code&mode=route',
  'secret=text&secretLength=8&permission=listbox&teams=level',
  'secret=text&secretLength=512&permission=radio&teams=switch',
  'secret=input&lazy=200&hostile=1',
])('capture on %s', (q) => {
  it('"Fill & save" sends the secret once with its metadata and confirms without it', async () => {
    mount(q);
    const w = fakeWorker();
    run = startRun(w);
    await openKeys();
    const before = Date.now();
    const r = await run.apply.apply({ template: TEMPLATE, name: 'ci-export', save: true });
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
          teams: [{ team: 'Engineering', access: 'read' }],
          templateId: 'tpl-ci',
          templateLabel: 'CI export',
          capturedAt: expect.any(Number),
        },
      },
    ]);
    expect((w.captures()[0]?.data as { capturedAt: number }).capturedAt).toBeGreaterThanOrEqual(before);
    expect(secret).not.toBe(HOSTILE_FAKE_SECRET);
    expect(run.notices).toEqual([{ text: 'API key captured and encrypted by Cloudcraft Key Helper', tone: 'ok' }]);
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
    expect(w.captures()[0]?.data).toMatchObject({ secret, name: 'from-template', permission: 'read-write', teams: [{ team: 'Engineering', access: 'read' }], templateId: 'tpl-ci' });
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
    expect(w.captures()[0]?.data).toEqual({ secret, name: 'by-hand', permission: 'read', teams: [], templateId: null, templateLabel: null, capturedAt: expect.any(Number) });
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
    expect(w.sent).toEqual([]);
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
    expect(w.sent).toEqual([]);
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
