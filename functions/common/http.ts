import middy from '@middy/core';
import { isServerError, isThrottlingError, isTransientError } from '@smithy/core/retry';
import type { SdkError } from '@smithy/types';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { listEnv } from './config';
import { corsHeaders } from './cors';
import { errorResult } from './error-responses';
import { forbidden, internalError, invalidRequest, MAX_BODY_BYTES, Refusal, unavailable } from './errors';
import type { ErrorCode } from './errors';
import { invocationLogging, logger } from './logger';
import { answerableCodes, EDITORS_GROUP } from './operation';
import type { Operation } from './operation';
import type { Infer, Issue, ObjectSchema, Schema } from './schema';

export type HttpEvent = APIGatewayProxyEventV2;
export type HttpResult = APIGatewayProxyStructuredResultV2;

/** The caller, as proven by a verified access token. */
export interface Caller {
  sub: string;
  username: string;
  /** The session (sessions.ts) the token belongs to: what signing out ends. */
  sessionId: string;
  groups: readonly string[];
}

/** Checks a bearer token and returns its owner; throws `unauthorized` otherwise. */
export type Authenticator = (authorization: string | undefined) => Promise<Caller>;

type Parsed<S> = S extends ObjectSchema<Record<string, Schema<unknown>>> ? Infer<S> : Record<string, never>;

export interface Input<O extends Operation> {
  params: Parsed<O['params']>;
  query: Parsed<O['query']>;
  body: Parsed<O['body']>;
  caller: O['auth'] extends 'public' ? undefined : Caller;
  event: HttpEvent;
}

export interface Reply {
  statusCode: number;
  /** An object is sent as JSON; a string is sent as is, with the content type given in `headers`. */
  body?: unknown;
  headers?: Record<string, string>;
}

const allowedOrigins = listEnv('ALLOWED_ORIGINS');

/** Public catalogue answers may be cached briefly by browsers and CDNs; everything else is no-store. */
export const SHORT_PUBLIC_CACHE = { 'cache-control': 'public, max-age=60' };

const securityHeaders: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
};

export type Handle<O extends Operation> = (input: Input<O>) => Promise<Reply>;

/**
 * Wraps a public route's handler in the one HTTP stack every route shares: logging with the invocation's context, the
 * contract's error shape, security and CORS headers, and input parsing and validation from the operation.
 * Signed-in routes use `signedInHandler` (auth.ts), so that public bundles carry no token verifier.
 */
export const publicHandler = <O extends Operation & { auth: 'public' }>(operation: O, handle: Handle<O>) => operationHandler(operation, handle);

/** The stack for one operation; `authenticate` proves the caller of a route that is not public. */
export function operationHandler<O extends Operation>(operation: O, handle: Handle<O>, authenticate?: Authenticator) {
  if (operation.auth !== 'public' && !authenticate) throw new Error(`${operation.operationId} needs an authenticator`);
  const route = `${operation.method} ${operation.path}`;
  return sharedStack(
    route,
    async (event) => {
      const caller = operation.auth === 'public' ? undefined : await authorize(operation, event, authenticate!);
      const input = { ...parseInput(operation, event), caller, event } as Input<O>;
      return handle(input);
    },
    answerableCodes(operation),
  );
}

/**
 * The same stack for a handler that serves no single operation (the fallback): no input parsing. `declared` are
 * the codes the route may answer: any other is a defect of the contract, logged as an error (and still answered).
 */
export function sharedStack(route: string, handle: (event: HttpEvent) => Promise<Reply>, declared?: readonly ErrorCode[]) {
  return middy<HttpEvent, HttpResult, Error, Context>()
    // First, so that its keys are in every line the others write, and dropped only after the last of them.
    .use(invocationLogging<HttpEvent, HttpResult>(requestIdOf))
    .use(accessLog(route))
    .use(responseHeaders())
    .use(errorResponses(route, declared))
    .use(bodyLimit())
    .handler(async (event) => toResult(await handle(event)));
}

async function authorize(operation: Operation, event: HttpEvent, authenticate: Authenticator): Promise<Caller> {
  const caller = await authenticate(event.headers.authorization);
  if (operation.auth === 'editor' && !caller.groups.includes(EDITORS_GROUP)) throw forbidden();
  return caller;
}

function parseInput(operation: Operation, event: HttpEvent) {
  const issues: Issue[] = [];
  const params = checkText(operation.params, event.pathParameters, 'path', issues);
  const query = checkText(operation.query, event.queryStringParameters, 'query', issues);
  const body = operation.formPost ? {} : checkBody(operation.body, event, issues);
  if (issues.length > 0) throw invalidRequest(issues);
  return { params, query, body };
}

/** Path and query values arrive as text; numbers and booleans are converted before they are checked. */
function checkText(
  schema: ObjectSchema<Record<string, Schema<unknown>>> | undefined,
  values: Record<string, string | undefined> | undefined,
  where: string,
  issues: Issue[],
): unknown {
  // Built with fromEntries, not by assignment: a parameter named `__proto__` stays a key, and so is refused as unknown.
  const input: Record<string, unknown> = Object.fromEntries(
    Object.entries(values ?? {}).map(([key, text]) => {
      const fromText = schema?.shape[key]?.fromText;
      return [key, fromText && text !== undefined ? fromText(text) : text];
    }),
  );
  if (!schema) {
    for (const key of Object.keys(input)) issues.push({ path: `${where}.${key}`, message: 'Unknown parameter.' });
    return {};
  }
  return schema.check(input, where, issues);
}

function checkBody(schema: Operation['body'], event: HttpEvent, issues: Issue[]): unknown {
  const raw = rawBody(event);
  if (!schema) {
    if (raw && raw.length > 0) issues.push({ path: 'body', message: 'This route takes no body.' });
    return {};
  }
  if (!raw || raw.length === 0) {
    issues.push({ path: 'body', message: 'A JSON body is required.' });
    return undefined;
  }
  const contentType = (event.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (contentType !== 'application/json') {
    throw new Refusal('unsupported_media_type', 'Send the body as application/json.');
  }
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw));
  } catch {
    issues.push({ path: 'body', message: 'The body is not valid UTF-8 JSON.' });
    return undefined;
  }
  return schema.check(value, '', issues);
}

const rawBody = (event: HttpEvent): Buffer | undefined =>
  event.body ? Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8') : undefined;

/** Checked before anything else on every route, so no handler ever works on an oversized body. */
function bodyLimit(): MiddlewareObj<HttpEvent, HttpResult> {
  return {
    before: (request) => {
      if ((rawBody(request.event)?.length ?? 0) > MAX_BODY_BYTES) {
        throw new Refusal('payload_too_large', `The body must be at most ${MAX_BODY_BYTES} bytes.`);
      }
    },
  };
}

function toResult(reply: Reply): HttpResult {
  if (reply.body === undefined) return { statusCode: reply.statusCode, headers: { ...reply.headers } };
  if (typeof reply.body === 'string') return { statusCode: reply.statusCode, headers: { ...reply.headers }, body: reply.body };
  return {
    statusCode: reply.statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', ...reply.headers },
    body: JSON.stringify(reply.body),
  };
}

/**
 * Kept by hand: the SDK's retry turns a failure from another realm (jest's sandbox, which runs handlers in-process)
 * into a plain Error that keeps the network code only in its message, and the SDK's classifiers read no message.
 */
const NETWORK_FAILURE = /\b(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EAI_AGAIN)\b/;

/**
 * "A dependency is down or overloaded, retry": answered 503. The SDK's own retry classifiers decide (network codes,
 * also inside `cause`, timeouts, throttling, 5xx), as for its own retries. Measured against the hand-kept lists they
 * replaced: the 27 bundles that already carry them (all that call DynamoDB) lost 58-432 bytes; the four that call
 * no AWS service (health, openapi, fallback, unsubscribe-page) gained 8-12 KB, as @smithy/core/retry's index does not
 * tree-shake, with no import time above the noise (health 27.8 -> 30.4 ms, then 32.2 -> 33.3 ms, medians of 21 and 31).
 */
export function isTransient(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const failure = error as SdkError;
  if (isTransientError(failure) || isThrottlingError(failure) || isServerError(failure)) return true;
  return typeof failure.message === 'string' && NETWORK_FAILURE.test(failure.message);
}

/** Anything a handler throws becomes the contract's error shape; nothing internal ever reaches the client. */
function errorResponses(route: string, declared: readonly ErrorCode[] | undefined): MiddlewareObj<HttpEvent, HttpResult> {
  return {
    onError: (request) => {
      const { error } = request;
      if (error instanceof Refusal) {
        if (declared && !declared.includes(error.code)) logger.error('refusal not declared by the operation', { route, code: error.code });
        request.response = errorResult(error);
        return;
      }
      if (isTransient(error)) {
        logger.warn('dependency unavailable', { requestId: requestIdOf(request.event), error: error as Error });
        request.response = errorResult(unavailable());
        return;
      }
      logger.error('unexpected error', { requestId: requestIdOf(request.event), error: error as Error });
      request.response = errorResult(internalError());
    },
  };
}

function responseHeaders(): MiddlewareObj<HttpEvent, HttpResult> {
  const add = (request: { event: HttpEvent; response: HttpResult | null | undefined }) => {
    if (!request.response) return;
    request.response.headers = {
      ...securityHeaders,
      'cache-control': 'no-store',
      ...request.response.headers,
      ...corsHeaders(request.event.headers.origin, allowedOrigins),
    };
  };
  return { after: add, onError: add };
}

/** One JSON line per request: route, status, latency and request id (also on every error line). */
function accessLog(route: string): MiddlewareObj<HttpEvent, HttpResult> {
  // Keyed by event, not a shared variable: the local gateway runs concurrent requests through one instance.
  const startedAt = new WeakMap<HttpEvent, number>();
  const log = (request: { event: HttpEvent; response: HttpResult | null | undefined }) => {
    logger.info('request', {
      // Also the line's correlation_id on AWS; locally, where one instance serves concurrent requests, only this is
      // sure to be this request's (the logger's keys are the latest invocation's).
      requestId: requestIdOf(request.event),
      route,
      status: request.response?.statusCode,
      latencyMs: Math.round((performance.now() - (startedAt.get(request.event) ?? 0)) * 100) / 100,
    });
  };
  return {
    before: (request) => {
      startedAt.set(request.event, performance.now());
    },
    after: log,
    onError: log,
  };
}

/** API Gateway's id of the request: every line's correlation_id, and the access log line's requestId (infra/api.ts). */
const requestIdOf = (event: HttpEvent): string | undefined => event.requestContext?.requestId;
