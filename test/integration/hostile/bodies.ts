/** Request bodies, nearly valid or hostile, and the content types they are sent under. */
import fc from 'fast-check';
import type { JsonSchema } from '../../../functions/common/schema';
import type { Known } from './values';
import { nearly } from './values';

/** A JSON body shaped like the schema, or nearly. */
export const nearlyValidBody = (schema: JsonSchema | undefined, known: Known): fc.Arbitrary<string> =>
  nearly(schema ?? { type: 'object' }, known).map((value) => JSON.stringify(value) ?? 'null');

const BROKEN_JSON = ['', '{', '}', '{"a":', '{"a":1,}', "{'a':1}", 'null', 'undefined', 'NaN', '[]', '"text"', '{}{}', '\ufeff{}', '{"a":1e400}', '{"a":-1e400}', '{"a":123456789012345678901234567890}'];

/** Any body at all: documented-looking JSON, other JSON values, broken JSON, deep nesting, text and bytes. */
export const hostileBody = (schema: JsonSchema | undefined, known: Known): fc.Arbitrary<string | Buffer> =>
  fc.oneof(
    { weight: 4, arbitrary: nearlyValidBody(schema, known) },
    fc.jsonValue().map((value) => JSON.stringify(value)),
    fc.constantFrom(...BROKEN_JSON),
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.integer({ min: 1_000, max: 20_000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
    fc.integer({ min: 1_000, max: 10_000 }).map((depth) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)),
    fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
  );

/** Whether a body is a JSON object, the only thing a JSON operation may accept. */
export function isJsonObject(body: string | Buffer): boolean {
  try {
    const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(body)));
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

/** Content types a client might send, right or wrong; undefined sends none. */
export const contentTypes = fc.constantFrom(
  undefined,
  '',
  'application/json',
  'application/json; charset=utf-8',
  'Application/JSON;charset=UTF-8',
  ' application/json ',
  'application/json; charset=iso-8859-1',
  'text/plain',
  'text/plain; charset=utf-8',
  'text/json',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=----pressroom',
  'application/vnd.api+json',
  'application/jsonx',
  'application/json, text/plain',
  'application/octet-stream',
);

/** The media type without parameters, as a server must compare it. */
export const mediaTypeOf = (contentType: string | undefined): string => (contentType ?? '').split(';')[0]!.trim().toLowerCase();
