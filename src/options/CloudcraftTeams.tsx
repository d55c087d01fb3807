/**
 * Options › template editor › Team access: the account's team names read from Cloudcraft, so a
 * template names teams exactly as Cloudcraft does (its page matches team names as written). Nothing
 * is sent to Cloudcraft until the user asks: "Use team names from Cloudcraft" lists the stored keys
 * (from the vault, locally), and "Get team names" sends `teams.fromCloudcraft` with the chosen key
 * (the service worker's `GET https://api.cloudcraft.co/team`, read-only, names only).
 */
import { useState } from 'preact/hooks';
import { t } from '../shared/i18n';
import type { KeyMeta, TeamsResult } from '../shared/protocol';
import type { TeamGrant } from '../shared/templates';
import { errorCode, errorText, useExtension } from '../ui/extension';
import { visibleName } from '../shared/words';

/**
 * The stored keys team names may be read with: live ones (`revokedAt` null) that Cloudcraft did not
 * refuse at capture (`verification` not 'rejected'), verified ones first, newest first within each.
 */
export function keysForTeams(keys: readonly KeyMeta[]): KeyMeta[] {
  const rank = (k: KeyMeta) => (k.verification === 'verified' ? 0 : 1);
  return keys.filter((k) => k.revokedAt === null && k.verification !== 'rejected').sort((a, b) => rank(a) - rank(b) || b.createdAt - a.createdAt);
}

const loose = (s: string) => s.trim().toLowerCase();

/**
 * `teams` after checking (`on`) or unchecking Cloudcraft's team `name`. Checking adds a row with
 * "read" access (least privilege; the user raises it in the row), or, when a row already names the
 * team in another case or with spaces around it, gives that row Cloudcraft's spelling and leaves
 * its access. Unchecking removes the rows that name it exactly. Other rows keep their order.
 */
export function toggleTeam(teams: readonly TeamGrant[], name: string, on: boolean): TeamGrant[] {
  if (!on) return teams.filter((g) => g.team !== name);
  if (teams.some((g) => g.team === name)) return [...teams];
  const i = teams.findIndex((g) => loose(g.team) === loose(name));
  if (i >= 0) return teams.map((g, j) => (j === i ? { ...g, team: name } : g));
  return [...teams, { team: name, access: 'read' }];
}

/** What a `teams.fromCloudcraft` answer other than a list of names means for the user, in words. */
export function teamsProblem(r: Exclude<TeamsResult, { status: 'ok' }>): string {
  switch (r.status) {
    case 'rejected':
      return t('teamsRejected', r.httpStatus);
    case 'http-error':
      return t('teamsHttpError', r.httpStatus);
    case 'network-error':
      return r.message;
  }
}

type Line = { text: string; kind: 'error' | 'hint' } | null;

/**
 * The picker. `names` is what Cloudcraft listed (null until it answered), kept by the editor so the
 * team rows can use it too; `onNames` receives a new answer, `onToggle` a checkbox change.
 */
export function CloudcraftTeams(props: { teams: readonly TeamGrant[]; names: readonly string[] | null; onNames: (names: string[]) => void; onToggle: (name: string, on: boolean) => void }) {
  const { send } = useExtension();
  const [keys, setKeys] = useState<KeyMeta[] | null>(null);
  const [chosen, setChosen] = useState('');
  const [busy, setBusy] = useState(false);
  const [line, setLine] = useState<Line>(null);

  /** Lists the vault's usable keys (local: the vault, not Cloudcraft). */
  async function listKeys() {
    setBusy(true);
    setLine(null);
    try {
      const usable = keysForTeams((await send('keys.list', {})).keys);
      setKeys(usable);
      setChosen((c) => (usable.some((k) => k.id === c) ? c : (usable[0]?.id ?? '')));
      if (usable.length === 0) setLine({ text: t('teamsNoKey'), kind: 'error' });
    } catch (err) {
      setKeys(null);
      const code = errorCode(err);
      setLine({ text: code === 'LOCKED' ? t('teamsLocked') : code === 'NOT_INITIALIZED' ? t('teamsNoKey') : t('teamsKeysFailed', errorText(err)), kind: 'error' });
    } finally {
      setBusy(false);
    }
  }

  /** Asks Cloudcraft, once, with the chosen key. */
  async function ask() {
    if (!chosen) return;
    setBusy(true);
    setLine({ text: t('teamsAsking'), kind: 'hint' });
    try {
      const r = await send('teams.fromCloudcraft', { id: chosen });
      if (r.status === 'ok') {
        props.onNames(r.teams);
        setLine(null);
      } else setLine({ text: teamsProblem(r), kind: 'error' });
    } catch (err) {
      setLine({ text: errorCode(err) === 'LOCKED' ? t('teamsLocked') : t('teamsFailed', errorText(err)), kind: 'error' });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="cc-teams stack">
      <div class="actions">
        <button type="button" disabled={busy} onClick={() => void listKeys()}>
          {t('teamsFromCloudcraft')}
        </button>
      </div>
      {keys && keys.length > 0 && (
        <>
          <label for="cc-key">{t('teamsKeyLabel')}</label>
          <select id="cc-key" value={chosen} aria-describedby="cc-key-help" onChange={(e) => setChosen(e.currentTarget.value)}>
            {keys.map((k) => (
              <option key={k.id} value={k.id}>
                {k.verification === 'verified' ? t('teamsKeyVerified', visibleName(k.name)) : t('teamsKeyUnverified', visibleName(k.name))}
              </option>
            ))}
          </select>
          <p id="cc-key-help" class="hint">
            {t('teamsKeyHelp')}
          </p>
          <div class="actions">
            <button type="button" disabled={busy || !chosen} onClick={() => void ask()}>
              {t('teamsFetch')}
            </button>
          </div>
        </>
      )}
      <p class={line?.kind ?? ''} role="status">
        {line?.text ?? ''}
      </p>
      {props.names &&
        (props.names.length === 0 ? (
          <p class="hint">{t('teamsNoneInCloudcraft')}</p>
        ) : (
          <fieldset>
            <legend>{t('teamsLegend')}</legend>
            <p class="hint">{t('teamsPickHelp')}</p>
            {props.names.map((name) => (
              <label class="choice" key={name}>
                <input type="checkbox" checked={props.teams.some((g) => g.team === name)} onChange={(e) => props.onToggle(name, e.currentTarget.checked)} /> {visibleName(name)}
              </label>
            ))}
          </fieldset>
        ))}
    </div>
  );
}
