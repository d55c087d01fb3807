/**
 * Our in-page UI lives in closed shadow roots: the page's CSS cannot restyle it, the page's scripts
 * cannot reach into it (`host.shadowRoot` is null), and the finders skip it (data-cckh).
 */
export function createShadowHost(doc: Document, id: string, css: string): { host: HTMLElement; root: ShadowRoot } {
  const host = doc.createElement('cckh-' + id);
  host.setAttribute('data-cckh', id);
  const root = host.attachShadow({ mode: 'closed' });
  const style = doc.createElement('style');
  style.textContent = css;
  root.append(style);
  return { host, root };
}
