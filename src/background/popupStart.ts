/** popup.start: the popup's first view in one round trip (npm run bench, figure 4). */
import type { Handlers } from '../shared/messages';

type Parts = Pick<Handlers, 'vault.status' | 'templates.list' | 'settings.get'>;

/**
 * The popup.start handler over the three handlers it combines: their answers, asked in parallel,
 * as `{ vault, templates, settings }`. Rejects as the first of them that fails (the popup then
 * asks each itself and shows that one's error).
 */
export function createPopupStartHandler(parts: Parts): Handlers['popup.start'] {
  return async (data, ctx) => {
    const [vault, { templates }, { settings }] = await Promise.all([
      parts['vault.status'](data, ctx),
      parts['templates.list'](data, ctx),
      parts['settings.get'](data, ctx),
    ]);
    return { vault, templates, settings };
  };
}
