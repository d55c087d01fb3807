// @vitest-environment happy-dom
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Template } from '../../shared/templates';
import { fakeWorker, startRun, type Run } from '../test/harness';
import { installLayout } from '../test/layout';
import { button, mount, openKeys, replica, tick, type Mounted } from '../test/replica';
import { renderTemplatesMenu } from './templates-menu';

let restoreLayout: () => void;
beforeAll(() => (restoreLayout = installLayout()));
afterAll(() => restoreLayout());
let m: Mounted | null = null;
let run: Run | null = null;
let ac = new AbortController();
afterEach(() => {
  run?.ctx.abort();
  run = null;
  ac.abort();
  ac = new AbortController();
  m?.unmount();
  m = null;
  document.body.innerHTML = '';
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
    const { host, root } = renderTemplatesMenu(document, { loadTemplates: async () => TEMPLATES, onChoose, isTrusted: () => true, signal: ac.signal });
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

describe('in-page texts come from _locales', () => {
  it('uses the browser i18n API when there is one (the content script), English from messages.json otherwise', async () => {
    const english = renderTemplatesMenu(document, { loadTemplates: async () => [tpl('rw', 'read-write', [{ team: 'A', access: 'read' }, { team: 'B', access: 'read' }])], onChoose: vi.fn(), isTrusted: () => true, signal: ac.signal });
    expect(english.root.querySelector('.trigger')?.textContent).toBe('Templates ▾');
    expect(english.root.querySelector('[role=menu]')?.getAttribute('aria-label')).toBe('Cloudcraft Key Helper templates');
    english.root.querySelector<HTMLButtonElement>('.trigger')!.click();
    await tick();
    expect(english.root.querySelector('.sub')?.textContent).toBe('Read & write, 2 teams');

    const getMessage = vi.fn((key: string, subs?: string[]) => `«${key}${subs?.length ? `:${subs.join('|')}` : ''}»`);
    vi.stubGlobal('chrome', { i18n: { getMessage } });
    try {
      const { root } = renderTemplatesMenu(document, { loadTemplates: async () => [tpl('r', 'read')], onChoose: vi.fn(), isTrusted: () => true, signal: ac.signal });
      expect(root.querySelector('.trigger')?.textContent).toBe('«menuTrigger»');
      expect(root.querySelector('[role=menu]')?.getAttribute('aria-label')).toBe('«menuLabel»');
      root.querySelector<HTMLButtonElement>('.trigger')!.click();
      await tick();
      expect(root.querySelector('.sub')?.textContent).toBe('«menuItemAccess:«menuLevelRead»|«menuTeamsNone»»');
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('templates-menu feature', () => {
  it('sits right after "Create API key", once, and follows remounts', async () => {
    m = mount('');
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
    m = mount('permission=radio&labels=b');
    run = startRun(fakeWorker());
    await openKeys();
    run.ctx.emit('apply-request', { template: tpl('rw', 'read-write', [{ team: 'Security', access: 'read' }]), name: 'menu-key' });
    await new Promise((r) => setTimeout(r, 200));
    expect(replica().form).toEqual({ name: 'menu-key', permission: 'read-write', teams: { Engineering: 'none', 'Data Platform': 'none', Security: 'read' } });
    expect(replica().saves).toBe(0);
    expect(run.notices.at(-1)).toEqual({ text: 'Template "rw" applied. Review the form, then click Save.', tone: 'ok' });
  });
});
