/**
 * What tests/e2e/drivers.e2e.test.ts injects into a replica page (bundled by esbuild as one script):
 * the content script's control drivers and page finders, on `window.__cckhDrivers`. Test-only.
 */
import { controlsIn, isChoice, type Control } from '../../../src/content/controls';
import { classifyLevel } from '../../../src/content/page/synonyms';
import { controlLabel, findCreateForm, findPermissionControl, findTeamControls, readChoiceLevel, readTeamLevel } from '../../../src/content/page/finders';

type Level = 'none' | 'read' | 'read-write';

/** Sets `c` to the option that reads as `want` (or on/off), as apply-template does; returns the level read back. */
async function setLevel(c: Control, want: Level): Promise<Level | null> {
  if (!isChoice(c)) {
    if (c.checked() !== (want !== 'none')) await c.toggle();
    const on = c.checked();
    return on === null ? null : on ? 'read' : 'none';
  }
  const options = await c.options();
  const match = options.find((o) => classifyLevel(o.text) === want);
  if (!match) throw new Error(`no option for ${want} in ${options.map((o) => o.text).join(', ')}`);
  await c.choose(match);
  await new Promise((r) => setTimeout(r, 50));
  return readChoiceLevel(c);
}

function form() {
  const f = findCreateForm(document);
  if (!f) throw new Error('no create form');
  return f;
}

const api = {
  /** Every control in the form, the permission control and the team controls, as the finders see them. */
  survey() {
    const root = form().root;
    const perm = findPermissionControl(root);
    return {
      kinds: controlsIn(root).map((c) => c.kind),
      permission: perm ? { kind: perm.kind, label: controlLabel(perm), level: readChoiceLevel(perm) } : null,
      teams: findTeamControls(root).map((t) => ({ team: t.team, kind: t.control.kind, level: readTeamLevel(t) })),
    };
  },
  async setPermission(want: Level) {
    const perm = findPermissionControl(form().root);
    if (!perm) throw new Error('no permission control');
    return setLevel(perm, want);
  },
  async setTeam(team: string, want: Level) {
    const t = findTeamControls(form().root).find((x) => x.team === team);
    if (!t) throw new Error(`no control for team ${team}`);
    return setLevel(t.control, want);
  },
  /**
   * From now on the page sees none of our synthetic pointer and mouse events (a capture-phase
   * listener on the window stops them): a library that ignores them leaves the drivers the keyboard.
   * Ours carry the pointer's position; a library's own `element.click()` (Material UI and Mantine
   * activate a focused option with Enter that way) has none, and goes through.
   */
  ignoreSyntheticPointer() {
    for (const type of ['pointerdown', 'mousedown', 'pointerup', 'mouseup', 'click']) {
      window.addEventListener(
        type,
        (e) => {
          const m = e as MouseEvent;
          if (!e.isTrusted && (m.clientX !== 0 || m.clientY !== 0)) e.stopImmediatePropagation();
        },
        true,
      );
    }
  },
};

(window as unknown as { __cckhDrivers: typeof api }).__cckhDrivers = api;
