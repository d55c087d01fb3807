/**
 * `t(key, substitutions?)`: every user-facing string comes from `_locales/<lang>/messages.json`.
 *
 * At run time this is `i18n.getMessage` (synchronous and identical in Chrome and Firefox, so it
 * needs no polyfill: we read the global directly, which also keeps this module importable in unit
 * tests where no extension API exists). Outside the extension (component tests) it falls back to
 * messages given to `setFallbackMessages` (the tests' setup passes the English file), expanded with
 * the same `$NAME$` / `$1` placeholder rules as Chrome. The English file is imported for its type
 * only: the extension's pages read it through the browser, so it is not bundled a second time.
 */
import type en from '../../public/_locales/en/messages.json';

interface MessageEntry {
  message: string;
  description?: string;
  placeholders?: Record<string, { content: string; example?: string }>;
}
let fallback: Record<string, MessageEntry> = {};

/** Messages for `t` where the browser's i18n API is absent (unit and component tests). */
export function setFallbackMessages(messages: Record<string, MessageEntry>): void {
  fallback = messages;
}

export type MessageKey = keyof typeof en;

type GetMessage = (key: string, subs?: string | string[]) => string;

function runtimeGetMessage(): GetMessage | null {
  const g = globalThis as { chrome?: { i18n?: { getMessage?: GetMessage } }; browser?: { i18n?: { getMessage?: GetMessage } } };
  return g.chrome?.i18n?.getMessage ?? g.browser?.i18n?.getMessage ?? null;
}

/** Expands a messages.json entry like Chrome does: `$NAME$` → placeholder content → `$1` → substitution. */
export function formatMessage(entry: MessageEntry, subs: readonly string[]): string {
  const positional = (s: string) => s.replace(/\$(\d)/g, (_, d: string) => subs[Number(d) - 1] ?? '');
  const placeholders = entry.placeholders ?? {};
  return entry.message.replace(/\$([A-Za-z0-9_@]+)\$|\$\$/g, (whole, name: string | undefined) => {
    if (whole === '$$') return '$';
    const ph = placeholders[name!.toLowerCase()];
    return ph ? positional(ph.content) : whole;
  });
}

/** The localized message `key` with `substitutions` ($1…$9). Never empty for a known key. */
export function t(key: MessageKey, substitutions?: string | number | readonly (string | number)[]): string {
  const subs = substitutions === undefined ? [] : (Array.isArray(substitutions) ? substitutions : [substitutions]).map(String);
  const getMessage = runtimeGetMessage();
  if (getMessage) {
    try {
      const msg = getMessage(key, subs);
      if (msg) return msg;
    } catch {
      // Not in an extension context (tests) or the API is gone (extension reloaded): fall back.
    }
  }
  const entry = fallback[key];
  return entry ? formatMessage(entry, subs) : key;
}
