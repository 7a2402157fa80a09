import type { Issue } from '../../functions/shared/schema';
import { array, boolean, component, documented, integer, nullable, object, oneOf, optional, string } from '../../functions/shared/schema';

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
