import { describe, expect, it } from 'vitest';
import { asSentence, jsonErrorPlace } from './templateForm';

describe('jsonErrorPlace', () => {
  const text = '{\n  "a": 1,\n  oops\n}';
  it.each([
    ['recent V8 / Chromium', "Expected double-quoted property name in JSON at position 14 (line 3 column 3)", { line: 3, column: 3 }],
    ['Firefox', "JSON.parse: expected double-quoted property name at line 3 column 3 of the JSON data", { line: 3, column: 3 }],
    ['older V8 (a position only)', 'Expected double-quoted property name in JSON at position 14', { line: 3, column: 3 }],
    ['no place named', "Unexpected token 'o', \"oops\" is not valid JSON", null],
  ])('%s', (_, message, place) => {
    expect(jsonErrorPlace(text, new SyntaxError(message))).toEqual(place);
  });

  it("agrees with this engine's own JSON.parse", () => {
    let err: unknown;
    try {
      JSON.parse(text);
    } catch (e) {
      err = e;
    }
    expect(jsonErrorPlace(text, err)).toEqual({ line: 3, column: 3 });
  });
});

describe('asSentence', () => {
  it('adds a full stop only where none ends the text', () => {
    expect([asSentence('Label is required'), asSentence('Imported 1 template.'), asSentence(' Sure? ')]).toEqual(['Label is required.', 'Imported 1 template.', 'Sure?']);
  });
});
