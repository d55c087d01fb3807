// @vitest-environment happy-dom
/**
 * axe-core on the options page. happy-dom has no layout, so rules that need rendering (color-contrast) are left
 * to the real-browser run (tests/e2e); all others run here.
 */
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { BUILTIN_TEMPLATES } from '../shared/templates';
import { Options } from './Options';
import { axeViolations as violations, fakeExtension, renderWith } from '../ui/testing';

afterEach(cleanup);

const settings = { autoLockMinutes: 15, clipboardClearSeconds: 30, autoCapture: true };

describe('axe: options page', () => {
  it('has no violations, also with the editor open and errors shown', async () => {
    const fake = fakeExtension({
      routes: {
        'templates.list': () => ({ templates: [...BUILTIN_TEMPLATES] }),
        'templates.listUser': () => ({ templates: [] }),
        'settings.get': () => ({ settings }),
      },
    });
    renderWith(fake.services, <Options />);
    await waitFor(() => expect((screen.getByRole('button', { name: 'New template' }) as HTMLButtonElement).disabled).toBe(false));
    expect(await violations()).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'New template' }));
    fireEvent.input(screen.getByLabelText('Label'), { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add team' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save template' }));
    await screen.findByText('Label is required');
    expect(await violations()).toEqual([]);
  });
});
