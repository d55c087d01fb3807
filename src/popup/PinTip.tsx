/**
 * A one-time tip to pin the toolbar button, shown while it is not pinned and until dismissed: an
 * unpinned button's popup opens ~300 ms later (Chrome animates the button out of the extensions
 * menu first; README.md, Performance). Nothing where the browser cannot tell.
 */
import { useLayoutEffect, useState } from 'preact/hooks';
import { t } from '../shared/i18n';
import { useExtension } from '../ui/extension';

export function PinTip() {
  const { pinTip, dismissPinTip } = useExtension();
  const [show, setShow] = useState(false);
  useLayoutEffect(() => {
    pinTip().then(
      (s) => setShow(s.pinned === false && !s.dismissed),
      () => undefined,
    );
  }, []);
  if (!show) return null;
  return (
    <div class="tip" role="note">
      <p>{t('pinTip')}</p>
      <button type="button" onClick={() => (setShow(false), void dismissPinTip())}>
        {t('gotIt')}
      </button>
    </div>
  );
}
