import { describe, expect, it } from 'vitest';
import { daysUntilDue, dueAt, isDue } from './rotation';
import { DEFAULT_ROTATION_DAYS, type Template } from './templates';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 8, 1);
const tpl = (id: string, rotationDays?: number): Template => ({
  id,
  label: id,
  namePattern: '{template}-{date}',
  permission: 'read',
  teams: [],
  description: '',
  source: 'user',
  ...(rotationDays === undefined ? {} : { rotationDays }),
});
const templates = [tpl('monthly', 30), tpl('never', 0), tpl('default')];

describe('rotation due dates', () => {
  it('uses the template period, the 90-day default when the template has none or is gone, and never for 0', () => {
    expect(dueAt({ templateId: 'monthly', createdAt: T0 }, templates)).toBe(T0 + 30 * DAY);
    expect(dueAt({ templateId: 'default', createdAt: T0 }, templates)).toBe(T0 + DEFAULT_ROTATION_DAYS * DAY);
    expect(dueAt({ templateId: 'deleted-template', createdAt: T0 }, templates)).toBe(T0 + 90 * DAY);
    expect(dueAt({ templateId: null, createdAt: T0 }, templates)).toBe(T0 + 90 * DAY);
    expect(dueAt({ templateId: 'never', createdAt: T0 }, templates)).toBeNull();
  });

  it('a revoked key is never due', () => {
    expect(dueAt({ templateId: 'monthly', createdAt: T0, revokedAt: T0 + DAY }, templates)).toBeNull();
    expect(isDue({ templateId: 'monthly', createdAt: T0, revokedAt: T0 + DAY }, templates, T0 + 365 * DAY)).toBe(false);
  });

  it('is due from the due instant on, and counts whole days (rounded up) until then', () => {
    const key = { templateId: 'monthly', createdAt: T0 };
    expect(isDue(key, templates, T0 + 30 * DAY - 1)).toBe(false);
    expect(isDue(key, templates, T0 + 30 * DAY)).toBe(true);
    expect(daysUntilDue(key, templates, T0)).toBe(30);
    expect(daysUntilDue(key, templates, T0 + 29 * DAY + 1)).toBe(1);
    expect(daysUntilDue(key, templates, T0 + 30 * DAY)).toBe(0);
    expect(daysUntilDue(key, templates, T0 + 33 * DAY)).toBe(-3);
    expect(daysUntilDue({ templateId: 'never', createdAt: T0 }, templates, T0)).toBeNull();
  });
});
