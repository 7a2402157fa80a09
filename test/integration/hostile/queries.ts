/** Hostile query strings, each with whether an operation must refuse it. */
import fc from 'fast-check';
import type { JsonSchema } from '../../../functions/common/schema';
import type { ParameterDoc } from './operations';
import type { Known } from './values';
import { conforming, numberOr, PROTOTYPE_KEYS } from './values';

/**
 * One `name=value` of a query string, and what makes an operation refuse it: an unknown `name`, or a `value` the
 * schema refuses (unless the name is repeated: the values then arrive joined by commas, which may be acceptable).
 */
interface QueryEntry {
  name: string;
  text: string;
  refusedFor?: 'name' | 'value';
}

const entry = (name: string, value: string, refusedFor?: QueryEntry['refusedFor']): QueryEntry => ({
  name,
  text: `${encodeURIComponent(name)}=${encodeURIComponent(value)}`,
  ...(refusedFor && { refusedFor }),
});

const isRefused = (entries: readonly QueryEntry[]): boolean =>
  entries.some(
    ({ name, refusedFor }) => refusedFor === 'name' || (refusedFor === 'value' && entries.filter((other) => other.name === name).length === 1),
  );

/** Texts the schema refuses: out of range, not a number, too long, too short, off pattern. */
function refusedText(schema: JsonSchema): fc.Arbitrary<string> | undefined {
  const candidates: fc.Arbitrary<string>[] = [];
  if (schema.type === 'integer') {
    const bounds = [schema.minimum, schema.maximum].filter((bound): bound is number => typeof bound === 'number');
    candidates.push(fc.constantFrom(...bounds.map((bound, index) => String(index === 0 ? bound - 1 : bound + 1)), '1.5', 'abc', '', ' 1', '1e3', '0x10', '١٢', 'NaN', 'Infinity', '99999999999999999999'));
  }
  if (schema.type === 'string') {
    if (typeof schema.maxLength === 'number') candidates.push(fc.constant('a'.repeat(schema.maxLength + 1)));
    if (numberOr(schema.minLength, 0) > 0) candidates.push(fc.constant(''));
    if (typeof schema.pattern === 'string') {
      const pattern = new RegExp(schema.pattern);
      candidates.push(fc.string({ minLength: 1, maxLength: 40 }).filter((text) => !pattern.test(text)));
    }
  }
  return candidates.length === 0 ? undefined : fc.oneof(...candidates);
}

/**
 * Cursors a server must refuse: garbage, other JSON, and real cursors cut short or with keys missing, added,
 * of the wrong type or too long. (A real cursor with another value in the right place may be a real position.)
 */
function tamperedCursors(realCursors: readonly string[]): fc.Arbitrary<string> {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const garbage = fc.oneof(fc.string({ minLength: 1, maxLength: 200 }), fc.jsonValue().map(encode));
  if (realCursors.length === 0) return garbage;
  const keyOf = (cursor: string) => JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
  const mutated = fc.tuple(fc.constantFrom(...realCursors), fc.nat(), fc.constantFrom('drop', 'add', 'prototype', 'number', 'object', 'empty', 'long', 'cut')).map(
    ([cursor, pick, how]) => {
      const key = keyOf(cursor);
      const names = Object.keys(key);
      const name = names[pick % names.length]!;
      switch (how) {
        case 'drop':
          delete key[name];
          return encode(key);
        case 'add':
          return encode({ ...key, extra: 'x' });
        case 'prototype':
          return Buffer.from(`${JSON.stringify(key).slice(0, -1)},"__proto__":"x"}`).toString('base64url');
        case 'number':
          return encode({ ...key, [name]: 1 });
        case 'object':
          return encode({ ...key, [name]: { S: 'x' } });
        case 'empty':
          return encode({ ...key, [name]: '' });
        case 'long':
          return encode({ ...key, [name]: 'a'.repeat(513) });
        case 'cut':
          return cursor.slice(0, 1 + (pick % (cursor.length - 1)));
      }
    },
  );
  return fc.oneof(garbage, mutated);
}

/** Raw pieces of query strings: unknown names in forms a parser might treat specially, and empty pairs. */
const RAW_QUERY_PIECES: QueryEntry[] = [
  { name: '__proto__[polluted]', text: '__proto__[polluted]=1', refusedFor: 'name' },
  { name: 'constructor[prototype][polluted]', text: 'constructor[prototype][polluted]=1', refusedFor: 'name' },
  { name: '%zz', text: '%zz=1', refusedFor: 'name' },
  { name: '', text: '=', refusedFor: 'name' },
  { name: 'flag', text: 'flag', refusedFor: 'name' },
  { name: '', text: '&&' },
];

/**
 * A query string with at least one hostile part: unknown names (prototype keys among them), documented names with
 * values their schema refuses, tampered cursors, repeated names. `refused` when some part must be refused.
 */
export function hostileQuery(parameters: readonly ParameterDoc[], realCursors: readonly string[], known: Known): fc.Arbitrary<{ query: string; refused: boolean }> {
  const names = parameters.map(({ name }) => name);
  const unknownName = fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS, 'toString', 'hasOwnProperty', ''), fc.string({ maxLength: 12 })).filter((name) => !names.includes(name));
  const hostile: fc.Arbitrary<QueryEntry[]>[] = [
    fc.tuple(unknownName, fc.string({ maxLength: 20 })).map(([name, value]) => [entry(name, value, 'name')]),
    fc.constantFrom(...RAW_QUERY_PIECES).map((piece) => [piece]),
  ];
  const fine: fc.Arbitrary<QueryEntry>[] = [];
  for (const { name, schema } of parameters) {
    fine.push(conforming(schema, known).map((value) => entry(name, String(value))));
    const refused = name === 'cursor' ? tamperedCursors(realCursors) : refusedText(schema);
    if (refused) hostile.push(refused.map((value) => [entry(name, value, 'value')]));
    hostile.push(fc.array(conforming(schema, known), { minLength: 2, maxLength: 3 }).map((values) => values.map((value) => entry(name, String(value)))));
    if (name === 'cursor' && realCursors.length > 0) hostile.push(fc.constantFrom(...realCursors).map((cursor) => [entry(name, cursor)]));
  }
  const documented = fine.length === 0 ? fc.constant<QueryEntry[]>([]) : fc.array(fc.oneof(...fine), { maxLength: 2 });
  return fc.tuple(fc.array(fc.oneof(...hostile), { minLength: 1, maxLength: 3 }), documented).chain(([pieces, others]) =>
    fc.shuffledSubarray([...pieces.flat(), ...others], { minLength: pieces.flat().length + others.length }).map((entries) => ({
      query: entries.map(({ text }) => text).join('&'),
      refused: isRefused(entries),
    })),
  );
}
