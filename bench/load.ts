/**
 * Load through the local HTTP gateway with autocannon. The client runs in a worker thread so it does not share an
 * event loop with the server it measures; both still share this machine's cores with the emulators, so the figures
 * are those of the whole portal on one machine, not of one Lambda function.
 */
import autocannon from 'autocannon';

export interface LoadCase {
  route: string;
  path: string;
  body?: unknown;
  token?: string;
}

export interface LoadRow {
  route: string;
  connections: number;
  seconds: number;
  requests: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Connection errors, timeouts and answers other than 2xx. */
  errors: number;
}

export async function measureLoad(api: string, test: LoadCase, connections: number, seconds: number): Promise<LoadRow> {
  const headers: Record<string, string> = {};
  if (test.token) headers.authorization = `Bearer ${test.token}`;
  if (test.body !== undefined) headers['content-type'] = 'application/json';
  const result = await autocannon({
    url: `${api}${test.path}`,
    method: test.route.split(' ')[0] as 'GET' | 'POST',
    headers,
    ...(test.body !== undefined && { body: JSON.stringify(test.body) }),
    connections,
    duration: seconds,
    workers: 1,
  });
  return {
    route: test.route,
    connections,
    seconds,
    requests: result.requests.total,
    rps: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}
