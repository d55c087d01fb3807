/**
 * Reconcile, in the page: a small mark on each row of Cloudcraft's keys list whose key is in the
 * vault ("In your vault"), or may be but cannot be told apart ("In your vault?"). The service
 * worker answers for the rows the page shows (keys.match: names and created dates, matched as in
 * shared/reconcile.ts), so this script learns nothing about other stored keys. Marks live in
 * closed shadow roots (no secret, nothing the page can read or restyle) and follow re-renders.
 */
import { t } from '../../shared/i18n';
import { request, type ListedKey } from '../../shared/protocol';
import type { RowMatch } from '../../shared/reconcile';
import { createShadowHost } from '../dom/shadow';
import { cleanName } from '../page/clean';
import { findKeysUi } from '../page/finders';
import { readKeyRows, type KeyRow } from '../page/keyRows';
import { defineFeature } from './feature';

const CSS = `
:host { all: initial; display: inline-block; margin-inline-start: 6px; vertical-align: middle; }
span { font: 600 11px/1.6 system-ui, sans-serif; padding: 0 6px; border-radius: 999px;
  color: #14532d; background: #dcfce7; border: 1px solid #86efac; white-space: nowrap; }
span.ambiguous { color: #713f12; background: #fef9c3; border-color: #fde047; }
`;

export interface VaultMarksApi {
  /** The marks on the page now, by row name: for tests and the e2e harness. */
  marks(): { name: string; match: RowMatch }[];
}

export const vaultMarks = defineFeature<VaultMarksApi>({
  id: 'vault-marks',
  init(ctx) {
    const placed = new Map<Element, { host: HTMLElement; match: RowMatch; name: string }>();
    let asked = '';
    let answer: { key: string; rows: RowMatch[] } | null = null;
    let inFlight = false;

    const signature = (listed: ListedKey[]) => JSON.stringify(listed);
    const listedOf = (rows: KeyRow[]): ListedKey[] => rows.map((r) => ({ name: cleanName(r.name), created: r.created }));

    function unmark(row: Element): void {
      placed.get(row)?.host.remove();
      placed.delete(row);
    }

    function place(rows: KeyRow[], matches: RowMatch[]): void {
      const keep = new Set<Element>();
      rows.forEach((r, i) => {
        const match = matches[i] ?? 'unknown';
        if (match === 'unknown') return;
        keep.add(r.row);
        const had = placed.get(r.row);
        if (had && had.match === match && had.host.isConnected && r.nameCell.contains(had.host)) return;
        if (had) unmark(r.row);
        const { host, root } = createShadowHost(ctx.doc, 'mark', CSS);
        const pill = ctx.doc.createElement('span');
        pill.className = match;
        pill.textContent = t(match === 'stored' ? 'markStored' : 'markAmbiguous');
        pill.title = t(match === 'stored' ? 'markStoredTitle' : 'markAmbiguousTitle');
        root.append(pill);
        r.nameCell.append(host);
        placed.set(r.row, { host, match, name: cleanName(r.name) });
      });
      for (const row of [...placed.keys()]) if (!keep.has(row) || !row.isConnected) unmark(row);
    }

    async function refresh(force = false): Promise<void> {
      const keys = findKeysUi(ctx.doc);
      const rows = keys ? readKeyRows(keys) : [];
      if (rows.length === 0) {
        for (const row of [...placed.keys()]) unmark(row);
        return;
      }
      const listed = listedOf(rows);
      const key = signature(listed);
      if (answer && answer.key === key && !force) return place(rows, answer.rows);
      if (inFlight && asked === key && !force) return;
      asked = key;
      inFlight = true;
      try {
        const { rows: matches } = await request(ctx.transport, 'keys.match', { listed });
        answer = { key, rows: matches };
      } catch {
        answer = { key, rows: [] }; // no vault, or the worker is gone: no marks rather than wrong ones
      } finally {
        inFlight = false;
      }
      if (!ctx.isValid()) return;
      // The list may have changed while the worker answered: place only on the list it answered for.
      const now = readKeyRows(findKeysUi(ctx.doc) ?? ctx.doc);
      if (signature(listedOf(now)) === key) place(now, answer.rows);
      else void refresh();
    }

    ctx.on('state', (st) => {
      if (st.kind === 'keys-list') void refresh();
    });
    // A new key was stored: its row (when the list comes back) is now in the vault.
    ctx.on('capture', (r) => {
      if (r.status === 'captured') answer = null;
    });
    ctx.signal.addEventListener('abort', () => placed.forEach(({ host }) => host.remove()), { once: true });
    void refresh(); // the list may be up before the first state change
    return {
      marks: () => [...placed.values()].filter((p) => p.host.isConnected).map(({ name, match }) => ({ name, match })),
    };
  },
});
