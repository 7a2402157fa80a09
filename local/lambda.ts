/**
 * What the Lambda service does around a handler, for the local gateway and `npm run invoke`: the API Gateway
 * HTTP API event (payload 2.0), the context object, loading the handler module on first use (a cold start), and
 * holding its table requests to its function's role (table-guard.ts).
 * This module imports no handler code, so callers can set the environment before any handler reads it.
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type * as HandlersTable from '../functions/common/aws/dynamodb';
import { guardTableClient, runAs } from './table-guard';
import { handlerModule } from '../functions/handler-modules';
import type { BackgroundFunction } from '../functions/routes';

export type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

/** Bodies API Gateway passes as text; anything else arrives base64-encoded. */
const TEXT_TYPES = /^(application\/(json|x-www-form-urlencoded)|text\/)/i;

/**
 * Loads a handler module the first time its route is called, as a Lambda cold start would. Each call of the
 * handler runs as its function: the DynamoDB requests it sends may reach only its item families.
 */
export function loadHandler(functionName: string): Handler {
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded now, once the handlers' environment is set */
  guardTableClient((require('../functions/common/aws/dynamodb') as typeof HandlersTable).dynamodb);
  const handler = (require(`../functions/${handlerModule(functionName)}`) as { handler: Handler }).handler;
  /* eslint-enable @typescript-eslint/no-require-imports */
  return (event, context) => runAs(functionName, () => handler(event, context));
}

export function httpEvent(options: {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: Buffer;
  routeKey: string;
  pathParameters?: Record<string, string>;
  sourceIp?: string;
}): APIGatewayProxyEventV2 {
  const { method, url, headers, body, routeKey } = options;
  // Own properties only, as API Gateway's JSON makes them: `__proto__` or `constructor` is a name like any other.
  const query = new Map<string, string>();
  for (const [name, value] of url.searchParams) query.set(name, query.has(name) ? `${query.get(name)},${value}` : value);
  const isText = TEXT_TYPES.test(headers['content-type'] ?? '');
  const now = new Date();
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(query.size > 0 && { queryStringParameters: Object.fromEntries(query) }),
    ...(options.pathParameters && { pathParameters: options.pathParameters }),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: url.host,
      domainPrefix: 'local',
      http: { method, path: url.pathname, protocol: 'HTTP/1.1', sourceIp: options.sourceIp ?? '127.0.0.1', userAgent: headers['user-agent'] ?? '' },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    isBase64Encoded: body !== undefined && body.length > 0 && !isText,
    ...(body !== undefined && body.length > 0 && { body: isText ? body.toString('utf8') : body.toString('base64') }),
  };
}

/** The context of one invocation; `timeoutMs` is the function's timeout (API Gateway's 30 s for HTTP routes). */
export function lambdaContext(functionName: string, requestId: string, timeoutMs = 30_000): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** Runs a background function with the event its trigger would send, within its own timeout. */
export function runBackground(fn: BackgroundFunction, event: unknown, requestId: string = randomUUID()): Promise<unknown> {
  const handler = loadHandler(fn.handler) as unknown as (event: unknown, context: Context) => Promise<unknown>;
  return handler(event, lambdaContext(fn.handler, requestId, (fn.timeoutSeconds ?? 30) * 1000));
}
