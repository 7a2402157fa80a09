import type { Issue } from '../../functions/common/schema';
import { array, boolean, component, documented, EMAIL_ADDRESS, integer, nullable, object, oneOf, optional, string } from '../../functions/common/schema';

const check = <T>(schema: { check(value: unknown, path: string, issues: Issue[]): T | undefined }, value: unknown) => {
  const issues: Issue[] = [];
  return { value: schema.check(value, '', issues), issues };
};

describe('object schemas', () => {
  const person = object({ name: string({ minLength: 1, maxLength: 5 }), age: optional(integer({ minimum: 0 })), admin: optional(boolean()) });

  it('accepts a valid value and returns a fresh object with only the known keys', () => {
    const input = { name: 'Ana', age: 3 };
    const { value, issues } = check(person, input);
    expect(issues).toEqual([]);
    expect(value).toEqual({ name: 'Ana', age: 3 });
    expect(value).not.toBe(input);
  });

  it('lists every problem with its path', () => {
    const { value, issues } = check(person, { age: -1, extra: 1, admin: 'yes' });
    expect(value).toBeUndefined();
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: 'extra', message: 'Unknown field.' },
        { path: 'name', message: 'Required.' },
        { path: 'age', message: 'Must be at least 0.' },
        { path: 'admin', message: 'Expected true or false, got a string.' },
      ]),
    );
    expect(issues).toHaveLength(4);
  });

  it('refuses __proto__ and constructor keys instead of copying them', () => {
    const hostile = JSON.parse('{"name":"x","__proto__":{"polluted":true},"constructor":{"prototype":{"bad":1}}}') as unknown;
    const { value, issues } = check(person, hostile);
    expect(value).toBeUndefined();
    expect(issues.map((issue) => issue.path).sort()).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses non-objects', () => {
    for (const value of [null, [], 'x', 1]) expect(check(person, value).issues).toHaveLength(1);
  });
});

describe('scalar schemas', () => {
  it('counts string length in code points', () => {
    expect(check(string({ maxLength: 2 }), '😀😀').issues).toEqual([]);
    expect(check(string({ maxLength: 2 }), '😀😀😀').issues).toHaveLength(1);
  });

  it('explains a pattern mismatch with its hint', () => {
    expect(check(string({ pattern: /^\d+$/, patternHint: 'digits' }), 'a1').issues).toEqual([{ path: '', message: 'Must be digits.' }]);
  });

  it('accepts only safe integers within range', () => {
    const limit = integer({ minimum: 1, maximum: 50 });
    expect(check(limit, 20).value).toBe(20);
    for (const bad of [0, 51, 1.5, '3', Number.NaN, 2 ** 60]) expect(check(limit, bad).issues).toHaveLength(1);
  });

  it('converts query text to numbers and booleans before checking', () => {
    expect(integer().fromText?.('42')).toBe(42);
    expect(integer().fromText?.('4e2')).toBe('4e2');
    expect(boolean().fromText?.('true')).toBe(true);
  });

  it('checks enums, arrays and nullables', () => {
    expect(check(oneOf(['a', 'b']), 'c').issues).toEqual([{ path: '', message: 'Must be one of: a, b.' }]);
    expect(check(array(integer(), { maxItems: 2 }), [1, 'x']).issues).toEqual([{ path: '[1]', message: 'Expected an integer, got a string.' }]);
    expect(check(array(integer(), { maxItems: 2 }), [1, 2, 3]).issues).toHaveLength(1);
    expect(check(nullable(string()), null)).toEqual({ value: null, issues: [] });
  });
});

describe('free text (text: single-line | multi-line)', () => {
  const line = string({ text: 'single-line', maxLength: 200 });
  const lines = string({ text: 'multi-line' });
  /** Each refused character inside otherwise ordinary text, by name. */
  const FORBIDDEN_ANYWHERE = {
    NUL: '\u0000',
    'carriage return': '\r',
    'vertical tab': '\u000b',
    'form feed': '\u000c',
    escape: '\u001b',
    'unit separator': '\u001f',
    DEL: '\u007f',
    'first C1': '\u0080',
    'last C1': '\u009f',
    'line separator': '\u2028',
    'paragraph separator': '\u2029',
    'left-to-right embedding': '\u202a',
    'right-to-left override': '\u202e',
    'left-to-right isolate': '\u2066',
    'pop directional isolate': '\u2069',
  };
  const FINE_TEXT = ['Exercise Boreal Anvil 24', 'Le “sommet” à Washington — 75 ans', 'Ελληνικά, 日本語, עברית 😀', 'e\u0301', 'no\u00a0break', 'mark\u200eonly', '\u202f\u2065\u206a'];

  it.each(Object.entries(FORBIDDEN_ANYWHERE))('refuses a %s, in one line or many', (_name, character) => {
    for (const schema of [line, lines]) {
      const { value, issues } = check(schema, `Summit${character} communiqué`);
      expect(value).toBeUndefined();
      expect(issues).toEqual([{ path: '', message: expect.stringMatching(/control characters, line or paragraph separators, or bidirectional overrides and isolates/) as unknown }]);
    }
  });

  it('keeps line feeds and tabs in multi-line text only', () => {
    for (const text of ['Para one.\n\nPara two.', 'Name:\tvalue']) {
      expect(check(lines, text)).toEqual({ value: text, issues: [] });
      expect(check(line, text).issues).toHaveLength(1);
    }
  });

  it('accepts any other text, whatever its script, marks or spaces', () => {
    for (const text of FINE_TEXT) {
      expect(check(line, text)).toEqual({ value: text, issues: [] });
      expect(check(lines, text)).toEqual({ value: text, issues: [] });
    }
  });

  it('states its rule in the document as a pattern that gives the same verdicts under Unicode matching', () => {
    expect(Object.keys(line.json).sort()).toEqual(['maxLength', 'pattern', 'type']);
    for (const schema of [line, lines]) {
      const documented = new RegExp(schema.json.pattern as string, 'u');
      for (const text of [...FINE_TEXT, ...Object.values(FORBIDDEN_ANYWHERE), 'a\nb', 'a\tb']) {
        expect([text, documented.test(text)]).toEqual([text, check(schema, text).issues.length === 0]);
      }
    }
  });

  it('cannot be combined with a pattern of its own', () => {
    // @ts-expect-error JSON Schema has a single pattern keyword: a kind of text brings its own.
    string({ text: 'single-line', pattern: /^a$/ });
  });
});

describe('email addresses (format: email)', () => {
  const email = string({ format: 'email' });
  const longest = `${'a'.repeat(64)}@${`${'b'.repeat(61)}.`.repeat(3)}org`;

  it.each([
    'jane@example.org',
    'Jane.Reporter@Example.ORG',
    "o'brien+press@mail.example.org",
    "!#$%&'*+/=?^_`{|}~-@example.org",
    'a.b-c_d@xn--bcher-kva.example',
    'editor@pressroom.local',
    'x@1.example.org',
  ])('accepts the plain address %j', (address) => {
    expect(check(email, address)).toEqual({ value: address, issues: [] });
  });

  it.each([
    ['a display name in angle brackets', 'x<a@b.co>'],
    ['a display name before the address', 'Jane <jane@example.org>'],
    ['a quoted local part with a comma', '"a,b"@c.org'],
    ['a comma-separated list', 'a@b.co, d@e.fr'],
    ['a semicolon-separated list', 'a@b.co;d@e.fr'],
    ['a line break and a header', 'a@b.co\nBcc: d@e.fr'],
    ['a comment', 'jane@example.org (Jane)'],
    ['square brackets', 'a@[127.0.0.1]'],
    ['a backslash', 'a\\b@example.org'],
    ['a space', 'jane doe@example.org'],
    ['a leading space', ' jane@example.org'],
    ['a tab', 'jane@example.org\t'],
    ['a control character', 'jane\u0000@example.org'],
    ['a non-ASCII letter', 'jané@example.org'],
    ['two @', 'a@b@example.org'],
    ['a doubled @', 'a@@example.org'],
    ['no @', 'jane.example.org'],
    ['a leading dot', '.jane@example.org'],
    ['a trailing dot', 'jane.@example.org'],
    ['a double dot', 'ja..ne@example.org'],
    ['an empty local part', '@example.org'],
    ['no top-level domain', 'jane@localhost'],
    ['a one-letter top-level domain', 'a@b.c'],
    ['a numeric top-level domain', 'jane@example.123'],
    ['a label starting with a hyphen', 'jane@-example.org'],
    ['a label ending with a hyphen', 'jane@example-.org'],
    ['an underscore in the domain', 'jane@exam_ple.org'],
    ['an empty label', 'jane@example..org'],
    ['a label of 64 characters', `jane@${'b'.repeat(64)}.org`],
    ['a trailing dot in the domain', 'jane@example.org.'],
  ])('refuses %s: %j', (_what, address) => {
    expect(check(email, address)).toEqual({ value: undefined, issues: [{ path: '', message: 'Must be one plain email address such as jane@example.org.' }] });
  });

  it('takes at most 254 characters', () => {
    expect(longest).toHaveLength(254);
    expect(check(email, longest).issues).toEqual([]);
    expect(check(email, `a${longest}`).issues).toEqual([{ path: '', message: 'Must be at most 254 characters long.' }]);
  });

  it('shows its pattern and length in the document', () => {
    expect(email.json).toEqual({ type: 'string', maxLength: 254, pattern: EMAIL_ADDRESS.source, format: 'email' });
    expect(new RegExp(EMAIL_ADDRESS.source, 'u').test('x<a@b.co>')).toBe(false);
  });
});

describe('JSON Schema output', () => {
  it('is the schema itself, closed, with required keys', () => {
    expect(object({ a: string({ minLength: 1 }), b: optional(integer()) }).json).toEqual({
      type: 'object',
      properties: { a: { type: 'string', minLength: 1 }, b: { type: 'integer' } },
      required: ['a'],
      additionalProperties: false,
    });
  });

  it('turns named schemas into component references', () => {
    const Tag = component('TestTag', object({ name: string() }));
    const components = {};
    expect(documented(object({ tags: array(Tag) }), components)).toEqual({
      type: 'object',
      properties: { tags: { type: 'array', items: { $ref: '#/components/schemas/TestTag' } } },
      required: ['tags'],
      additionalProperties: false,
    });
    expect(components).toEqual({ TestTag: Tag.json });
  });
});
