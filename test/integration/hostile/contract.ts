/** The oracle: what the contract promises of any answer, whatever was sent. */
import type { Responses } from './operations';
import type { RawResponse } from './raw-http';

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
