/** @jsxImportSource react */
/**
 * The app shell around a library's keys UI: the same top bar, diagram and `decoy` banner as the
 * hand-written replica, and the library's own dialog opened by User > API keys.
 */
import type { ComponentType, ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { fetchApi, type ReplicaApi } from '../api';
import { DecoyBanner, Diagram, TopBar } from '../shell';
import { STYLES } from '../styles';
import { parseVariant, type Ui, type Variant } from '../variant';
import { useKeysFlow, type KeysFlow } from './flow';
import { LIBRARY_TEXTS, type LibraryTexts } from './texts';

export interface KeysUiProps {
  flow: KeysFlow;
  texts: LibraryTexts;
}

/** What a library module exports: its keys UI, and the provider it needs around the app (theme…). */
export interface LibraryModule {
  KeysUi: ComponentType<KeysUiProps>;
  Provider?: ComponentType<{ children: ReactNode }>;
}

export function LibraryApp(props: { variant: Variant; api?: ReplicaApi; lib: LibraryModule }) {
  const ui = props.variant.ui as Exclude<Ui, 'own'>;
  const texts = LIBRARY_TEXTS[ui];
  const flow = useKeysFlow(props.variant, props.api ?? fetchApi, texts.generatingMs);
  const { KeysUi } = props.lib;
  return (
    <div className="replica">
      <style>{STYLES}</style>
      <TopBar onApiKeys={flow.openKeys} />
      {props.variant.decoy && <DecoyBanner />}
      <main className="diagrams">
        <Diagram />
      </main>
      <KeysUi flow={flow} texts={texts} />
    </div>
  );
}

/**
 * Mounts a library variant into #root (the server's entry for `ui=<library>` calls this), with the
 * variant read from the page's query.
 */
export function mountLibrary(lib: LibraryModule, container: HTMLElement | null = document.getElementById('root')): { unmount(): void } {
  if (!container) throw new Error('replica: #root is missing');
  const root = createRoot(container);
  const app = <LibraryApp variant={parseVariant(location.search)} lib={lib} />;
  root.render(lib.Provider ? <lib.Provider>{app}</lib.Provider> : app);
  return { unmount: () => root.unmount() };
}

/** The preloaded keys' created date as the list shows it (YYYY-MM-DD). */
export const shortDate = (iso: string) => iso.slice(0, 10);
