import type { ErrorCode } from './errors';
import type { ObjectSchema, Schema } from './schema';
import { component, object, optional, string, unknownValue } from './schema';

/** Who may call a route: anyone, any signed-in user, or members of the Cognito group `editors`. */
export type Auth = 'public' | 'user' | 'editor';

export { EDITORS_GROUP } from './groups';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ResponseSpec {
  description: string;
  schema?: Schema<unknown>;
  /** Defaults to application/json. */
  contentType?: string;
  headers?: Record<string, string>;
}

/**
 * One HTTP operation of the contract: what the route table serves, what the handler validates, and what the
 * OpenAPI document says, all from this single description.
 */
export interface Operation {
  operationId: string;
  method: Method;
  path: string;
  auth: Auth;
  tag: string;
  summary: string;
  description?: string;
  params?: ObjectSchema<Record<string, Schema<unknown>>>;
  query?: ObjectSchema<Record<string, Schema<unknown>>>;
  body?: ObjectSchema<Record<string, Schema<unknown>>>;
  /** Takes a form-encoded body (or none) whose content does not matter, as RFC 8058 one-click unsubscribe posts. */
  formPost?: true;
  responses: Record<number, ResponseSpec>;
  /** The codes particular to this operation that it may answer (the shared stack's are added for all). */
  errors?: readonly ErrorCode[];
}

/** Every code an operation may answer: the shared stack's, by the operation's shape, then its own. */
export function answerableCodes(operation: Operation): ErrorCode[] {
  const codes = new Set<ErrorCode>(['invalid_request']);
  if (operation.auth !== 'public') codes.add('unauthorized');
  if (operation.auth === 'editor') codes.add('forbidden');
  codes.add('payload_too_large');
  if (operation.body) codes.add('unsupported_media_type');
  for (const code of operation.errors ?? []) codes.add(code);
  codes.add('internal_error');
  codes.add('unavailable');
  return [...codes];
}

/** Declares an operation while keeping the exact schema types, so handlers get typed input. */
export const operation = <const O extends Operation>(spec: O): O => spec;

export const ErrorBody = component(
  'Error',
  object({
    error: object({
      code: string({ description: 'Stable snake_case code a program can branch on.', example: 'invalid_request' }),
      message: string({ description: 'A sentence for humans.' }),
      details: optional(unknownValue('Depends on the code, e.g. a list of {path, message} for invalid_request.')),
    }),
  }),
);
