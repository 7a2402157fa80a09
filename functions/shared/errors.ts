import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** The contract's limit on request bodies. */
export const MAX_BODY_BYTES = 64 * 1024;

/** Errors a handler throws on purpose; the HTTP stack turns them into the contract's error shape. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const invalidRequest = (details: { path: string; message: string }[]): HttpError =>
  new HttpError(400, 'invalid_request', 'The request is not valid.', details);

export const notFound = (what = 'The resource'): HttpError => new HttpError(404, 'not_found', `${what} was not found.`);

export const unauthorized = (): HttpError =>
  new HttpError(401, 'unauthorized', 'A valid access token is required.', undefined, { 'WWW-Authenticate': 'Bearer' });

export const forbidden = (): HttpError => new HttpError(403, 'forbidden', 'You are not allowed to do this.');

export const internalError = (): HttpError => new HttpError(500, 'internal_error', 'Something went wrong on our side.');

/** A dependency (database, identity provider, mail) is out of reach: the client may retry later. */
export const unavailable = (retryAfterSeconds = 5): HttpError =>
  new HttpError(503, 'unavailable', 'The service is temporarily unavailable. Please retry shortly.', undefined, {
    'Retry-After': String(retryAfterSeconds),
  });

/** The contract's error shape: {"error": {"code", "message", "details"?}}. */
export function errorResult(error: HttpError): APIGatewayProxyStructuredResultV2 {
  const body = { error: { code: error.code, message: error.message, ...(error.details !== undefined && { details: error.details }) } };
  return {
    statusCode: error.statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', ...error.headers },
    body: JSON.stringify(body),
  };
}
