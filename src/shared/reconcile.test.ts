import { describe, expect, it } from 'vitest';
import { createdDates, reconcile, rowMayBe } from './reconcile';

const at = (iso: string) => Date.parse(iso);

describe('reconcile with Cloudcraft\'s keys list', () => {
  it('a key may show as its local or its UTC date', () => {
    const late = at('2026-12-05T23:30:00Z');
    expect(createdDates(late)).toContain('2026-12-05');
    const local = new Date(late);
    const localDay = `${local.getFullYear()}-${String(local.getMonth() + 1).padStart(2, '0')}-${String(local.getDate()).padStart(2, '0')}`;
    expect(createdDates(late)[0]).toBe(localDay);
  });

  it('matches by name and date, never position; a row without a date by name', () => {
    const key = { name: 'deploy', createdAt: at('2026-09-01T12:00:00Z') };
    expect(rowMayBe({ name: ' deploy ', created: '2026-09-01' }, key)).toBe(true);
    expect(rowMayBe({ name: 'deploy', created: '2026-09-03' }, key)).toBe(false);
    expect(rowMayBe({ name: 'Deploy', created: '2026-09-01' }, key)).toBe(false);
    expect(rowMayBe({ name: 'deploy', created: null }, key)).toBe(true);
  });

  it('says stored, ambiguous and unknown per row, and which keys no row may be', () => {
    const keys = [
      { name: 'deploy', createdAt: at('2026-09-01T12:00:00Z') },
      { name: 'twin', createdAt: at('2026-10-01T12:00:00Z') },
      { name: 'gone', createdAt: at('2026-10-02T12:00:00Z') },
      { name: 'same-day', createdAt: at('2026-11-01T10:00:00Z') },
      { name: 'same-day', createdAt: at('2026-11-01T11:00:00Z') },
    ];
    const rows = [
      { name: 'elsewhere', created: '2026-08-01' },
      { name: 'twin', created: '2026-10-01' },
      { name: 'deploy', created: '2026-09-01' },
      { name: 'twin', created: '2026-10-01' },
      { name: 'same-day', created: '2026-11-01' },
    ];
    expect(reconcile(rows, keys)).toEqual({ rows: ['unknown', 'ambiguous', 'stored', 'ambiguous', 'ambiguous'], missing: [2] });
    expect(reconcile([], keys).missing).toEqual([0, 1, 2, 3, 4]);
  });
});
