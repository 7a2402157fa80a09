/**
 * Material for the hostile-input properties: the operations as GET /openapi.json describes them, raw HTTP that
 * sends exactly the bytes given (fetch would resolve `..`, re-encode the path and add a content type), arbitraries
 * derived from the documented schemas, and access tokens forged in every way a verifier must refuse.
 */
import { createHmac, createPublicKey, createSign, generateKeyPairSync } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import fc from 'fast-check';
import type { JsonSchema } from '../../functions/shared/schema';
import { endpoints } from './client';

// ---- The operations, as documented ----

interface ParameterDoc {
  name: string;
  in: 'path' | 'query';
  schema: JsonSchema;
}

interface OperationDoc {
  parameters?: ParameterDoc[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  security?: unknown[];
  'x-required-group'?: string;
  responses: Record<string, { description: string; content?: Record<string, unknown> }>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OperationDoc>>;
  components: { schemas: Record<string, JsonSchema> };
}

/** What a status may carry: the content type of a success, the error codes of an error. */
interface Expected {
  contentType?: string;
  codes?: ReadonlySet<string>;
}

export type Responses = ReadonlyMap<number, Expected>;

export interface DocumentedOperation {
  label: string;
  method: string;
  template: string;
  auth: 'public' | 'user' | 'editor';
  pathParameters: ParameterDoc[];
  queryParameters: ParameterDoc[];
  /** The JSON body schema; undefined when the operation takes no JSON body. */
  jsonBody?: JsonSchema;
  /** Takes some body other than JSON (a form), whose content it does not check. */
  otherBody: boolean;
  responses: Responses;
}

/** The document lists each error status's codes in its description, as `Codes: a, b.` */
const codesOf = (description: string): Set<string> | undefined => {
  const list = /Codes: ([\w, ]+)\.$/.exec(description)?.[1];
  return list === undefined ? undefined : new Set(list.split(', '));
};

/** Replaces every `$ref` with the schema it names, so the arbitraries see plain schemas. */
function inline<T>(value: T, schemas: Record<string, JsonSchema>): T {
  if (Array.isArray(value)) return value.map((item: unknown) => inline(item, schemas)) as T;
  if (typeof value !== 'object' || value === null) return value;
  const { $ref } = value as { $ref?: unknown };
  if (typeof $ref === 'string') return inline(schemas[$ref.replace('#/components/schemas/', '')], schemas) as T;
  return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, inline(child as unknown, schemas)])) as T;
}

export function operationsOf(document: OpenApiDocument): DocumentedOperation[] {
  return Object.entries(document.paths).flatMap(([template, methods]) =>
    Object.entries(methods).map(([method, described]) => {
      const operation = inline(described, document.components.schemas);
      const parameters = operation.parameters ?? [];
      const content = operation.requestBody?.content ?? {};
      return {
        label: `${method.toUpperCase()} ${template}`,
        method: method.toUpperCase(),
        template,
        auth: !operation.security ? 'public' : operation['x-required-group'] === 'editors' ? 'editor' : 'user',
        pathParameters: parameters.filter((parameter) => parameter.in === 'path'),
        queryParameters: parameters.filter((parameter) => parameter.in === 'query'),
        jsonBody: content['application/json']?.schema,
        otherBody: Object.keys(content).some((type) => type !== 'application/json'),
        responses: new Map(
          Object.entries(operation.responses).map(([status, response]) => [
            Number(status),
            { contentType: Object.keys(response.content ?? {})[0], codes: codesOf(response.description) },
          ]),
        ),
      } satisfies DocumentedOperation;
    }),
  );
}

/** The answers of no operation in particular: its own route's, another route's, or the fallback's (404, 405). */
export function anyRoute(operations: readonly DocumentedOperation[]): Responses {
  const merged = new Map<number, { contentType?: string; codes: Set<string> }>([
    [404, { codes: new Set(['not_found']) }],
    [405, { codes: new Set(['method_not_allowed']) }],
  ]);
  for (const { responses } of operations) {
    for (const [status, { codes }] of responses) {
      const entry = merged.get(status) ?? { codes: new Set<string>() };
      codes?.forEach((code) => entry.codes.add(code));
      merged.set(status, entry);
    }
  }
  return merged;
}

// ---- Raw HTTP ----

export interface RawRequest {
  method: string;
  /** Sent as is: no normalisation, no encoding. */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

export function send({ method, path, headers = {}, body }: RawRequest): Promise<RawResponse> {
  const api = new URL(endpoints.api);
  const length = body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) };
  return new Promise((resolve, reject) => {
    // A fresh connection each time: a kept-alive socket the server is closing would fail the request, not the API.
    const outgoing = httpRequest({ host: api.hostname, port: api.port, method, path, headers: { ...headers, ...length }, agent: false }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, text: Buffer.concat(chunks).toString('utf8') }));
      incoming.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** Everything the contract promises of an answer to this operation; empty when the answer keeps the contract. */
export function breachesOf(response: RawResponse, responses: Responses): string[] {
  const { status, text } = response;
  const breaches: string[] = [];
  const expected = responses.get(status);
  if (status >= 500) breaches.push('a server error');
  if (!expected) breaches.push('a status the OpenAPI document does not list for it');
  const contentType = String(response.headers['content-type'] ?? '');
  if (status >= 400) {
    if (!contentType.startsWith('application/json')) breaches.push(`an error of type "${contentType}"`);
    const body = parsed(text) as { error?: Record<string, unknown> } | undefined;
    const error = body?.error;
    if (!body || Object.keys(body).join() !== 'error' || typeof error !== 'object' || error === null) {
      return [...breaches, 'not the {"error": {...}} shape'];
    }
    if (Object.keys(error).some((key) => !['code', 'message', 'details'].includes(key))) breaches.push('error keys other than code, message, details');
    if (typeof error.message !== 'string' || error.message === '') breaches.push('no error message');
    if (typeof error.code !== 'string' || !expected?.codes?.has(error.code)) breaches.push(`code ${JSON.stringify(error.code)}, not one documented for ${status}`);
    if ((status === 429 || status === 503) && !/^\d+$/.test(String(response.headers['retry-after']))) breaches.push('no Retry-After');
  } else if (status === 204) {
    if (text !== '') breaches.push('a body with 204');
  } else {
    if (expected?.contentType && !contentType.startsWith(expected.contentType)) breaches.push(`content type "${contentType}", not ${expected.contentType}`);
    if (contentType.startsWith('application/json') && parsed(text) === undefined) breaches.push('JSON that does not parse');
    if (text.includes('polluted')) breaches.push('a field injected by an earlier request');
  }
  return breaches;
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

// ---- Arbitraries ----

const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'];

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

const numberOr = (value: unknown, fallback: number): number => (typeof value === 'number' ? value : fallback);

/**
 * Strings that exist on the running stack (ids, an account's address, a password the policy accepts). Offered
 * wherever they fit the schema, they take requests past validation and lookups into the handlers' deeper logic.
 */
export type Known = readonly string[];

const matches = (schema: JsonSchema, value: string): boolean =>
  (typeof schema.pattern !== 'string' || new RegExp(schema.pattern).test(value)) &&
  [...value].length >= numberOr(schema.minLength, 0) &&
  [...value].length <= numberOr(schema.maxLength, Infinity);

function stringOf(schema: JsonSchema, known: Known): fc.Arbitrary<string> {
  const minLength = numberOr(schema.minLength, 0);
  const generated =
    typeof schema.pattern === 'string'
      ? fc.stringMatching(new RegExp(schema.pattern))
      : fc.string({ unit: 'binary', minLength, maxLength: Math.min(numberOr(schema.maxLength, 64), minLength + 200) });
  const fitting = known.filter((value) => matches(schema, value));
  return fitting.length === 0 ? generated : fc.oneof(generated, fc.constantFrom(...fitting));
}

/** Values of the documented type and shape, patterns included, so they reach the handler's own logic. */
function conforming(schema: JsonSchema, known: Known): fc.Arbitrary<unknown> {
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
function nearly(schema: JsonSchema, known: Known): fc.Arbitrary<unknown> {
  const broken =
    schema.type === 'object'
      ? fc
          .tuple(fc.record(fieldsOf(schema, (field) => nearly(field, known)), { requiredKeys: [] }), fc.oneof(fc.constant([]), extraFields))
          .map(([value, fields]) => withFields(value, fields))
      : hostileValue;
  return fc.oneof({ weight: 3, arbitrary: conforming(schema, known) }, { weight: 1, arbitrary: hostileValue }, { weight: 2, arbitrary: broken });
}

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

// ---- Tokens ----

const cognitoLocalKey = (
  JSON.parse(readFileSync(require.resolve('cognito-local/lib/keys/cognitoLocal.private.json'), 'utf8')) as { pem: string }
).pem;

const base64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const decoded = (part: string): Record<string, unknown> => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;

function jwt(header: object, claims: object, sign: (input: string) => string): string {
  const input = `${base64url(header)}.${base64url(claims)}`;
  return `${input}.${sign(input)}`;
}

const rs256 = (key: string | KeyObject) => (input: string) => createSign('RSA-SHA256').update(input).sign(key, 'base64url');

export interface TokenCase {
  label: string;
  authorization?: string;
}

/**
 * Authorization headers a verifier must refuse, made from a real access token: re-signed with the emulator's own
 * key but with one claim wrong, signed with another key, unsigned, tampered. `faithful` is the same token re-signed
 * unchanged: it must be accepted, which shows each refusal comes from the one thing changed.
 */
export function forgedTokens(accessToken: string, idToken: string, refreshToken: string): { faithful: string; refused: TokenCase[] } {
  const [headerPart, claimsPart, signature] = accessToken.split('.') as [string, string, string];
  const header = decoded(headerPart);
  const claims = decoded(claimsPart);
  const now = Math.floor(Date.now() / 1000);
  const resigned = (changes: Record<string, unknown>) => jwt(header, { ...claims, ...changes }, rs256(cognitoLocalKey));
  const anotherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const publicPem = createPublicKey(cognitoLocalKey).export({ type: 'spki', format: 'pem' });
  const bearer = (label: string, token: string): TokenCase => ({ label, authorization: `Bearer ${token}` });
  return {
    faithful: resigned({}),
    refused: [
      { label: 'no header' },
      { label: 'another scheme', authorization: `Basic ${Buffer.from('editor:password').toString('base64')}` },
      { label: 'no token', authorization: 'Bearer' },
      { label: 'two tokens', authorization: `Bearer ${accessToken}, Bearer ${accessToken}` },
      bearer('oversized', 'a'.repeat(9_000)),
      bearer('expired', resigned({ exp: now - 60, iat: now - 3_660, auth_time: now - 3_660 })),
      bearer('not valid yet', resigned({ nbf: now + 3_600 })),
      bearer('expiry as text', resigned({ exp: String(now + 3_600) })),
      bearer('issued by another user pool', resigned({ iss: String(claims.iss).replace(/[^/]+$/, 'us-east-1_AnotherPool') })),
      bearer('issued for another app client', resigned({ client_id: 'another-client' })),
      bearer('not an access token', resigned({ token_use: 'id' })),
      bearer('an id token', idToken),
      bearer('a refresh token', refreshToken),
      bearer('alg none', jwt({ alg: 'none', typ: 'JWT' }, claims, () => '')),
      bearer('alg none with the real signature', `${base64url({ alg: 'none', typ: 'JWT' })}.${claimsPart}.${signature}`),
      bearer('HS256 keyed with the public key', jwt({ ...header, alg: 'HS256' }, claims, (input) => createHmac('sha256', publicPem).update(input).digest('base64url'))),
      bearer('signed by a key not in the JWKS', jwt(header, claims, rs256(anotherKey))),
      bearer('signed by a key of unknown id', jwt({ ...header, kid: 'not-in-the-jwks' }, claims, rs256(anotherKey))),
      bearer('tampered payload', `${headerPart}.${base64url({ ...claims, sub: 'someone-else', 'cognito:groups': ['editors', 'admins'] })}.${signature}`),
      bearer('no signature', `${headerPart}.${claimsPart}.`),
    ],
  };
}

/** Bearer garbage: printable text (what a header can carry) that is no token. */
export const garbageTokens: fc.Arbitrary<TokenCase> = fc
  .string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 300 })
  .map((text) => ({ label: 'garbage', authorization: `Bearer ${text.trim() || 'x'}` }));
