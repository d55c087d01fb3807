/**
 * "Copy as": a menu button with the forms tools expect besides the key itself (".env line", "Shell
 * export", "Terraform env"; shared/copyFormats.ts), for a stored key's row and a rotation's new key.
 */
import { COPY_FORMATS, type CopyFormat } from '../../shared/copyFormats';
import { t } from '../../shared/i18n';
import { copyFormatLabel } from '../../shared/words';
import { MenuButton } from '../MenuButton';

export function CopyAsMenu(props: { onCopy: (format: CopyFormat) => void }) {
  const items = COPY_FORMATS.filter((f) => f !== 'key').map((f) => ({ label: copyFormatLabel(f), onSelect: () => props.onCopy(f) }));
  return (
    <MenuButton label={t('copyAs')} items={items}>
      {t('copyAs')}
    </MenuButton>
  );
}
