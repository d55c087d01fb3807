import { describe, expect, it } from 'vitest';
import { classifySender, isOwnExtensionPage, type SenderInfo } from './senderPolicy';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${ID}`;
const popup: SenderInfo = { id: ID, url: `${ORIGIN}/src/popup/index.html`, origin: ORIGIN };
const content: SenderInfo = { id: ID, url: 'https://app.cloudcraft.co/app/blueprint/1', origin: 'https://app.cloudcraft.co', tab: { id: 3 }, frameId: 0 };

describe('classifySender', () => {
  it('accepts our extension pages and our content script on app.cloudcraft.co', () => {
    expect(classifySender(popup, ID, ORIGIN)).toBe('extension');
    expect(classifySender({ id: ID, url: `${ORIGIN}/src/offscreen/index.html` }, ID, ORIGIN)).toBe('extension');
    expect(classifySender(content, ID, ORIGIN)).toBe('content');
    expect(classifySender({ ...content, origin: undefined }, ID, ORIGIN)).toBe('content');
    const fx = 'moz-extension://0f334731-19e3-42f8-85e2-03dbf50026df';
    expect(classifySender({ id: 'helper@example.org', url: `${fx}/popup.html` }, 'helper@example.org', fx)).toBe('extension');
  });

  const spoofs: [string, SenderInfo][] = [
    ['chrome-extension://<id>.evil.example', { id: ID, url: `chrome-extension://${ID}.evil.example/popup.html` }],
    ['chrome-extension://<id>@evil', { id: ID, url: `chrome-extension://${ID}@evil.example/popup.html` }],
    ['an id prefix', { id: ID, url: `chrome-extension://${ID}x/popup.html` }],
    ['another extension id', { id: 'otherextensionidotherextensionid', url: 'chrome-extension://otherextensionidotherextensionid/p.html' }],
    ['another extension claiming our URL', { id: 'otherextensionidotherextensionid', url: popup.url }],
    ['no id', { url: popup.url }],
    ['our URL but a foreign sender.origin', { ...popup, origin: 'https://evil.example' }],
    ['http://app.cloudcraft.co', { ...content, url: 'http://app.cloudcraft.co/app', origin: 'http://app.cloudcraft.co' }],
    ['https://app.cloudcraft.co.evil.example', { ...content, url: 'https://app.cloudcraft.co.evil.example/app', origin: 'https://app.cloudcraft.co.evil.example' }],
    ['userinfo trick', { ...content, url: 'https://app.cloudcraft.co@evil.example/app', origin: 'https://evil.example' }],
    ['another port', { ...content, url: 'https://app.cloudcraft.co:8443/app', origin: 'https://app.cloudcraft.co:8443' }],
    ['another Cloudcraft host', { ...content, url: 'https://www.cloudcraft.co/', origin: 'https://www.cloudcraft.co' }],
    ['a subframe', { ...content, frameId: 2 }],
    ['not in a tab', { ...content, tab: undefined }],
    ['page origin mismatch (sandboxed or about:blank frame)', { ...content, origin: 'null' }],
    ['page origin elsewhere', { ...content, origin: 'https://evil.example' }],
    ['a data: URL', { ...content, url: 'data:text/html,hi', origin: undefined }],
    ['no URL', { id: ID, tab: { id: 1 }, frameId: 0 }],
  ];
  for (const [what, sender] of spoofs) {
    it(`refuses ${what}`, () => {
      expect(classifySender(sender, ID, ORIGIN)).toBeNull();
    });
  }

  it('never matches opaque origins to each other', () => {
    expect(classifySender({ id: ID, url: 'data:text/html,x' }, ID, 'null')).toBeNull();
    expect(classifySender({ id: ID, url: 'chrome-extension://other/x' }, ID, 'null')).toBeNull();
    expect(classifySender({ id: ID, url: `${ORIGIN}/x` }, ID, '')).toBeNull();
    expect(classifySender({ id: '', url: `${ORIGIN}/x` }, '', ORIGIN)).toBeNull();
  });
});

describe('isOwnExtensionPage (the content script asks it of the popup\'s messages)', () => {
  it.each([
    ['the popup', popup, true],
    ['another extension', { id: 'other', url: 'chrome-extension://other/popup.html' }, false],
    ['a spoofed origin', { id: ID, url: `chrome-extension://${ID}.evil.example/popup.html` }, false],
    ['a tab (content script or page)', content, false],
    ['our page loaded in a tab', { id: ID, url: `${ORIGIN}/src/options/index.html`, tab: { id: 4 } }, false],
    ['no url', { id: ID }, false],
  ] as const)('%s → %s', (_, sender, expected) => {
    expect(isOwnExtensionPage(sender, ID, ORIGIN)).toBe(expected);
  });
});
