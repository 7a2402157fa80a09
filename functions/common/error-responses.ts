import type { ErrorCode, Refusal } from './errors';

/** The one place a refusal's code becomes an HTTP status; the compiler wants every code here. */
export const STATUS_OF_CODE: Record<ErrorCode, number> = {
  invalid_request: 400,
  weak_password: 400,
  code_mismatch: 400,
  upload_incomplete: 400,
  invalid_return_to: 400,
  invalid_link: 400,
  unauthorized: 401,
  invalid_credentials: 401,
  invalid_token: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  slug_taken: 409,
  edit_conflict: 409,
  already_published: 409,
  too_many_videos: 409,
  code_expired: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  too_many_attempts: 429,
  too_many_requests: 429,
  internal_error: 500,
  unavailable: 503,
};

export interface ErrorResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/** The contract's error shape, {"error": {"code", "message", "details"?}}, with the headers its code calls for. */
export function errorResult(refusal: Refusal, headers: Record<string, string> = {}): ErrorResult {
  const { code, message, details, retryAfterSeconds } = refusal;
  const body = { error: { code, message, ...(details !== undefined && { details }) } };
  return {
    statusCode: STATUS_OF_CODE[code],
    headers: {
      'content-type': 'application/json; charset=utf-8',
      ...(code === 'unauthorized' && { 'WWW-Authenticate': 'Bearer' }),
      ...(retryAfterSeconds !== undefined && { 'Retry-After': String(retryAfterSeconds) }),
      ...headers,
    },
    body: JSON.stringify(body),
  };
}
