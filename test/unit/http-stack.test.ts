import type { Context } from 'aws-lambda';
import { MAX_BODY_BYTES, Refusal, tooManyRequests } from '../../functions/common/errors';
import type { HttpEvent } from '../../functions/common/http';
import { isTransient, publicHandler } from '../../functions/common/http';
import { operation } from '../../functions/common/operation';
import { integer, object, optional, string } from '../../functions/common/schema';
import { logger } from '../../functions/common/logger';

const echo = operation({
  operationId: 'echo',
  method: 'POST',
  path: '/echo/{id}',
  auth: 'public',
  tag: 'Test',
  summary: 'Echo',
  params: object({ id: string({ pattern: /^\w+$/ }) }),
  query: object({ limit: optional(integer({ minimum: 1, maximum: 5 })) }),
  body: object({ text: string({ maxLength: 10 }) }),
  responses: { 200: { description: 'Echoed.' } },
  errors: ['too_many_requests'],
});

let behaviour: () => Promise<void> = async () => undefined;
const handler = publicHandler(echo, async ({ params, query, body }) => {
  await behaviour();
  return { statusCode: 200, body: { id: params.id, limit: query.limit, text: body.text } };
});

function event(overrides: Partial<HttpEvent> = {}): HttpEvent {
  return {
    version: '2.0',
    routeKey: 'POST /echo/{id}',
    rawPath: '/echo/a1',
    rawQueryString: '',
    headers: { 'content-type': 'application/json', origin: 'https://portal.example.org' },
    pathParameters: { id: 'a1' },
    requestContext: { requestId: 'test-request', http: { method: 'POST', path: '/echo/a1' } } as HttpEvent['requestContext'],
    body: JSON.stringify({ text: 'hello' }),
    isBase64Encoded: false,
    ...overrides,
  };
}

const invoke = async (value: HttpEvent) => {
  const result = await handler(value, {} as Context);
  return { ...result, json: result.body ? (JSON.parse(result.body) as { error?: { code: string; message: string; details?: unknown } }) : undefined };
};

beforeAll(() => logger.setLogLevel('SILENT'));
beforeEach(() => {
  behaviour = async () => undefined;
});

describe('the shared HTTP stack', () => {
  it('parses and converts input, and answers JSON with security and CORS headers', async () => {
    const result = await invoke(event({ queryStringParameters: { limit: '3' } }));
    expect(result.statusCode).toBe(200);
    expect(result.json).toEqual({ id: 'a1', limit: 3, text: 'hello' });
    expect(result.headers).toMatchObject({
      'content-type': 'application/json; charset=utf-8',
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
      'access-control-allow-origin': 'https://portal.example.org',
    });
  });

  it('gives no CORS header to an origin that is not allowed', async () => {
    const result = await invoke(event({ headers: { 'content-type': 'application/json', origin: 'https://evil.example' } }));
    expect(result.headers?.['access-control-allow-origin']).toBeUndefined();
  });

  it('lists every invalid input with its path', async () => {
    const result = await invoke(event({ queryStringParameters: { limit: '9', other: 'x' }, body: JSON.stringify({ text: 'far too long text', more: 1 }) }));
    expect(result.statusCode).toBe(400);
    expect(result.json?.error?.code).toBe('invalid_request');
    expect(result.json?.error?.details).toEqual(
      expect.arrayContaining([
        { path: 'query.limit', message: 'Must be at most 5.' },
        { path: 'query.other', message: 'Unknown field.' },
        { path: 'text', message: 'Must be at most 10 characters long.' },
        { path: 'more', message: 'Unknown field.' },
      ]),
    );
  });

  it('refuses a body that is not JSON, not UTF-8, the wrong type, missing or too large', async () => {
    expect((await invoke(event({ body: '{"text":' }))).json?.error?.code).toBe('invalid_request');
    expect((await invoke(event({ body: Buffer.from([0x7b, 0xff, 0x7d]).toString('base64'), isBase64Encoded: true }))).json?.error?.code).toBe('invalid_request');
    expect((await invoke(event({ body: undefined }))).json?.error?.details).toEqual([{ path: 'body', message: 'A JSON body is required.' }]);
    const wrongType = await invoke(event({ headers: { 'content-type': 'text/plain' } }));
    expect([wrongType.statusCode, wrongType.json?.error?.code]).toEqual([415, 'unsupported_media_type']);
    const large = await invoke(event({ body: JSON.stringify({ text: 'x'.repeat(MAX_BODY_BYTES) }) }));
    expect([large.statusCode, large.json?.error?.code]).toEqual([413, 'payload_too_large']);
  });

  it('answers a refusal in the contract shape, with the status of its code and the headers it calls for', async () => {
    behaviour = async () => {
      throw tooManyRequests(30);
    };
    const result = await invoke(event());
    expect(result.statusCode).toBe(429);
    expect(result.json).toEqual({ error: { code: 'too_many_requests', message: 'Too many requests. Please wait before trying again.' } });
    expect(result.headers?.['Retry-After']).toBe('30');
  });

  it('logs a refusal the operation does not declare as a defect, and still answers it', async () => {
    const logged = jest.spyOn(logger, 'error').mockImplementation(() => undefined);
    behaviour = async () => {
      throw new Refusal('slug_taken', 'Taken.');
    };
    const result = await invoke(event());
    expect([result.statusCode, result.json?.error?.code]).toEqual([409, 'slug_taken']);
    expect(logged).toHaveBeenCalledWith('refusal not declared by the operation', { route: 'POST /echo/{id}', code: 'slug_taken' });
    logged.mockClear();
    behaviour = async () => {
      throw tooManyRequests(1);
    };
    await invoke(event());
    expect(logged).not.toHaveBeenCalled();
    logged.mockRestore();
  });

  it('hides unexpected errors behind internal_error', async () => {
    behaviour = async () => {
      throw new Error('ValidationException: table pressroom-secret at arn:aws:dynamodb:...');
    };
    const result = await invoke(event());
    expect(result.statusCode).toBe(500);
    expect(result.body).not.toMatch(/pressroom-secret|arn:|ValidationException|at /);
    expect(result.json?.error?.code).toBe('internal_error');
  });

  // A throttled or timed-out AWS call cannot be produced on demand by the emulators, so it is simulated here.
  it.each(['ThrottlingException', 'TimeoutError', 'ProvisionedThroughputExceededException'])('answers 503 with Retry-After for %s', async (name) => {
    behaviour = async () => {
      throw Object.assign(new Error('simulated'), { name });
    };
    const result = await invoke(event());
    expect(result.statusCode).toBe(503);
    expect(result.json?.error?.code).toBe('unavailable');
    expect(Number(result.headers?.['Retry-After'])).toBeGreaterThan(0);
  });

  it('answers 503 when the database refuses connections', async () => {
    behaviour = async () => {
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { code: 'ECONNREFUSED' });
    };
    expect((await invoke(event())).statusCode).toBe(503);
  });
});

describe('transient errors', () => {
  it('are recognised when the SDK wraps a network failure in a plain error', () => {
    expect(isTransient(new Error('AWS SDK error wrapper for Error: connect ECONNREFUSED 127.0.0.1:8000'))).toBe(true);
    expect(isTransient(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isTransient(new Error('ValidationException: One or more parameter values were invalid'))).toBe(false);
  });
});
