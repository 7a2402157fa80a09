/**
 * What every log line of an invocation carries (functions/common/logger.ts): Lambda's context and a correlation id,
 * for HTTP handlers (the shared stack) and background ones, dropped when the invocation ends, and on the local stack
 * too (local/lambda.ts); and the business metrics' EMF lines.
 */
import './info-level';
import { publicHandler } from '../../functions/common/http';
import type { HttpEvent } from '../../functions/common/http';
import { backgroundHandler, logger } from '../../functions/common/logger';
import type * as Metrics from '../../functions/common/metrics';
import { operation } from '../../functions/common/operation';
import { httpEvent, lambdaContext, loadHandler } from '../../local/lambda';
import { jsonLinesWrittenBy } from '../log-lines';

const TRACE_ROOT = '1-67a1b2c3-0123456789abcdef01234567';
const ping = operation({ operationId: 'ping', method: 'GET', path: '/ping', auth: 'public', tag: 'Test', summary: 'Ping', responses: { 200: { description: 'Pong.' } } });

const linesOf = jsonLinesWrittenBy;

/** A request to GET /ping as API Gateway would send it, with its request id. */
function event(requestId: string): HttpEvent {
  const built = httpEvent({ method: 'GET', url: new URL('http://local/ping'), headers: {}, routeKey: 'GET /ping' });
  return { ...built, requestContext: { ...built.requestContext, requestId } };
}

beforeEach(() => {
  process.env._X_AMZN_TRACE_ID = `Root=${TRACE_ROOT};Parent=53995c3f42cd8ad8;Sampled=1`;
});
afterEach(() => {
  delete process.env._X_AMZN_TRACE_ID;
});

describe('every line of an HTTP invocation', () => {
  const handler = publicHandler(ping, async () => {
    logger.info('inside the handler');
    return { statusCode: 200, body: { pong: true } };
  });

  test("carries Lambda's context, the trace id and API Gateway's request id as correlation id; cold only at first", async () => {
    const first = await linesOf(() => handler(event('api-request-1'), lambdaContext('service/ping', 'lambda-request-1')));
    const second = await linesOf(() => handler(event('api-request-2'), lambdaContext('service/ping', 'lambda-request-2')));
    expect(first.map((line) => line.message)).toEqual(['inside the handler', 'request']);
    for (const line of first) {
      expect(line).toMatchObject({
        service: 'pressroom',
        function_name: 'service/ping',
        function_request_id: 'lambda-request-1',
        function_memory_size: '1024',
        cold_start: true,
        xray_trace_id: TRACE_ROOT,
        correlation_id: 'api-request-1',
      });
    }
    expect(first[1]).toMatchObject({ route: 'GET /ping', status: 200 });
    for (const line of second) expect(line).toMatchObject({ function_request_id: 'lambda-request-2', cold_start: false, correlation_id: 'api-request-2' });
  });

  test('carries them on the error line of a failed request too', async () => {
    const failing = publicHandler(ping, async () => {
      throw new Error('boom');
    });
    const lines = await linesOf(() => failing(event('api-request-3'), lambdaContext('service/ping', 'lambda-request-3')));
    expect(lines.map((line) => [line.message, line.correlation_id, line.function_request_id])).toEqual([
      ['unexpected error', 'api-request-3', 'lambda-request-3'],
      ['request', 'api-request-3', 'lambda-request-3'],
    ]);
  });
});

describe('every line of a background invocation', () => {
  const handler = backgroundHandler(
    (input: { campaignId?: string }) => input.campaignId,
    async (input: { campaignId?: string }) => {
      logger.appendKeys({ page: 1 });
      logger.info('working', { campaignId: input.campaignId });
    },
  );

  test('carries its correlation id, and nothing of it is left for the next invocation', async () => {
    const [first] = await linesOf(() => handler({ campaignId: 'cmp_1' }, lambdaContext('newsletter/send', 'lambda-request-4')));
    const [second] = await linesOf(() => handler({}, lambdaContext('newsletter/send', 'lambda-request-5')));
    expect(first).toMatchObject({ correlation_id: 'cmp_1', function_request_id: 'lambda-request-4', page: 1, xray_trace_id: TRACE_ROOT });
    expect(second).toMatchObject({ function_request_id: 'lambda-request-5', page: 1 });
    expect(second).not.toHaveProperty('correlation_id');
  });
});

describe('the local stack', () => {
  beforeAll(() => {
    process.env.TABLE_NAME = 'unit';
  });
  afterAll(() => {
    delete process.env.TABLE_NAME;
  });

  test("gives a handler the context its log lines carry, as Lambda does (local/lambda.ts)", async () => {
    const [line] = await linesOf(() => loadHandler('service/health')(event('local-request'), lambdaContext('service/health', 'local-lambda-request')));
    expect(line).toMatchObject({ message: 'request', function_name: 'service/health', function_request_id: 'local-lambda-request', correlation_id: 'local-request' });
  });
});

describe('business metrics', () => {
  test('each count is one EMF line at once: the namespace, the service dimension, the metric and its value', async () => {
    let count: typeof Metrics.count = () => undefined;
    Object.assign(process.env, { POWERTOOLS_METRICS_DISABLED: 'false', POWERTOOLS_METRICS_NAMESPACE: 'Pressroom/Portal' });
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- made with the environment set just above
      count = (require('../../functions/common/metrics') as typeof Metrics).count;
    });
    process.env.POWERTOOLS_METRICS_DISABLED = 'true';
    const lines = await linesOf(async () => {
      count('Downloads');
      count('NewsletterEmailsSent', 50);
    });
    expect(lines).toEqual([
      expect.objectContaining({ service: 'pressroom', Downloads: 1 }),
      expect.objectContaining({ service: 'pressroom', NewsletterEmailsSent: 50 }),
    ]);
    for (const [line, name] of [[lines[0]!, 'Downloads'], [lines[1]!, 'NewsletterEmailsSent']] as const) {
      expect(line._aws).toEqual({
        Timestamp: expect.any(Number) as number,
        CloudWatchMetrics: [{ Namespace: 'Pressroom/Portal', Dimensions: [['service']], Metrics: [{ Name: name, Unit: 'Count' }] }],
      });
    }
  });
});
