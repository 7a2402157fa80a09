/** Path segments: well-formed ones that reach the handler, and hostile ones. */
import fc from 'fast-check';
import type { JsonSchema } from '../../../functions/common/schema';
import type { Known } from './values';
import { matches, numberOr, PROTOTYPE_KEYS, stringOf } from './values';

/** A path segment the route matches: mostly a known resource that fits, else a value of the documented shape. */
export function wellFormedSegment(schema: JsonSchema, known: Known): fc.Arbitrary<string> {
  const fitting = known.filter((value) => matches(schema, value)).map(encodeURIComponent);
  // `.` and `..` are dot-segments: they would take the request to another path.
  const generated = stringOf(schema, [])
    .filter((value) => value !== '.' && value !== '..')
    .map(encodeURIComponent);
  return fitting.length === 0 ? generated : fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...fitting) }, generated);
}

const RAW_SEGMENTS = ['..', '.', '%2e%2e', '%2E%2E%2F', '%2F', 'a%2Fb', '%5C', '%00', 'a%00b', '%', '%E0%A4', '%ZZ', '%252F', '%20', '+', ';', '*', '~', 'null', '%5F%5Fproto%5F%5F', ...PROTOTYPE_KEYS];

/** Path segments an attacker would try: dot-segments, encoded slashes and NULs, bad escapes, very long, unicode. */
export const hostileSegment = (schema: JsonSchema, known: Known): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom(...RAW_SEGMENTS),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 100 }).map(encodeURIComponent),
    fc.integer({ min: numberOr(schema.maxLength, 80) + 1, max: 4_000 }).map((length) => 'a'.repeat(length)),
    wellFormedSegment(schema, known),
  );
