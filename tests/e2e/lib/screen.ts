/**
 * Finding things in the extension's pages the way a user (or a screen reader) does: by role and
 * accessible name, as Chromium's accessibility tree computes them (puppeteer's `::-p-aria` query
 * and `accessibility.snapshot`), and the words a user reads, from
 * `public/_locales/en/messages.json` through the extension's own `t`. A test that finds a button
 * this way keeps passing when a class name changes, and fails when the button loses its name.
 * Cloudcraft's own words (the replica's "Create API key", "Save key") are not ours: tests write them.
 */
import type { ElementHandle, Page } from 'puppeteer-core';
import en from '../../../public/_locales/en/messages.json';
import { setFallbackMessages, t } from '../../../src/shared/i18n';
import { aria, until } from '../../../scripts/lib/harness.mjs';

// Outside the extension `t` reads the English file given here, expanded with Chrome's rules.
setFallbackMessages(en);

/**
 * A message of `public/_locales/en/messages.json` with its substitutions, exactly as the extension
 * shows it (`msg('copiedClears', [msg('copiedWhatKey'), 3])` → "Copied the key — clears in 3 s").
 */
export const msg = t;

/**
 * A RegExp that matches message `key` as a whole, each substitution either literal text (a string)
 * or anything `pattern` matches (a RegExp): `msgPattern('copiedClears', [msg('copiedWhatKey'), /\d+/])`
 * matches "Copied the key — clears in 30 s".
 */
export function msgPattern(key: Parameters<typeof t>[0], subs: ReadonlyArray<string | RegExp>): RegExp {
  const escape = escapeRegExp;
  // Each hole is a private-use character around its index: no message holds one.
  const holes = subs.map((_, i) => `\ue000${i}\ue001`);
  const source = escape(msg(key, holes)).replace(/\ue000(\d+)\ue001/g, (_, i: string) => {
    const sub = subs[Number(i)]!;
    return typeof sub === 'string' ? escape(sub) : `(?:${sub.source})`;
  });
  return new RegExp(`^${source}$`);
}

/** `text` as a RegExp source that matches it literally. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Message `key` up to where its first substitution goes: how every instance of it starts.
 * @throws Error when the message starts with a substitution (every text would start with "").
 */
export function msgPrefix(key: Parameters<typeof t>[0]): string {
  const prefix = msg(key, Array.from({ length: 9 }, () => '\u0000')).split('\u0000')[0]!;
  if (!prefix) throw new Error(`msgPrefix(): "${key}" starts with a substitution`);
  return prefix;
}

/** Where a query looks: a whole page, or below one element. */
export type Scope = Page | ElementHandle<Node>;

export { aria };

/** Every element below `scope` with `role` (and accessible name `name`), in document order. */
export function allByRole(scope: Scope, role: string, name?: string): Promise<Array<ElementHandle<Element>>> {
  return scope.$$(aria(name, role)) as Promise<Array<ElementHandle<Element>>>;
}

/** The first element below `scope` with `role` (and name `name`), or null now. */
export async function queryByRole(scope: Scope, role: string, name?: string): Promise<ElementHandle<Element> | null> {
  return (await allByRole(scope, role, name))[0] ?? null;
}

/** The first element below `scope` with `role` (and name `name`), waited for up to `timeoutMs`. */
export function getByRole(scope: Scope, role: string, name?: string, timeoutMs = 10_000): Promise<ElementHandle<Element>> {
  return until(`${role}${name === undefined ? '' : ` "${name}"`}`, async () => (await queryByRole(scope, role, name)) ?? undefined, timeoutMs);
}

/** An element's text as rendered (innerText: what the user reads, one line per block), trimmed. */
export async function textOf(el: ElementHandle<Node>): Promise<string> {
  return el.evaluate((e) => ((e as HTMLElement).innerText ?? e.textContent ?? '').trim());
}

/** The texts of every element below `scope` with `role` (and name `name`), in document order. */
export async function textsByRole(scope: Scope, role: string, name?: string): Promise<string[]> {
  return Promise.all((await allByRole(scope, role, name)).map(textOf));
}

/** What the accessibility tree says of one element: its role, name, description and states. */
export interface AxFacts {
  role: string;
  name: string;
  description: string;
  disabled: boolean;
  checked: boolean | 'mixed';
  invalid: boolean;
  value: string;
  /** A heading's level (1–6); 0 for anything else. */
  level: number;
  /** aria-expanded, where the element has it (a menu button, a disclosure); else null. */
  expanded: boolean | null;
}

/** Chromium's accessibility facts of `el` in `page` (accessibility.snapshot rooted at it). */
export async function axFacts(page: Page, el: ElementHandle<Node>): Promise<AxFacts> {
  const node = await page.accessibility.snapshot({ root: el, interestingOnly: false });
  if (!node) throw new Error('axFacts(): the element is not in the accessibility tree');
  return {
    role: node.role,
    name: node.name ?? '',
    description: node.description ?? '',
    disabled: node.disabled === true,
    checked: node.checked ?? false,
    invalid: node.invalid !== undefined && node.invalid !== 'false',
    value: node.value === undefined ? '' : String(node.value),
    level: node.level ?? 0,
    expanded: node.expanded ?? null,
  };
}

/** The accessible names of the elements below `scope` with `role`, in document order. */
export async function namesByRole(page: Page, scope: Scope, role: string): Promise<string[]> {
  const names: string[] = [];
  for (const el of await allByRole(scope, role)) names.push((await axFacts(page, el)).name);
  return names;
}

/**
 * The first element below `scope` with `role` whose accessible name, as `axFacts` reads it, is
 * `name`; waited for. For the controls puppeteer's name query misses though the tree names them
 * (a file input: its name is its label, yet `[name=…]` matches nothing).
 */
export function getByComputedName(page: Page, scope: Scope, role: string, name: string, timeoutMs = 10_000): Promise<ElementHandle<Element>> {
  return firstWhere(page, scope, role, undefined, (f) => f.name === name, `${role} named "${name}"`, timeoutMs);
}

/** Chromium's role for `<summary>` (a disclosure's button): not an ARIA role, the tree's own. */
export const SUMMARY_ROLE = 'DisclosureTriangle';

/** A button below `scope` named `name`, once it is enabled (waited for up to `timeoutMs`). */
export function enabledButton(page: Page, scope: Scope, name: string, timeoutMs = 10_000): Promise<ElementHandle<Element>> {
  return firstWhere(page, scope, 'button', name, (f) => !f.disabled, `button "${name}" enabled`, timeoutMs);
}

/** The first element below `scope` with `role` (and name `name`) whose facts pass `accept`, waited for (`what` names it in the timeout). */
function firstWhere(page: Page, scope: Scope, role: string, name: string | undefined, accept: (facts: AxFacts) => boolean, what: string, timeoutMs: number): Promise<ElementHandle<Element>> {
  return until(
    what,
    async () => {
      for (const el of await allByRole(scope, role, name)) if (accept(await axFacts(page, el))) return el;
      return undefined;
    },
    timeoutMs,
  );
}
