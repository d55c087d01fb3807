import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from '@webext-core/fake-browser';
import { IDBFactory } from 'fake-indexeddb';
import type { CaptureRequest } from '../shared/schemas';
import { diskStrength } from '../test/strength';

vi.mock('../shared/browser', () => ({ browser: fakeBrowser }));

const { createVaultService } = await import('./vault/vault');
const { templateHandlers } = await import('./templates');
const { updateBadge, countDueKeys, BADGE_ALARM } = await import('./badge');

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 8, 1);
const ctx = { sender: {}, kind: 'extension' as const };

function capture(name: string, templateId: string | null): CaptureRequest {
  return { secret: `secret-${name}-0123456789abcdef`, name, permission: 'read', teams: [], templateId, templateLabel: null, capturedAt: T0 };
}

describe('toolbar badge: keys due for rotation', () => {
  let now = T0;
  beforeEach(() => {
    fakeBrowser.reset();
    globalThis.indexedDB = new IDBFactory();
    now = T0;
  });

  it('counts live keys past their template period (90 days by default), shows the count, and clears when none', async () => {
    await templateHandlers['templates.saveUser'](
      { templates: [{ id: 'monthly', label: 'Monthly', namePattern: 'm-{date}', permission: 'read', teams: [], description: '', rotationDays: 30 }] },
      ctx,
    );
    const v = createVaultService({ iterations: 1_000, minIterations: 1_000, strength: diskStrength, now: () => now });
    await v.create('correct horse battery staple');
    const monthly = await v.capture(capture('monthly-key', 'monthly'));
    await v.capture(capture('by-hand', null));
    await v.lock(); // the count needs no unlock

    await updateBadge(T0 + 29 * DAY);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
    expect((await fakeBrowser.alarms.get(BADGE_ALARM))?.periodInMinutes).toBe(720);

    await updateBadge(T0 + 30 * DAY);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('1');
    expect(await countDueKeys(T0 + 90 * DAY)).toBe(2);

    await v.unlock('correct horse battery staple');
    await v.setRevoked(monthly.id, true);
    await updateBadge(T0 + 31 * DAY);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
  });

  it('shows no badge, and does not throw, when there is no vault', async () => {
    await updateBadge(T0);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
  });
});
