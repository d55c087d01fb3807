// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { installLayout } from '../test/layout';
import { createKey, mount, openForm, openKeys, replica, useReplicaPage } from '../test/replica';
import { deleteKeyInPage } from './delete-key';

useReplicaPage();


const PRELOADED_TERRAFORM = { name: 'terraform-export', createdAt: Date.parse('2026-06-18T14:40:00.000Z') };

describe.each([
  ['button', ['Clicked "Delete".', 'Confirmed with "Delete".']],
  ['menu', ['Clicked "Revoke".', 'Confirmed with "Delete".']],
  ['typed', ['Clicked "Delete".', "Typed the key's name into the confirmation.", 'Confirmed with "Delete key".']],
])('deleteUi=%s', (ui, middle) => {
  it('finds the row by name and created date, uses its action and confirmation, and sees the row gone', async () => {
    mount(`deleteUi=${ui}`);
    await openKeys();
    const r = await deleteKeyInPage(document, PRELOADED_TERRAFORM);
    expect(r).toEqual({
      deleted: true,
      steps: ['Found "terraform-export" (created 2026-06-18) in Cloudcraft\'s list.', ...middle, "The key is no longer in Cloudcraft's list: deleted."],
    });
    expect(replica().keys.map((k) => k.name)).toEqual(['Automation Key']);
    expect(replica().deletes).toBe(1);
  });
});

describe('nothing is deleted on any doubt', () => {
  it('no row with that name: says what the list holds', async () => {
    mount('');
    await openKeys();
    const r = await deleteKeyInPage(document, { name: 'gone-key', createdAt: Date.now() });
    expect(r).toEqual({ deleted: false, steps: ['No key named "gone-key" in Cloudcraft\'s list (it lists: "Automation Key", "terraform-export"). Nothing was deleted.'], notListed: true });
    expect(replica().deletes).toBe(0);
  });

  it('a row with that name but another created date is another key', async () => {
    mount('');
    await openKeys();
    const r = await deleteKeyInPage(document, { name: 'terraform-export', createdAt: Date.parse('2026-11-02T12:00:00Z') });
    expect(r.deleted).toBe(false);
    expect(r.steps).toEqual(['Cloudcraft lists "terraform-export" created 2026-06-18, but this key was created 2026-11-02: not the same key. Nothing was deleted.']);
    expect(replica().deletes).toBe(0);
  });

  it('two rows with the same name and date: ambiguous, nothing clicked', async () => {
    mount('');
    await openKeys();
    const at = await createKey('twin');
    await createKey('twin');
    const r = await deleteKeyInPage(document, { name: 'twin', createdAt: at });
    expect(r.deleted).toBe(false);
    expect(r.steps[0]).toMatch(/^Cloudcraft lists 2 keys named "twin" \(created \d{4}-\d{2}-\d{2}, \d{4}-\d{2}-\d{2}\): it cannot tell which one is this key\. Nothing was deleted\.$/);
    expect(replica().keys.filter((k) => k.name === 'twin')).toHaveLength(2);
    expect(document.querySelector('[role=alertdialog]')).toBeNull();
  });

  it('the create form open: the list is not there to delete from', async () => {
    mount('');
    await openForm();
    expect((await deleteKeyInPage(document, PRELOADED_TERRAFORM)).steps).toEqual([
      "Cloudcraft's list of API keys is not open: open User > API keys (close the create form or the new key first). Nothing was deleted.",
    ]);
  });
});

describe('confirmations it does not understand are cancelled', () => {
  let restore = () => {};
  const page = (confirmation: string) => {
    restore = installLayout();
    document.body.innerHTML = `<div role="dialog"><h2>API keys</h2>
      <table><tr><th>Name</th><th>Created</th><th></th></tr>
      <tr><td>deploy</td><td>2026-12-01</td><td><button id="del">Delete</button></td></tr>
      <tr><td>billing-export</td><td>2026-11-20</td><td><button>Delete</button></td></tr></table>
      <button>Create API key</button></div>`;
    let cancelled = false;
    document.getElementById('del')!.addEventListener('click', () => {
      const d = document.createElement('div');
      d.setAttribute('role', 'alertdialog');
      d.innerHTML = confirmation;
      d.querySelector('.cancel')?.addEventListener('click', () => ((cancelled = true), d.remove()));
      document.body.append(d);
    });
    return () => cancelled;
  };
  const DEPLOY = { name: 'deploy', createdAt: Date.parse('2026-12-01T10:00:00Z') };

  it('one that names another key', async () => {
    const cancelled = page('<p>Delete "billing-export"?</p><button>Delete</button><button class="cancel">Cancel</button>');
    const r = await deleteKeyInPage(document, DEPLOY);
    restore();
    expect(r.steps.at(-1)).toBe('The confirmation names another key ("billing-export"): cancelled. Nothing was deleted.');
    expect([r.deleted, cancelled()]).toEqual([false, true]);
  });

  it('one that asks to type something it cannot tell', async () => {
    const cancelled = page('<label>Project code <input type="text"></label><button>Delete</button><button class="cancel">Cancel</button>');
    const r = await deleteKeyInPage(document, DEPLOY);
    restore();
    expect(r.steps.at(-1)).toBe('The confirmation asks for something this extension cannot tell ("Project code"): cancelled. Nothing was deleted.');
    expect([r.deleted, cancelled()]).toEqual([false, true]);
  });
});

describe('a list a confirmation covers is not a list without the key', () => {
  it('the list made inert and hidden from the accessibility tree, the confirmation fading in from opacity 0 a moment later: answered, then gone', async () => {
    const restore = installLayout();
    document.body.innerHTML = `<div id="keys" role="dialog"><h2>API keys</h2>
      <table><tr><th>Name</th><th>Created</th><th></th></tr>
      <tr id="row"><td>deploy</td><td>2026-12-01</td><td><button id="del">Revoke key</button></td></tr></table>
      <button>Create API key</button></div>`;
    const keys = document.getElementById('keys')!;
    let revoked = 0;
    document.getElementById('del')!.addEventListener('click', () => {
      // As a nested modal does: the rest of the page inert and aria-hidden at once…
      // (Headless UI marks the cells themselves: every element outside the dialog's path.)
      for (const td of document.querySelectorAll('#row > td:not(:last-child)')) {
        td.setAttribute('aria-hidden', 'true');
        td.setAttribute('inert', '');
      }
      keys.setAttribute('aria-hidden', 'true');
      keys.setAttribute('inert', '');
      keys.style.opacity = '0.4';
      // …and its panel mounted 700 ms later (a slow transition), at opacity 0 for another 150 ms.
      setTimeout(() => {
        const d = document.createElement('div');
        d.setAttribute('role', 'dialog');
        d.style.opacity = '0';
        d.innerHTML = '<h2>Revoke API key</h2><p>Revoke "deploy"? Scripts using this API key stop working.</p><button id="yes">Revoke</button><button>Cancel</button>';
        d.querySelector('#yes')!.addEventListener('click', () => {
          revoked++;
          d.remove();
          keys.removeAttribute('aria-hidden');
          keys.removeAttribute('inert');
          document.getElementById('row')!.remove();
        });
        document.body.append(d);
        setTimeout(() => (d.style.opacity = '1'), 150);
      }, 700);
    });
    const r = await deleteKeyInPage(document, { name: 'deploy', createdAt: Date.parse('2026-12-01T10:00:00Z') });
    restore();
    expect(r).toEqual({
      deleted: true,
      steps: ['Found "deploy" (created 2026-12-01) in Cloudcraft\'s list.', 'Clicked "Revoke key".', 'Confirmed with "Revoke".', "The key is no longer in Cloudcraft's list: deleted."],
    });
    expect(revoked).toBe(1);
  });
});

describe('a popover confirmation (non-modal, next to the action)', () => {
  const page = (popover: string) => {
    const restore = installLayout();
    document.body.innerHTML = `<div role="dialog"><h2>API keys</h2>
      <table><tr><th>Name</th><th>Created</th><th></th></tr>
      <tr id="row"><td>deploy</td><td>2026-12-01</td><td><button id="del">Delete</button></td></tr></table></div>`;
    document.getElementById('del')!.addEventListener('click', () => {
      const p = document.createElement('div');
      p.innerHTML = popover;
      p.querySelector('.yes')?.addEventListener('click', () => (p.remove(), document.getElementById('row')!.remove()));
      document.body.append(p);
    });
    return restore;
  };
  const DEPLOY = { name: 'deploy', createdAt: Date.parse('2026-12-01T10:00:00Z') };

  it('a role="tooltip" box holding Cancel and Delete is the confirmation', async () => {
    const restore = page('<div role="tooltip"><p>Delete this API key? "deploy" stops working.</p><button>Cancel</button><button class="yes">Delete</button></div>');
    const r = await deleteKeyInPage(document, DEPLOY);
    restore();
    expect(r.steps.slice(1)).toEqual(['Clicked "Delete".', 'Confirmed with "Delete".', "The key is no longer in Cloudcraft's list: deleted."]);
    expect(r.deleted).toBe(true);
  });

  it('a plain tooltip over the button (no button in it) is not one: nothing is deleted', async () => {
    const restore = page('<div role="tooltip">Delete key</div>');
    const r = await deleteKeyInPage(document, DEPLOY, { timeoutMs: 800 });
    restore();
    expect(r).toEqual({ deleted: false, steps: ['Found "deploy" (created 2026-12-01) in Cloudcraft\'s list.', 'Clicked "Delete".', 'No confirmation appeared, and the key is still listed. Nothing was deleted.'] });
  });
});
