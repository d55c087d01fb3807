/**
 * The vault compared with Cloudcraft's keys list, while the Cloudcraft tab shows it (matched by
 * name and created date: shared/reconcile.ts): keys in Cloudcraft but not in the vault (made
 * elsewhere: their secret cannot be recovered, only replaced), keys in the vault that Cloudcraft no
 * longer lists (revoked there, or made in another account: mark them revoked or delete them), and
 * rows that cannot be told apart.
 */
import { t } from '../../shared/i18n';
import type { KeyMeta, ListedKey } from '../../shared/protocol';
import { reconcile } from '../../shared/reconcile';
import { visibleName } from '../../shared/words';

export function Reconcile(props: { listed: ListedKey[]; keys: KeyMeta[]; onMarkRevoked: (k: KeyMeta) => void; onDelete: (k: KeyMeta) => void }) {
  const live = props.keys.filter((k) => k.revokedAt === null);
  const r = reconcile(props.listed, live);
  const elsewhere = props.listed.filter((_, i) => r.rows[i] === 'unknown');
  const ambiguous = props.listed.filter((_, i) => r.rows[i] === 'ambiguous');
  const gone = r.missing.map((i) => live[i]!);
  // An empty list is not evidence: the page may list keys in a way not read. Nothing is said then.
  if (props.listed.length === 0) return null;
  const row = (l: ListedKey) => (l.created ? t('listedWithDate', [visibleName(l.name), l.created]) : visibleName(l.name));
  const summary =
    elsewhere.length + gone.length + ambiguous.length === 0
      ? t('reconcileAllStored', props.listed.length)
      : [
          elsewhere.length ? t('reconcileElsewhereCount', elsewhere.length) : '',
          gone.length ? t('reconcileGoneCount', gone.length) : '',
          ambiguous.length ? t('reconcileAmbiguousCount', ambiguous.length) : '',
        ]
          .filter(Boolean)
          .join(' · ');
  return (
    <details class="reconcile">
      <summary>{t('reconcileSummary', summary)}</summary>
      {elsewhere.length > 0 && (
        <>
          <h3>{t('reconcileElsewhere')}</h3>
          <p class="hint">{t('reconcileElsewhereHint')}</p>
          <ul class="plain">
            {elsewhere.map((l, i) => (
              <li key={`${l.name}-${i}`}>{row(l)}</li>
            ))}
          </ul>
        </>
      )}
      {gone.length > 0 && (
        <>
          <h3>{t('reconcileGone')}</h3>
          <p class="hint">{t('reconcileGoneHint')}</p>
          <ul class="plain">
            {gone.map((k) => (
              <li key={k.id} class="actions">
                <span>{visibleName(k.name)}</span>
                <button type="button" aria-label={t('markRevokedNamed', visibleName(k.name))} onClick={() => props.onMarkRevoked(k)}>
                  {t('markRevoked')}
                </button>
                <button type="button" aria-label={t('deleteNamed', visibleName(k.name))} onClick={() => props.onDelete(k)}>
                  {t('delete')}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      {ambiguous.length > 0 && (
        <>
          <h3>{t('reconcileAmbiguous')}</h3>
          <ul class="plain">
            {ambiguous.map((l, i) => (
              <li key={`${l.name}-${i}`}>{row(l)}</li>
            ))}
          </ul>
        </>
      )}
    </details>
  );
}
