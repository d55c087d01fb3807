/**
 * Matching the vault's keys with the rows of Cloudcraft's keys list, by name and created date
 * (never by position): used by the content script (which rows to mark, which row to delete), the
 * service worker (answering for rows the page shows) and the popup (what is only on one side).
 * Cloudcraft's list shows a created date without a time zone, so a key may show as its local or
 * its UTC date; a row without a date matches on its name alone.
 */
import { localDate, utcDate } from './dates';
import type { ListedKey } from './protocol';

export interface StoredKeyRef {
  name: string;
  /** When the vault captured the key (ms since epoch). */
  createdAt: number;
}

/** How a row of the list stands against the vault: one stored key is this row, none is, or we cannot tell. */
export type RowMatch = 'stored' | 'ambiguous' | 'unknown';


/** The created dates (YYYY-MM-DD) a key created at `ms` may show as: its local date, then its UTC date (deduplicated). */
export function createdDates(ms: number): string[] {
  const d = new Date(ms);
  return [...new Set([localDate(d), utcDate(d)])];
}

/** Whether `row` may be the key `key`: the same name (trimmed, case as shown) and a date it may show as (or no date). */
export function rowMayBe(row: ListedKey, key: StoredKeyRef): boolean {
  return row.name.trim() === key.name.trim() && (row.created === null || createdDates(key.createdAt).includes(row.created));
}

/**
 * Reconciles `rows` with `keys`. `rows[i]` is `stored` when exactly one key may be it and that key
 * may be no other row, `ambiguous` when more than one key or row is involved, `unknown` when no key
 * may be it (made elsewhere). `missing`: indexes of the keys no row may be (deleted in Cloudcraft,
 * or made in another account).
 */
export function reconcile(rows: readonly ListedKey[], keys: readonly StoredKeyRef[]): { rows: RowMatch[]; missing: number[] } {
  const keysOfRow = rows.map((r) => keys.flatMap((k, i) => (rowMayBe(r, k) ? [i] : [])));
  const rowsOfKey = keys.map((k) => rows.flatMap((r, i) => (rowMayBe(r, k) ? [i] : [])));
  return {
    rows: keysOfRow.map((ks) => (ks.length === 0 ? 'unknown' : ks.length === 1 && rowsOfKey[ks[0]!]!.length === 1 ? 'stored' : 'ambiguous')),
    missing: rowsOfKey.flatMap((rs, i) => (rs.length === 0 ? [i] : [])),
  };
}
