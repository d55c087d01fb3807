// @vitest-environment happy-dom
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { applyToPage } from '../features/apply-template';
import { installLayout } from '../test/layout';
import { findCreateForm, findPermissionControl, findTeamControls, isApiKeysUi } from './finders';
import { readPageState } from './state';

const readPageStateFor = (d: Document) => readPageState(d).state;

let restore: () => void;
beforeAll(() => (restore = installLayout()));
afterAll(() => restore());
afterEach(() => (document.body.innerHTML = ''));

/** A plausible other shape of the same UI, with synonyms the replica does not use. */
const OTHER_SHAPE = `
  <section>
    <h1>API tokens</h1>
    <form>
      <h2>New API key</h2>
      <label>Key name <input type="text" id="name"></label>
      <div role="radiogroup" aria-label="Access level">
        <label><input type="radio" name="a" value="v" checked> Viewer</label>
        <label><input type="radio" name="a" value="e"> Editor</label>
      </div>
      <div role="group" aria-label="Share with teams">
        <label><input type="checkbox"> Ops</label>
        <label><input type="checkbox"> QA</label>
      </div>
      <button type="submit">Generate</button>
    </form>
  </section>`;

describe('synonyms on markup the replica does not produce', () => {
  it('finds the form, the permission radios and the teams', async () => {
    document.body.innerHTML = OTHER_SHAPE;
    expect(isApiKeysUi(document)).toBe(true);
    const form = findCreateForm(document)!;
    expect(form.name.id).toBe('name');
    expect(form.save?.textContent).toBe('Generate');
    expect(findPermissionControl(form.root)?.kind).toBe('radio-group');
    expect(findTeamControls(form.root).map((t) => t.team)).toEqual(['Ops', 'QA']);
    expect(readPageStateFor(document).kind).toBe('create-form');
    const r = await applyToPage(document, { template: { id: 't', label: 't', permission: 'read-write', teams: [{ team: 'QA', access: 'read' }] }, name: 'n', save: false });
    expect(r.fields.map((f) => `${f.field}:${f.status}`)).toEqual(['name:set', 'permission:set', 'team:Ops:already-set', 'team:QA:set']);
  });

  it('with both "Description" and "Name" fields, the name goes into "Name"', () => {
    document.body.innerHTML = `<div role="dialog"><h2>API keys</h2><form><h3>Create API key</h3>
      <label>Description <input type="text" id="d"></label><label>Name <input type="text" id="n"></label>
      <label>Permission <select><option>Read</option><option>Read &amp; write</option></select></label>
      <button type="submit">Save key</button></form></div>`;
    expect(findCreateForm(document)?.name.id).toBe('n');
  });

  it('a "Name" + "Save" form elsewhere in the app is not the create form', () => {
    document.body.innerHTML = `<form><h2>Diagram settings</h2><label>Name <input type="text"></label><button>Save</button></form>`;
    expect(findCreateForm(document)).toBeNull();
    expect(isApiKeysUi(document)).toBe(false);
  });
});
