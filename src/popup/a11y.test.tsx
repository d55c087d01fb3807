// @vitest-environment happy-dom
/**
 * axe-core on every popup state. happy-dom has no layout, so rules that need rendering (color-contrast) are left
 * to the real-browser run (tests/e2e); all others run here.
 */
import { cleanup, fireEvent, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { BUILTIN_TEMPLATES } from '../shared/templates';
import { Popup } from './Popup';
import { axeViolations as violations, fakeExtension, renderWith, type Routes } from '../ui/testing';

afterEach(cleanup);

const settings = { autoLockMinutes: 15, clipboardClearSeconds: 30, autoCapture: true };
const key = { id: 'k1', name: 'ci-read', permission: 'read' as const, teams: [], templateId: null, templateLabel: null, createdAt: 0, lastCopiedAt: null, verification: null, note: '', revokedAt: null, rotatedFrom: null };

describe('axe: popup', () => {
  it.each(['uninitialized', 'locked'] as const)('%s view has no violations', async (state) => {
    renderWith(fakeExtension({ routes: { 'vault.touch': () => ({ state }) } }).services, <Popup />);
    await screen.findByLabelText('Passphrase');
    expect(await violations()).toEqual([]);
  });

  it('unlocked view (menu, confirm, apply result) has no violations', async () => {
    const routes: Routes = {
      'vault.touch': () => ({ state: 'unlocked' }),
      'vault.status': () => ({ state: 'unlocked', keyCount: 1 }),
      'settings.get': () => ({ settings }),
      'templates.list': () => ({ templates: [...BUILTIN_TEMPLATES] }),
      'keys.reveal': () => ({ secret: 'cc-secret-0123456789' }),
      'keys.list': () => ({ keys: [key], broken: [{ id: 'b', name: 'bad', reason: 'Record failed authentication' }] }),
    };
    const fake = fakeExtension({
      routes,
      activeTab: { id: 1, url: 'https://app.cloudcraft.co/' },
      tabRoutes: {
        'page.getState': () => ({ kind: 'create-form', existingNames: ['automation-read-2026-11-29'] }),
        'page.apply': () => ({ ok: false, saved: false, fields: [{ field: 'name', status: 'failed', detail: 'input disabled' }] }),
      },
    });
    renderWith(fake.services, <Popup />);
    await screen.findByText("Cloudcraft's create-key form is open: Apply fills it.");
    const keys = await screen.findByRole('list', { name: 'Stored keys' });
    fireEvent.click(screen.getByRole('radio', { name: 'Read & write' }));
    fireEvent.click(screen.getAllByRole('button', { name: 'Apply' })[1]!);
    await screen.findByText('Some fields could not be set.');
    fireEvent.click(within(keys).getByRole('button', { name: 'More actions for ci-read' }));
    expect(await violations()).toEqual([]);
    fireEvent.click(screen.getByRole('menuitem', { name: 'Reveal' }));
    await within(keys).findByText('cc-secret-0123456789');
    fireEvent.click(within(keys).getByRole('button', { name: 'More actions for ci-read' }));
    fireEvent.click(screen.getByRole('menuitem', { name: 'Delete' }));
    await screen.findByRole('alertdialog');
    expect(await violations()).toEqual([]);
  });
});

