/**
 * The portal's only way to the API: a client typed by the OpenAPI document (contract.ts), so a call to a route or
 * a field the contract does not have does not compile. The API's address comes from /config.json, written by
 * `npm start` locally and by the CDK stack on AWS, so one build serves every deployment.
 */
import createClient from 'openapi-fetch';
import type { components, paths } from './contract';
import { session } from '../session';

export type Schemas = components['schemas'];

/** The contract's error body, as every refusal carries it. */
export interface Problem {
  code: string;
  message: string;
  details?: unknown;
}

const UNREACHABLE: Problem = { code: 'unavailable', message: 'The portal cannot be reached. Please try again.' };

let client: ReturnType<typeof createClient<paths>> | undefined;

export async function connect(): Promise<void> {
  const config = (await (await fetch('/config.json')).json()) as { apiUrl: string };
  client = createClient<paths>({ baseUrl: config.apiUrl });
  client.use({
    onRequest: ({ request }) => {
      const token = session.accessToken();
      if (token) request.headers.set('authorization', `Bearer ${token}`);
      return request;
    },
    // A network failure becomes an answer in the contract's shape, so no page has to catch a thrown fetch.
    onError: () => Response.json({ error: UNREACHABLE }, { status: 503 }),
  });
}

export function api(): NonNullable<typeof client> {
  if (!client) throw new Error('connect() first');
  return client;
}

/** The refusal in an answer, or a stand-in when the server failed without one. */
export function problemOf(error: unknown): Problem {
  return (error as { error?: Problem } | undefined)?.error ?? UNREACHABLE;
}

/** Seconds to wait, from a refusal's Retry-After. */
export const retryAfterSeconds = (response: Response): number => Number(response.headers.get('retry-after') ?? 0) || 0;
