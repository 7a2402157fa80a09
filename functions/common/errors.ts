/**
 * The refusals of the domain: what a rule or a store throws when a request cannot be done, named by a stable code.
 * Nothing here knows HTTP; `error-responses.ts` is the one place that turns a code into a status.
 */

/** The contract's limit on request bodies. */
export const MAX_BODY_BYTES = 64 * 1024;

/** Every code the portal answers with. An operation declares the ones particular to it (`Operation.errors`). */
export type ErrorCode =
  // Any operation, from the shared stack
  | 'invalid_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'internal_error'
  | 'unavailable'
  // Accounts
  | 'weak_password'
  | 'invalid_credentials'
  | 'invalid_token'
  | 'invalid_return_to'
  | 'code_mismatch'
  | 'code_expired'
  | 'too_many_attempts'
  | 'too_many_requests'
  // Newsletter
  | 'invalid_link'
  // Editorial
  | 'slug_taken'
  | 'edit_conflict'
  | 'already_published'
  | 'too_many_videos'
  | 'upload_incomplete';

/** A request the portal refuses, for a reason the caller can act on. */
export class Refusal extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    /** When asking again may succeed: after this many seconds. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'Refusal';
  }
}

/** Whether an error is the refusal with this code (to react to one refusal and let others through). */
export const isRefusal = (error: unknown, code: ErrorCode): error is Refusal => error instanceof Refusal && error.code === code;

export const invalidRequest = (details: { path: string; message: string }[]): Refusal => new Refusal('invalid_request', 'The request is not valid.', details);

export const notFound = (what = 'The resource'): Refusal => new Refusal('not_found', `${what} was not found.`);

export const unauthorized = (): Refusal => new Refusal('unauthorized', 'A valid access token is required.');

export const forbidden = (): Refusal => new Refusal('forbidden', 'You are not allowed to do this.');

export const internalError = (): Refusal => new Refusal('internal_error', 'Something went wrong on our side.');

/** A dependency (database, identity provider, mail) is out of reach: the client may retry later. */
export const unavailable = (retryAfterSeconds = 5): Refusal =>
  new Refusal('unavailable', 'The service is temporarily unavailable. Please retry shortly.', undefined, retryAfterSeconds);

/** Too many requests of a kind, until the given number of seconds has passed. */
export const tooManyRequests = (retryAfterSeconds: number): Refusal =>
  new Refusal('too_many_requests', 'Too many requests. Please wait before trying again.', undefined, retryAfterSeconds);
