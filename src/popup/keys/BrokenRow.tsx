/** An unreadable record (fails authentication or parsing): its reason, and Delete (confirmed) to remove it. */
import { useId, useRef, useState } from 'preact/hooks';
import { t } from '../../shared/i18n';
import type { BrokenRecord } from '../../shared/protocol';
import { errorText, useExtension } from '../../ui/extension';
import { visibleName } from '../../shared/words';
import { ConfirmDialog } from '../../ui/ConfirmDialog';

export function BrokenRow(props: { b: BrokenRecord; onDeleted: (id: string) => void; onError: (e: unknown) => boolean }) {
  const { send } = useExtension();
  const { b } = props;
  const nameId = useId(); // the list item's name: its label
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const deleteButton = useRef<HTMLButtonElement>(null);

  async function doDelete() {
    try {
      await send('keys.delete', { id: b.id });
      setConfirming(false);
      props.onDeleted(b.id);
    } catch (err) {
      setConfirming(false);
      if (!props.onError(err)) setError(t('deleteFailed', errorText(err)));
    }
  }

  return (
    <li class="broken" aria-labelledby={nameId}>
      <span class="label" id={nameId}>
        {visibleName(b.name)}
      </span>
      <span class="error">{t('brokenRecord', b.reason)}</span>
      <div class="actions">
        <button type="button" ref={deleteButton} aria-label={t('deleteNamed', visibleName(b.name))} onClick={() => setConfirming(true)}>
          {t('delete')}
        </button>
      </div>
      {confirming && (
        <ConfirmDialog
          id={`del-broken-${b.id}`}
          text={t('deleteConfirm', visibleName(b.name))}
          confirm={t('delete')}
          onConfirm={() => void doDelete()}
          onCancel={() => (setConfirming(false), deleteButton.current?.focus())}
        />
      )}
      {error && (
        <p class="row-status error" role="status">
          {error}
        </p>
      )}
    </li>
  );
}
