/**
 * A confirmation in an extension page (popup, options), as an alert dialog (WAI-ARIA "Alert and Message Dialogs"): the
 * question, an optional detail, the confirming button and Cancel. Focus starts on Cancel (the safe
 * choice); Escape cancels without reaching the popup's other handlers.
 */
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../shared/i18n';

export function ConfirmDialog(props: { id: string; text: string; detail?: string; confirm: string; busy?: boolean; onConfirm: () => void; onCancel: () => void }) {
  const cancelButton = useRef<HTMLButtonElement>(null);
  useEffect(() => cancelButton.current?.focus(), []);
  return (
    <div
      class="confirm"
      role="alertdialog"
      aria-labelledby={props.id}
      aria-describedby={props.detail ? `${props.id}-detail` : undefined}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          props.onCancel();
        }
      }}
    >
      <p id={props.id}>{props.text}</p>
      {props.detail && (
        <p id={`${props.id}-detail`} class="hint">
          {props.detail}
        </p>
      )}
      <button type="button" class="danger" disabled={props.busy} onClick={props.onConfirm}>
        {props.confirm}
      </button>
      <button type="button" ref={cancelButton} disabled={props.busy} onClick={props.onCancel}>
        {t('cancel')}
      </button>
    </div>
  );
}
