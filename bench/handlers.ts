/**
 * Warm handler latency, in-process: the handler module called as Lambda calls it (an API Gateway event, no HTTP),
 * next to a replay of the very SDK calls one invocation made, through the same clients (the baseline). The
 * difference is what our code adds: middy, validation, JWT check, logging, mapping.
 */
import { routes } from '../functions/routes';
import { httpEvent, lambdaContext, loadHandler } from '../local/lambda';
import { recordCalls, replay } from './sdk-calls';

export interface HandlerRow {
  route: string;
  samples: number;
  p50Ms: number;
  p99Ms: number;
  baselineP50Ms: number;
  baselineP99Ms: number;
  overheadP50Ms: number;
  sdkCalls: string[];
}

export interface HandlerCase {
  route: string;
  path: string;
  pathParameters?: Record<string, string>;
  body?: unknown;
  token?: string;
  expect: number;
}

const WARMUP = 20;

export const percentile = (sorted: readonly number[], fraction: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))]!;
export const round = (ms: number): number => Math.round(ms * 100) / 100;

/**
 * Times the two alternately, one call of each per round, so that both see the same machine: measured one phase
 * after the other, a change in the machine's load between the phases reads as overhead.
 */
async function timedPair(first: () => Promise<unknown>, second: () => Promise<unknown>, samples: number): Promise<[number[], number[]]> {
  for (let i = 0; i < WARMUP; i++) {
    await first();
    await second();
  }
  const times: [number[], number[]] = [[], []];
  for (let i = 0; i < samples; i++) {
    for (const [index, run] of [first, second].entries()) {
      const started = performance.now();
      await run();
      times[index]!.push(performance.now() - started);
    }
  }
  return [times[0].sort((a, b) => a - b), times[1].sort((a, b) => a - b)];
}

export async function measureHandler(test: HandlerCase, samples: number): Promise<HandlerRow> {
  const [method, path] = test.route.split(' ') as [string, string];
  const route = routes.find((entry) => entry.operation.method === method && entry.operation.path === path);
  if (!route) throw new Error(`No route ${test.route}`);
  const handler = loadHandler(route.handler);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (test.token) headers.authorization = `Bearer ${test.token}`;
  const newEvent = () =>
    httpEvent({
      method,
      url: new URL(`http://bench${test.path}`),
      headers: { ...headers },
      routeKey: test.route,
      ...(test.pathParameters && { pathParameters: test.pathParameters }),
      ...(test.body !== undefined && { body: Buffer.from(JSON.stringify(test.body)) }),
    });
  // Made before the clock runs: API Gateway builds the event, not the function.
  const events = Array.from({ length: WARMUP + samples + 2 }, newEvent);
  const invoke = async () => {
    const event = events.pop()!;
    const result = await handler(event, lambdaContext(route.handler, event.requestContext.requestId));
    if (result.statusCode !== test.expect) throw new Error(`${test.route} answered ${result.statusCode}: ${result.body}`);
  };
  // The first call may leave what the next ones find (a sign-in remembers the browser): the recorded call is a
  // repeat, as the timed ones are, so that its replay sends what they send and meets the same answers.
  await invoke();
  const { calls } = await recordCalls(invoke);
  const [handlerTimes, baselineTimes] = await timedPair(invoke, () => replay(calls), samples);
  const p50Ms = percentile(handlerTimes, 0.5);
  const baselineP50Ms = percentile(baselineTimes, 0.5);
  return {
    route: test.route,
    samples,
    p50Ms: round(p50Ms),
    p99Ms: round(percentile(handlerTimes, 0.99)),
    baselineP50Ms: round(baselineP50Ms),
    baselineP99Ms: round(percentile(baselineTimes, 0.99)),
    overheadP50Ms: round(p50Ms - baselineP50Ms),
    sdkCalls: calls.map((call) => `${call.service}:${call.command.replace(/Command$/, '')}`),
  };
}
