/**
 * Hostile input, property-based. Every operation of the OpenAPI document the running stack serves gets random and
 * malformed bodies, path segments, query strings and content types, oversized bodies and forged tokens; every
 * answer must keep the contract: never a 5xx, a status the document lists, errors in the contract's shape with a
 * code documented for that status, and nothing injected into later answers or into the server's prototypes.
 */
import { configure, invoke } from './in-process';
import fc from 'fast-check';
import { routes } from '../../functions/routes';
import { MAX_BODY_BYTES } from '../../functions/common/errors';
import { logIn, PASSWORD, signUpAndConfirm, uniqueEmail } from './accounts-fixtures';
import { call, endpoints } from './client';
import { publishedVideoWith } from './editor-fixtures';
import { contentTypes, hostileBody, isJsonObject, mediaTypeOf, nearlyValidBody } from './hostile/bodies';
import { breachesOf } from './hostile/contract';
import type { DocumentedOperation, OpenApiDocument, Responses } from './hostile/operations';
import { anyRoute, operationsOf } from './hostile/operations';
import { hostileSegment, wellFormedSegment } from './hostile/paths';
import { hostileQuery } from './hostile/queries';
import type { RawResponse } from './hostile/raw-http';
import { send } from './hostile/raw-http';
import type { TokenCase } from './hostile/tokens';
import { forgedTokens, garbageTokens } from './hostile/tokens';
import type { Known } from './hostile/values';
import { matches, POLLUTING_JSON } from './hostile/values';

configure({});

/** Runs per operation and property: enough to meet every kind of hostile input, few enough for ~1 minute in all. */
const RUNS = 30;

const prototypeKeysAtStart = Object.getOwnPropertyNames(Object.prototype);

let operations: DocumentedOperation[];
let known: Known;
/** Real `nextCursor`s of the lists, for tampering. */
let cursors: string[];
/** The access token each kind of operation needs: none, a signed-up reader's, the editor's. */
let tokens: Partial<Record<DocumentedOperation['auth'], string>>;
/** Forged tokens made from each kind of caller's own, so that a control call that ends a session ends only theirs. */
let forged: Partial<Record<DocumentedOperation['auth'], ReturnType<typeof forgedTokens>>>;
let readerEmail: string;

beforeAll(async () => {
  operations = operationsOf((await call<OpenApiDocument>('GET', '/openapi.json')).body);
  // Its own article, so that editing it with random bodies leaves the sample content alone.
  const { article, video } = await publishedVideoWith(Buffer.alloc(1024, 1), 'web');
  readerEmail = uniqueEmail('hostile');
  await signUpAndConfirm(readerEmail);
  // The reader's address and password, not the editor's: a burst of failed logins must not lock out other tests.
  known = [article.id, article.slug, video.id, 'web', readerEmail, PASSWORD];
  const editor = (await logIn(endpoints.editor.email, endpoints.editor.password)).body;
  tokens = { editor: editor.accessToken };
  forged = { editor: forgedTokens(editor.accessToken, editor.idToken, editor.refreshToken) };
  await signInReader();
  const lists = operations.filter(({ method, queryParameters }) => method === 'GET' && queryParameters.some(({ name }) => name === 'cursor'));
  // A list under a resource (an article's history) is read at the known resource its path parameters fit.
  const knownSegments = (operation: DocumentedOperation) =>
    Object.fromEntries(operation.pathParameters.map(({ name, schema }) => [name, known.find((value) => matches(schema, value))!]));
  const pages = await Promise.all(lists.map((list) => send({ method: 'GET', path: `${pathOf(list, knownSegments(list))}?limit=1`, headers: bearer(tokens[list.auth]) })));
  cursors = pages.map(({ text }) => (JSON.parse(text) as { nextCursor: string | null }).nextCursor).filter((cursor): cursor is string => cursor !== null);
});

/** Runs a check for each selected operation; a failure names the operation (fast-check adds seed and counterexample). */
async function forEachOperation(select: (operation: DocumentedOperation) => boolean, check: (operation: DocumentedOperation) => Promise<void>): Promise<void> {
  const selected = operations.filter(select);
  expect(selected.length).toBeGreaterThan(0);
  for (const operation of selected) {
    try {
      await check(operation);
    } catch (error) {
      throw new Error(`${operation.label}: ${(error as Error).message}`, { cause: error });
    }
  }
}

const wellFormedSegments = (operation: DocumentedOperation) =>
  fc.record(Object.fromEntries(operation.pathParameters.map(({ name, schema }) => [name, wellFormedSegment(schema, known)])));

/** One fixed choice of well-formed segments, for checks that are not properties. */
const someWellFormedSegments = (operation: DocumentedOperation) => fc.sample(wellFormedSegments(operation), { numRuns: 1, seed: 1 })[0]!;

const bearer = (token: string | undefined): Record<string, string> => (token === undefined ? {} : { authorization: `Bearer ${token}` });

const pathOf = (operation: DocumentedOperation, segments: Record<string, string>): string =>
  operation.template.replace(/\{(\w+)\}/g, (_, name: string) => segments[name]!);

interface Parts {
  segments: Record<string, string>;
  query?: string;
  body?: string | Buffer;
  /** Authorization headers; by default the token the operation needs. */
  caller?: Record<string, string>;
  contentType?: string;
}

/** The request a client of the operation would make, around the given hostile parts; a body is sent as JSON unless told. */
function request(operation: DocumentedOperation, { segments, query, body, caller = bearer(tokens[operation.auth]), contentType = 'application/json' }: Parts) {
  return sendKeepingSession({
    method: operation.method,
    path: pathOf(operation, segments) + (query === undefined ? '' : `?${query}`),
    headers: { ...caller, ...(body !== undefined && { 'content-type': contentType }) },
    ...(body !== undefined && { body }),
  });
}

/** Routes that end the caller's session when they succeed: signing out, ending sessions, deleting the account. */
const ENDS_SESSION = /^(POST \/auth\/logout|DELETE \/me\/sessions(\/.*)?|DELETE \/me)$/;

/**
 * A request that ends the reader's session (its token is refused from then on) is followed by a fresh sign-in; one
 * that deleted the reader's account (a nearly valid body holds the password) by a new reader.
 */
async function sendKeepingSession(raw: Parameters<typeof send>[0]): Promise<RawResponse> {
  const response = await send(raw);
  const route = `${raw.method} ${raw.path.split('?')[0]}`;
  if (response.status !== 204 || !ENDS_SESSION.test(route)) return response;
  if (route === 'DELETE /me') {
    const deleted = readerEmail;
    readerEmail = uniqueEmail('hostile');
    await signUpAndConfirm(readerEmail);
    known = known.map((value) => (value === deleted ? readerEmail : value));
  }
  await signInReader();
  return response;
}

async function signInReader(): Promise<void> {
  const signedIn = await logIn(readerEmail);
  if (signedIn.status !== 200) throw new Error(`The reader could not sign in again: ${signedIn.status} ${signedIn.text}`);
  const reader = signedIn.body;
  tokens.user = reader.accessToken;
  forged.user = forgedTokens(reader.accessToken, reader.idToken, reader.refreshToken);
}

/** The callers a property picks from, made when a run needs one, so they carry the reader's current token. */
const someCallers = (operation: DocumentedOperation) =>
  fc.constantFrom<() => Record<string, string>>(() => ({}), () => bearer(tokens[operation.auth]), () => ({ authorization: 'Bearer not-a-token' }));

function expectWithinContract(response: RawResponse, responses: Responses): void {
  const breaches = breachesOf(response, responses);
  if (breaches.length > 0) throw new Error(`answered ${response.status}: ${breaches.join('; ')}\n${response.text.slice(0, 500)}`);
}

const errorOf = (response: RawResponse) =>
  (JSON.parse(response.text) as { error: { code: string; details?: unknown } }).error;

const bodyUnderLimit = (operation: DocumentedOperation) =>
  nearlyValidBody(operation.jsonBody, known).filter((body) => Buffer.byteLength(body) <= MAX_BODY_BYTES);

/** Where the hostile part is elsewhere: a JSON body or none for an operation that takes one, never one for the others. */
const someBody = (operation: DocumentedOperation): fc.Arbitrary<string | undefined> =>
  operation.jsonBody ? fc.option(bodyUnderLimit(operation), { nil: undefined }) : fc.constant(undefined);

describe('hostile input on every documented operation', () => {
  it('keeps the contract whatever the body, and refuses a body that is not a JSON object', () =>
    forEachOperation(
      () => true,
      (operation) =>
        fc.assert(
          fc.asyncProperty(wellFormedSegments(operation), hostileBody(operation.jsonBody, known), async (segments, body) => {
            const response = await request(operation, { segments, body });
            expectWithinContract(response, operation.responses);
            const refused = Buffer.byteLength(body) > 0 && !operation.otherBody && !(operation.jsonBody && isJsonObject(body));
            if (refused) expect([400, 413]).toContain(response.status);
          }),
          { numRuns: RUNS },
        ),
    ));

  it('takes a JSON body only as application/json, whatever the charset or case', () =>
    forEachOperation(
      (operation) => operation.jsonBody !== undefined,
      (operation) =>
        fc.assert(
          fc.asyncProperty(wellFormedSegments(operation), contentTypes, bodyUnderLimit(operation), async (segments, contentType, body) => {
            // `request` would add a JSON content type where this sends none.
            const headers = { ...bearer(tokens[operation.auth]), ...(contentType !== undefined && { 'content-type': contentType }) };
            const response = await sendKeepingSession({ method: operation.method, path: pathOf(operation, segments), headers, body });
            expectWithinContract(response, operation.responses);
            if (mediaTypeOf(contentType) === 'application/json') expect(response.status).not.toBe(415);
            else expect({ status: response.status, code: errorOf(response).code }).toEqual({ status: 415, code: 'unsupported_media_type' });
          }),
          { numRuns: RUNS },
        ),
    ));

  it('refuses any body over 64 KiB with 413 before looking at anything else, and takes 64 KiB', () =>
    forEachOperation(
      () => true,
      (operation) =>
        fc.assert(
          fc.asyncProperty(
            wellFormedSegments(operation),
            fc.oneof(fc.constant(MAX_BODY_BYTES), fc.integer({ min: MAX_BODY_BYTES + 1, max: 4 * MAX_BODY_BYTES })),
            fc.constantFrom('x', '{', ' ', 'é'),
            someCallers(operation),
            fc.constantFrom('application/json', 'text/plain'),
            async (segments, size, filler, caller, contentType) => {
              const response = await request(operation, { segments, body: Buffer.alloc(size, filler), caller: caller(), contentType });
              expectWithinContract(response, operation.responses);
              if (size > MAX_BODY_BYTES) expect({ status: response.status, code: errorOf(response).code }).toEqual({ status: 413, code: 'payload_too_large' });
              else expect(response.status).not.toBe(413);
            },
          ),
          { numRuns: 6 },
        ),
    ));

  it('keeps the contract whatever the path parameters: dot-segments, encoded slashes, NULs, bad escapes, very long', () => {
    const responses = anyRoute(operations);
    return forEachOperation(
      (operation) => operation.pathParameters.length > 0,
      (operation) =>
        fc.assert(
          fc.asyncProperty(
            fc.record(Object.fromEntries(operation.pathParameters.map(({ name, schema }) => [name, hostileSegment(schema, known)]))),
            someBody(operation),
            async (segments, body) => expectWithinContract(await request(operation, { segments, ...(body !== undefined && { body }) }), responses),
          ),
          { numRuns: RUNS },
        ),
    );
  });

  it('refuses hostile query strings (unknown and prototype names, values out of range, tampered cursors) with 400', () => {
    // Without real cursors, tampering would only ever start from garbage.
    expect(cursors.length).toBeGreaterThan(0);
    return forEachOperation(
      () => true,
      (operation) =>
        fc.assert(
          fc.asyncProperty(wellFormedSegments(operation), hostileQuery(operation.queryParameters, cursors, known), async (segments, { query, refused }) => {
            const response = await request(operation, { segments, query });
            expectWithinContract(response, operation.responses);
            if (!refused) return;
            const error = errorOf(response);
            expect({ status: response.status, code: error.code }).toEqual({ status: 400, code: 'invalid_request' });
            expect(error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: expect.stringMatching(/^query\./) as unknown })]));
          }),
          { numRuns: RUNS },
        ),
    );
  });

  it('refuses forged, expired and malformed tokens with 401 on every protected operation, and readers on editor ones with 403', () =>
    forEachOperation(
      (operation) => operation.auth !== 'public',
      async (operation) => {
        const segments = someWellFormedSegments(operation);
        // The control: re-signed unchanged, the token passes, so each refusal below is for what was changed.
        const faithful = await request(operation, { segments, caller: bearer(forged[operation.auth]!.faithful) });
        expect([401, 403]).not.toContain(faithful.status);
        const asReader: TokenCase = { label: 'a reader', ...bearer(tokens.user) };
        const refused = forged[operation.auth]!.refused;
        const cases = operation.auth === 'editor' ? [...refused, asReader] : refused;
        await fc.assert(
          fc.asyncProperty(wellFormedSegments(operation), fc.oneof(fc.constantFrom(...cases), garbageTokens), someBody(operation), async (segments, token, body) => {
            const caller: Record<string, string> = token.authorization === undefined ? {} : { authorization: token.authorization };
            const response = await request(operation, { segments, caller, ...(body !== undefined && { body }) });
            expectWithinContract(response, operation.responses);
            const expected = token === asReader ? { token: token.label, status: 403, code: 'forbidden' } : { token: token.label, status: 401, code: 'unauthorized' };
            expect({ token: token.label, status: response.status, code: errorOf(response).code }).toEqual(expected);
            if (expected.status === 401) expect(response.headers['www-authenticate']).toBe('Bearer');
          }),
          { numRuns: RUNS },
        );
      },
    ));

  it('lets no prototype-polluting payload reach the server’s objects or a later answer', async () => {
    // In this process, every handler gets the payloads in its body and its query, then the prototypes are checked.
    const pollutingQuery = '?__proto__[polluted]=1&constructor[prototype][polluted]=1&__proto__=x';
    for (const operation of operations) {
      const route = routes.find((candidate) => candidate.operation.method === operation.method && candidate.operation.path === operation.template)!;
      const segments = someWellFormedSegments(operation);
      const token = tokens[operation.auth];
      const serverErrors: number[] = [];
      for (const text of POLLUTING_JSON) {
        const { statusCode } = await invoke(route.handler, {
          method: operation.method,
          path: pathOf(operation, segments) + pollutingQuery,
          routeKey: `${operation.method} ${operation.template}`,
          pathParameters: Object.fromEntries(Object.entries(segments).map(([name, value]) => [name, decodeURIComponent(value)])),
          body: JSON.parse(text) as unknown,
          ...(token !== undefined && { token }),
        });
        if (statusCode >= 500) serverErrors.push(statusCode);
      }
      const added = Object.getOwnPropertyNames(Object.prototype).filter((key) => !prototypeKeysAtStart.includes(key));
      expect({ after: operation.label, added, serverErrors }).toEqual({ after: operation.label, added: [], serverErrors: [] });
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // Over HTTP, after every payload of the properties above: plain answers carry nothing injected.
    const health = await call('GET', '/health');
    expect(health.body).toEqual({ status: 'ok' });
    const articles = await call('GET', '/articles');
    expect(articles.status).toBe(200);
    expect(articles.text).not.toContain('polluted');
  });
});
