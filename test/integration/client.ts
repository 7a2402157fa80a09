/** What the tests know of the running local stack, and a small HTTP client that calls it as a front-end would. */
import { readFileSync } from 'node:fs';
import type { Endpoints } from '../../infra/local/start';

export const endpoints = JSON.parse(readFileSync(process.env.PRESSROOM_ENDPOINTS!, 'utf8')) as Endpoints;

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export async function call<T = unknown>(method: string, path: string, options: { body?: unknown; headers?: Record<string, string>; token?: string } = {}): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${endpoints.api}${path}`, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = undefined;
  if ((response.headers.get('content-type') ?? '').includes('json')) parsed = JSON.parse(text);
  return { status: response.status, headers: response.headers, body: parsed as T, text };
}

/** Asserts the contract's error shape and returns the error for further checks. */
export function expectError(response: ApiResponse, status: number, code: string): { code: string; message: string; details?: unknown } {
  expect({ status: response.status, code: (response.body as { error?: { code?: string } })?.error?.code }).toEqual({ status, code });
  const error = (response.body as { error: { code: string; message: string; details?: unknown } }).error;
  expect(typeof error.message).toBe('string');
  expect(Object.keys(error).every((key) => ['code', 'message', 'details'].includes(key))).toBe(true);
  return error;
}
