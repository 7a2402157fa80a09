/** What the tests know of the running local stack, and a small HTTP client that calls it as a front-end would. */
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import type { Endpoints } from '../../local/start';
import { declaredCodes } from './declared-errors';

export const endpoints = JSON.parse(readFileSync(process.env.PRESSROOM_ENDPOINTS!, 'utf8')) as Endpoints;

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
  /** For an error: the codes the served document declares for this request and status. */
  declaredCodes?: string[];
}

export interface CallOptions {
  body?: unknown;
  headers?: Record<string, string>;
  token?: string;
  /**
   * The loopback address to call from (127.0.0.2, 127.0.0.3...): another network, as the API sees its source
   * address, as different clients on the internet would be.
   */
  from?: string;
}

export async function call<T = unknown>(method: string, path: string, options: CallOptions = {}): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = options.from ? await fetchFrom(options.from, `${endpoints.api}${path}`, { method, headers, body }) : await fetch(`${endpoints.api}${path}`, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = undefined;
  if ((response.headers.get('content-type') ?? '').includes('json')) parsed = JSON.parse(text);
  const declared = response.status >= 400 ? await declaredCodes(endpoints.api, method, path, response.status) : undefined;
  return { status: response.status, headers: response.headers, body: parsed as T, text, ...(declared && { declaredCodes: declared }) };
}

/** Asserts the contract's error shape and returns the error for further checks. */
export function expectError(response: ApiResponse, status: number, code: string): { code: string; message: string; details?: unknown } {
  expect({ status: response.status, code: (response.body as { error?: { code?: string } })?.error?.code }).toEqual({ status, code });
  const error = (response.body as { error: { code: string; message: string; details?: unknown } }).error;
  expect(typeof error.message).toBe('string');
  expect(Object.keys(error).every((key) => ['code', 'message', 'details'].includes(key))).toBe(true);
  if (response.declaredCodes) expect(response.declaredCodes).toContain(code);
  return error;
}

/** fetch, from a given local address (the global fetch cannot choose one without an extra package). */
function fetchFrom(localAddress: string, url: string, init: { method: string; headers: Record<string, string>; body?: string }): Promise<Response> {
  return new Promise((answered, failed) => {
    const outgoing = request(url, { method: init.method, headers: init.headers, localAddress }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(incoming.headers)) if (typeof value === 'string') headers.set(name, value);
        const status = incoming.statusCode ?? 0;
        answered(new Response(status === 204 ? null : Buffer.concat(chunks), { status, headers }));
      });
      incoming.on('error', failed);
    });
    outgoing.on('error', failed);
    outgoing.end(init.body);
  });
}
