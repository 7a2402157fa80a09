/**
 * Values from the documented schemas: conforming ones that reach a handler's own logic, hostile ones (wrong type,
 * out of range, odd text, huge, deep, prototype keys), and objects nearly right.
 */
import fc from 'fast-check';
import type { JsonSchema } from '../../../functions/common/schema';

/** Keys a careless merge follows into a prototype. */
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'];

/** JSON texts that, parsed carelessly (merged, assigned key by key), would pollute Object.prototype. */
export const POLLUTING_JSON = [
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '{"prototype":{"polluted":true}}',
  '{"__proto__":{"__proto__":{"polluted":true}}}',
];

const ODD_TEXT = ['', ' ', '\u0000', '\ud800', 'a\udfffb', '\u202e', '\ufeff', 'e\u0301', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', '👩‍👩‍👧', "' OR '1'='1", '${jndi:ldap://x}', '../../etc/passwd', '%00', ...PROTOTYPE_KEYS];

const OUT_OF_RANGE_NUMBERS = [2 ** 53, -(2 ** 53), 1e308, -1e308, Number.MIN_VALUE, 0.5, -1, -0];

function nested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let level = 0; level < depth; level++) value = level % 2 === 0 ? { a: value } : [value];
  return value;
}

/** A value of the wrong type, out of range, of odd text, huge, deeply nested, or with prototype keys. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(...OUT_OF_RANGE_NUMBERS),
  fc.constantFrom(...ODD_TEXT),
  fc.string({ unit: 'binary', maxLength: 64 }),
  fc.integer({ min: 1_000, max: 60_000 }).map((length) => 'x'.repeat(length)),
  fc.integer({ min: 10, max: 3_000 }).map(nested),
  fc.constantFrom(...POLLUTING_JSON).map((text) => JSON.parse(text) as unknown),
);

/** A schema's numeric keyword, or `fallback` where it has none. */
export const numberOr = (value: unknown, fallback: number): number => (typeof value === 'number' ? value : fallback);

/**
 * Strings that exist on the running stack (ids, an account's address, a password the policy accepts). Offered
 * wherever they fit the schema, they take requests past validation and lookups into the handlers' deeper logic.
 */
export type Known = readonly string[];

/** Whether a string fits the schema's pattern and lengths. */
export const matches = (schema: JsonSchema, value: string): boolean =>
  (typeof schema.pattern !== 'string' || new RegExp(schema.pattern).test(value)) &&
  [...value].length >= numberOr(schema.minLength, 0) &&
  [...value].length <= numberOr(schema.maxLength, Infinity);

/** Strings of the schema's pattern and lengths, and the known strings that fit it. */
export function stringOf(schema: JsonSchema, known: Known): fc.Arbitrary<string> {
  const minLength = numberOr(schema.minLength, 0);
  const generated =
    typeof schema.pattern === 'string'
      ? fc.stringMatching(new RegExp(schema.pattern))
      : fc.string({ unit: 'binary', minLength, maxLength: Math.min(numberOr(schema.maxLength, 64), minLength + 200) });
  const fitting = known.filter((value) => matches(schema, value));
  return fitting.length === 0 ? generated : fc.oneof(generated, fc.constantFrom(...fitting));
}

/** Values of the documented type and shape, patterns included, so they reach the handler's own logic. */
export function conforming(schema: JsonSchema, known: Known): fc.Arbitrary<unknown> {
  if (Array.isArray(schema.anyOf)) return fc.oneof(...(schema.anyOf as JsonSchema[]).map((option) => conforming(option, known)));
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  switch (schema.type) {
    case 'string':
      return stringOf(schema, known);
    case 'integer':
      return fc
        .bigInt({ min: BigInt(numberOr(schema.minimum, Number.MIN_SAFE_INTEGER)), max: BigInt(numberOr(schema.maximum, Number.MAX_SAFE_INTEGER)) })
        .map(Number);
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(conforming(schema.items as JsonSchema, known), { maxLength: numberOr(schema.maxItems, 4) });
    case 'object':
      return fc.record(fieldsOf(schema, (field) => conforming(field, known)), { requiredKeys: (schema.required ?? []) as string[] });
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

const fieldsOf = (schema: JsonSchema, value: (field: JsonSchema) => fc.Arbitrary<unknown>) =>
  Object.fromEntries(Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>).map(([key, field]) => [key, value(field)]));

const extraFields = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS, 'polluted', 'toString'), fc.string({ maxLength: 12 })), hostileValue), {
  minLength: 1,
  maxLength: 3,
});

/** Adds fields as own properties, so that `__proto__` is a key of the JSON text rather than a prototype. */
function withFields(value: Record<string, unknown>, fields: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const result = { ...value };
  for (const [key, field] of fields) Object.defineProperty(result, key, { value: field, enumerable: true, configurable: true, writable: true });
  return result;
}

/**
 * Half the time a documented value; otherwise a hostile one or, for an object, one with fields nearly right,
 * required ones missing and extra ones (prototype keys among them) added.
 */
export function nearly(schema: JsonSchema, known: Known): fc.Arbitrary<unknown> {
  const broken =
    schema.type === 'object'
      ? fc
          .tuple(fc.record(fieldsOf(schema, (field) => nearly(field, known)), { requiredKeys: [] }), fc.oneof(fc.constant([]), extraFields))
          .map(([value, fields]) => withFields(value, fields))
      : hostileValue;
  return fc.oneof({ weight: 3, arbitrary: conforming(schema, known) }, { weight: 1, arbitrary: hostileValue }, { weight: 2, arbitrary: broken });
}
