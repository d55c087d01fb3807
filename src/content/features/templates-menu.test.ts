// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Template } from '../../shared/templates';
import { waitFor } from '../dom/wait';
import { fakeWorker, startRun, type Run } from '../test/harness';
import { button, mount, openKeys, replica, tick, useReplicaPage } from '../test/replica';
import { clickHitsControl, renderTemplatesMenu } from './templates-menu';

useReplicaPage();
let run: Run | null = null;
let ac = new AbortController();
afterEach(() => {
  run?.ctx.abort();
  run = null;
  ac.abort();
  ac = new AbortController();
});

const tpl = (id: string, permission: Template['permission'], teams: Template['teams'] = []): Template => ({
  id,
  label: id,
  namePattern: `${id}-{date}`,
  permission,
  teams,
  description: '',
  source: 'user',
});
const TEMPLATES = [tpl('rw', 'read-write'), tpl('read-teams', 'read', [{ team: 'Engineering', access: 'read' }]), tpl('read', 'read')];

describe('renderTemplatesMenu', () => {
  it('ignores untrusted clicks', async () => {
    const loadTemplates = vi.fn(async () => TEMPLATES);
    const onChoose = vi.fn();
    const { host, root } = renderTemplatesMenu(document, { loadTemplates, onChoose, isTrusted: (e) => e.isTrusted, signal: ac.signal });
    document.body.append(host);
    expect(host.shadowRoot).toBeNull(); // closed
    root.querySelector<HTMLButtonElement>('.trigger')!.click();
    host.click();
    await tick();
    expect(loadTemplates).not.toHaveBeenCalled();
    expect(root.querySelector<HTMLElement>('[role=menu]')!.hidden).toBe(true);
  });

  it('lists templates least privilege first and applies the chosen one on a trusted click', async () => {
    const onChoose = vi.fn();
    const { host, root } = renderTemplatesMenu(document, { loadTemplates: async () => TEMPLATES, onChoose, isTrusted: () => true, hitTest: () => true, signal: ac.signal });
    document.body.append(host);
    expect(root.querySelector('style')?.textContent).toContain(':host');
    root.querySelector<HTMLButtonElement>('.trigger')!.click();
    await tick();
    const items = [...root.querySelectorAll<HTMLButtonElement>('[role=menuitem]')];
    expect(items.map((i) => i.firstChild?.textContent)).toEqual(['read', 'read-teams', 'rw']);
    items[1]!.click();
    expect(onChoose).toHaveBeenCalledWith(TEMPLATES[1]);
    expect(root.querySelector<HTMLElement>('[role=menu]')!.hidden).toBe(true);
  });
});

describe('clickjacking: clickHitsControl', () => {
  it('a keyboard click (detail 0) counts only on the control that has focus in our root', () => {
    const { host, root } = renderTemplatesMenu(document, { loadTemplates: async () => TEMPLATES, onChoose: vi.fn(), isTrusted: () => true, signal: ac.signal });
    document.body.append(host);
    const trigger = root.querySelector<HTMLButtonElement>('.trigger')!;
    const keyboardClick = new MouseEvent('click', { detail: 0 });
    expect(clickHitsControl(keyboardClick, trigger, host, root)).toBe(false);
    trigger.focus();
    expect(root.activeElement).toBe(trigger);
    expect(clickHitsControl(keyboardClick, trigger, host, root)).toBe(true);
  });

  it('a pointer click outside the control\'s box never counts (the page made the host large)', () => {
    const { host, root } = renderTemplatesMenu(document, { loadTemplates: async () => TEMPLATES, onChoose: vi.fn(), isTrusted: () => true, signal: ac.signal });
    document.body.append(host);
    const trigger = root.querySelector<HTMLButtonElement>('.trigger')!;
    const box = trigger.getBoundingClientRect();
    expect(clickHitsControl(new MouseEvent('click', { detail: 1, clientX: box.right + 50, clientY: box.bottom + 50 }), trigger, host, root)).toBe(false);
  });
});

describe('menu button keyboard pattern', () => {
  const key = (el: Element, k: string, init: KeyboardEventInit = {}) => {
    const e = new KeyboardEvent('keydown', { key: k, bubbles: true, composed: true, cancelable: true, ...init });
    el.dispatchEvent(e);
    return e;
  };
  const setup = async (isTrusted: (e: Event) => boolean = () => true) => {
    const onChoose = vi.fn();
    const { host, root } = renderTemplatesMenu(document, { loadTemplates: async () => TEMPLATES, onChoose, isTrusted, hitTest: () => true, signal: ac.signal });
    // The page's dialog closes on an Escape that reaches the document, unless it was handled (like the replica's modal).
    const pageKeys = vi.fn();
    document.addEventListener('keydown', pageKeys);
    ac.signal.addEventListener('abort', () => document.removeEventListener('keydown', pageKeys));
    document.body.append(host);
    const trigger = root.querySelector<HTMLButtonElement>('.trigger')!;
    const menu = root.querySelector<HTMLElement>('[role=menu]')!;
    const items = () => [...root.querySelectorAll<HTMLButtonElement>('[role=menuitem]')];
    const focused = () => (root.activeElement === trigger ? 'trigger' : root.activeElement?.firstChild?.textContent);
    return { root, trigger, menu, items, focused, onChoose, pageKeys };
  };

  it('has the menu button roles and states', async () => {
    const { trigger, menu, items } = await setup();
    expect([trigger.getAttribute('aria-haspopup'), trigger.getAttribute('aria-expanded'), trigger.getAttribute('aria-controls')]).toEqual(['menu', 'false', menu.id]);
    trigger.click();
    await tick();
    expect(trigger.getAttribute('aria-expanded')).toBe('true');
    expect(menu.getAttribute('role')).toBe('menu');
    expect(items().map((i) => [i.getAttribute('role'), i.parentElement!.getAttribute('role'), i.tabIndex])).toEqual([
      ['menuitem', 'none', 0],
      ['menuitem', 'none', -1],
      ['menuitem', 'none', -1],
    ]);
  });

  it('Escape closes the menu, focuses the trigger and does not reach the page (its dialog stays open)', async () => {
    const { trigger, menu, items, focused, pageKeys } = await setup();
    trigger.click();
    await tick();
    expect(focused()).toBe('read');
    const e = key(items()[0]!, 'Escape');
    expect(menu.hidden).toBe(true);
    expect(trigger.getAttribute('aria-expanded')).toBe('false');
    expect(focused()).toBe('trigger');
    expect(e.defaultPrevented).toBe(true);
    expect(pageKeys).not.toHaveBeenCalled();
    // With the menu closed, Escape on the trigger is the page's again.
    expect(key(trigger, 'Escape').defaultPrevented).toBe(false);
    expect(pageKeys).toHaveBeenCalledTimes(1);
  });

  it('ArrowDown/ArrowUp move with wrap, Home/End jump (roving tabindex), Enter chooses', async () => {
    const { root, trigger, menu, items, focused, onChoose, pageKeys } = await setup();
    key(trigger, 'ArrowDown');
    await tick();
    expect(menu.hidden).toBe(false);
    expect(focused()).toBe('read');
    const seen: (string | null | undefined)[] = [];
    for (const k of ['ArrowDown', 'ArrowDown', 'ArrowDown', 'ArrowUp', 'End', 'Home', 'ArrowUp']) {
      key(root.activeElement!, k);
      seen.push(focused());
    }
    expect(seen).toEqual(['read-teams', 'rw', 'read', 'rw', 'rw', 'read', 'rw']);
    expect(items().map((i) => i.tabIndex)).toEqual([-1, -1, 0]);
    expect(pageKeys).not.toHaveBeenCalled();
    expect(key(items()[2]!, 'Enter').defaultPrevented).toBe(true);
    expect(onChoose).toHaveBeenCalledTimes(1);
    expect(onChoose).toHaveBeenCalledWith(TEMPLATES[0]);
    expect(menu.hidden).toBe(true);
    expect(focused()).toBe('trigger');
  });

  it('ArrowUp on the trigger opens on the last item; Space chooses', async () => {
    const { trigger, items, focused, onChoose } = await setup();
    key(trigger, 'ArrowUp');
    await tick();
    expect(focused()).toBe('rw');
    key(items()[1]!, ' ');
    expect(onChoose).toHaveBeenCalledWith(TEMPLATES[1]);
  });

  it('ignores untrusted keys: the page cannot drive the menu, and its own Escape goes through', async () => {
    const { trigger, menu, items, onChoose, pageKeys } = await setup((e) => e.type === 'click');
    trigger.click();
    await tick();
    key(trigger, 'ArrowDown');
    key(items()[0]!, 'Enter');
    expect(onChoose).not.toHaveBeenCalled();
    expect(key(items()[0]!, 'Escape').defaultPrevented).toBe(false);
    expect(menu.hidden).toBe(false);
    expect(pageKeys).toHaveBeenCalledTimes(3);
  });

  it('describes items in the popup\'s words', async () => {
    const teams = tpl('two', 'read-write', [{ team: 'Engineering', access: 'read' }, { team: 'Ops', access: 'read-write' }]);
    const { root } = renderTemplatesMenu(document, { loadTemplates: async () => [...TEMPLATES, teams], onChoose: vi.fn(), isTrusted: () => true, hitTest: () => true, signal: ac.signal });
    root.querySelector<HTMLButtonElement>('.trigger')!.click();
    await tick();
    expect([...root.querySelectorAll('.sub')].map((s) => s.textContent)).toEqual([
      'Read-only · no team access',
      'Read-only · Teams: Engineering (read)',
      'Read & write · no team access',
      'Read & write · Teams: Engineering (read), Ops (read & write)',
    ]);
  });
});

describe('in-page texts come from _locales', () => {
  it('uses the browser i18n API when there is one (the content script), English from messages.json otherwise', async () => {
    const english = renderTemplatesMenu(document, { loadTemplates: async () => [tpl('rw', 'read-write', [{ team: 'A', access: 'read' }, { team: 'B', access: 'read' }])], onChoose: vi.fn(), isTrusted: () => true, hitTest: () => true, signal: ac.signal });
    expect(english.root.querySelector('.trigger')?.textContent).toBe('Templates ▾');
    expect(english.root.querySelector('[role=menu]')?.getAttribute('aria-label')).toBe('Cloudcraft Key Helper templates');
    english.root.querySelector<HTMLButtonElement>('.trigger')!.click();
    await tick();
    expect(english.root.querySelector('.sub')?.textContent).toBe('Read & write · Teams: A (read), B (read)');

    const getMessage = vi.fn((key: string, subs?: string[]) => `«${key}${subs?.length ? `:${subs.join('|')}` : ''}»`);
    vi.stubGlobal('chrome', { i18n: { getMessage } });
    try {
      const { root } = renderTemplatesMenu(document, { loadTemplates: async () => [tpl('r', 'read')], onChoose: vi.fn(), isTrusted: () => true, hitTest: () => true, signal: ac.signal });
      expect(root.querySelector('.trigger')?.textContent).toBe('«menuTrigger»');
      expect(root.querySelector('[role=menu]')?.getAttribute('aria-label')).toBe('«menuLabel»');
      root.querySelector<HTMLButtonElement>('.trigger')!.click();
      await tick();
      expect(root.querySelector('.sub')?.textContent).toBe('«permRead» · «teamsNone»');
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('templates-menu feature', () => {
  it('sits right after "Create API key", once, and follows remounts', async () => {
    mount('');
    run = startRun(fakeWorker());
    await openKeys();
    await tick(20);
    const next = () => button('Create API key')?.nextElementSibling;
    expect(next()?.getAttribute('data-cckh')).toBe('templates');
    button('Close')!.click();
    await tick(20);
    expect(document.querySelector('[data-cckh="templates"]')).toBeNull();
    await openKeys();
    await tick(20);
    expect(next()?.getAttribute('data-cckh')).toBe('templates');
    expect(document.querySelectorAll('[data-cckh="templates"]')).toHaveLength(1);
  });

  it('a menu choice (apply-request) fills the form without saving', async () => {
    mount('permission=radio&labels=b');
    run = startRun(fakeWorker());
    await openKeys();
    run.ctx.emit('apply-request', { template: tpl('rw', 'read-write', [{ team: 'Security', access: 'read' }]), name: 'menu-key' });
    // The notice comes once every field is set.
    await waitFor(() => run!.notices.length > 0, { timeout: 3000 });
    await new Promise((r) => setTimeout(r, 20));
    expect(replica().form).toEqual({ name: 'menu-key', permission: 'read-write', teams: { Engineering: 'none', 'Data Platform': 'none', Security: 'read' } });
    expect(replica().saves).toBe(0);
    expect(run.notices.at(-1)).toEqual({ text: 'Template "rw" applied. Review the form, then click Save.', tone: 'ok' });
  });
});
