/**
 * Cloudcraft's list of API keys, row by row: each row's key name and created date as the page
 * shows them, and which rows are a given stored key. Keys are matched by name and created date,
 * never by position (a list re-sorted or grown between two readings still matches).
 */
import { localDate } from '../../shared/dates';
import { rowMayBe } from '../../shared/reconcile';
import { textOf } from '../dom/aria';
import { isDisplayed, isVisible } from '../dom/visible';
import { CREATED_LABELS, NAME_LABELS, matchesAny } from './synonyms';

/** Tables: the HTML element and the ARIA table and grid roles. */
export const TABLE_SEL = 'table,[role="table"],[role="grid"]';
const CELL_SEL = 'td,[role="cell"],[role="gridcell"],[role="rowheader"],th[scope="row"]';

export interface KeyRow {
  row: Element;
  /** The cell the name is in. */
  nameCell: Element;
  name: string;
  /** The created date the row shows, as YYYY-MM-DD; null when it shows none we can read. */
  created: string | null;
}


/**
 * A date a cell shows, as YYYY-MM-DD: a `<time datetime>` inside it, an ISO date in its text, or
 * a text `Date.parse` reads ("Jun 18, 2026", "18 June 2026"). Null otherwise.
 */
export function cellDate(cell: Element): string | null {
  const time = cell.querySelector('time[datetime]')?.getAttribute('datetime') ?? '';
  const iso = /\d{4}-\d{2}-\d{2}/.exec(time) ?? /\d{4}-\d{2}-\d{2}/.exec(textOf(cell));
  if (iso) return iso[0];
  const text = textOf(cell);
  if (!/\d/.test(text) || !/[a-z]/i.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : localDate(new Date(ms));
}

/** The rows of the visible keys table in `root`: name (from the "Name" column) and created date (from "Created"). */
export function readKeyRows(root: ParentNode): KeyRow[] {
  const table = [...root.querySelectorAll(TABLE_SEL)].find((t) => isVisible(t) && !t.closest('[data-cckh]'));
  return table ? rowsOfTable(table) : [];
}

/**
 * The rows `table` lists now, or null when it cannot be read: disconnected or not laid out (a
 * modal fading in over it, `hidden`, `display:none`). Null means "cannot tell", never "no rows".
 */
export function readTableRows(table: Element): KeyRow[] | null {
  return isDisplayed(table) ? rowsOfTable(table) : null;
}

/** The table (or grid) element a row of `readKeyRows` belongs to. */
export const tableOf = (row: Element): Element | null => row.closest(TABLE_SEL);

function rowsOfTable(table: Element): KeyRow[] {
  const headers = [...table.querySelectorAll('th,[role="columnheader"]')];
  const nameCol = Math.max(0, headers.findIndex((h) => matchesAny(textOf(h), NAME_LABELS)));
  const createdCol = headers.findIndex((h) => matchesAny(textOf(h), CREATED_LABELS));
  const rows: KeyRow[] = [];
  for (const row of table.querySelectorAll('tr,[role="row"]')) {
    const cells = [...row.children].filter((c) => c.matches(CELL_SEL));
    if (cells.length === 0) continue;
    const nameCell = cells[nameCol] ?? cells[0]!;
    const name = textOf(nameCell);
    if (!name) continue;
    const createdCell = createdCol >= 0 ? cells[createdCol] : undefined;
    rows.push({ row, nameCell, name, created: createdCell ? cellDate(createdCell) : null });
  }
  return rows;
}

/**
 * Which rows are the key named `name`, created at `createdAt` (ms): `matches` are rows with that
 * name whose date is one the key may show as (or, when the page shows no dates, every row with
 * that name); `sameName` are all rows with that name.
 */
export function matchKeyRows(rows: KeyRow[], key: { name: string; createdAt: number }): { matches: KeyRow[]; sameName: KeyRow[] } {
  const sameName = rows.filter((r) => r.name.trim() === key.name.trim());
  return { matches: sameName.filter((r) => rowMayBe(r, key)), sameName };
}
