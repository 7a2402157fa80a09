/**
 * The local API Gateway: an HTTP server on loopback that serves the route table with the same handler modules the
 * Lambda functions run, turning each request into an API Gateway HTTP API (payload 2.0) event and back.
 * Preflight requests are answered here, as API Gateway's CORS configuration does on AWS.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { FALLBACK_HANDLER, routes } from '../../functions/routes';
import type { Route } from '../../functions/routes';
import { preflightHeaders } from '../../functions/shared/cors';
import { HttpError } from '../../functions/shared/errors';
import { errorResult, MAX_BODY_BYTES } from '../../functions/shared/http';
import { pathMatcher } from '../../functions/shared/paths';

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

const TEXT_TYPES = /^(application\/(json|x-www-form-urlencoded)|text\/)/i;

/** Loads a handler module the first time its route is called, as a Lambda cold start would. */
export function loadHandler(module: string): Handler {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(`../../functions/${module}`) as { handler: Handler }).handler;
}

/**
 * Keeps at most one byte more than the limit, so the handler refuses an oversized body (413) the way it does on
 * AWS while the gateway holds no more than that; the rest is read and dropped, so the client gets its answer.
 */
async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let kept = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    if (kept > MAX_BODY_BYTES) continue;
    chunks.push(chunk);
    kept += chunk.length;
  }
  return Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES + 1);
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
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = name in query ? `${query[name]},${value}` : value;
  const isText = TEXT_TYPES.test(headers['content-type'] ?? '');
  const now = new Date();
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(Object.keys(query).length > 0 && { queryStringParameters: query }),
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

export function lambdaContext(functionName: string, requestId: string): Context {
  const deadline = Date.now() + 30_000;
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

function flatHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  return headers;
}

function send(response: ServerResponse, result: APIGatewayProxyStructuredResultV2): void {
  const body = result.body === undefined ? undefined : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
  response.writeHead(result.statusCode ?? 200, {
    ...result.headers,
    ...(body && { 'content-length': String(body.length) }),
    ...(result.cookies && { 'set-cookie': result.cookies }),
  });
  response.end(body);
}

export async function startGateway(options: { port: number; allowedOrigins: readonly string[] }): Promise<{ server: Server; url: string }> {
  const match = pathMatcher(routes);
  const serve = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', `http://${request.headers.host ?? '127.0.0.1'}`);
    const method = request.method ?? 'GET';
    const headers = flatHeaders(request);
    if (method === 'OPTIONS' && headers['access-control-request-method']) {
      response.writeHead(204, preflightHeaders(headers.origin, options.allowedOrigins)).end();
      return;
    }
    const body = await readBody(request);
    const found = match(method, url.pathname);
    const route: Route | undefined = found.kind === 'found' ? found.route : undefined;
    const module = route?.handler ?? FALLBACK_HANDLER;
    const event = httpEvent({
      method,
      url,
      headers,
      body,
      routeKey: route ? `${route.operation.method} ${route.operation.path}` : '$default',
      ...(found.kind === 'found' && { pathParameters: found.params }),
      sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
    });
    send(response, await loadHandler(module)(event, lambdaContext(module, event.requestContext.requestId)));
  };
  const server = createServer((request, response) => {
    serve(request, response).catch((error: unknown) => {
      // Handlers answer their own errors; reaching this means the gateway itself failed.
      console.error('local gateway error', error);
      if (!response.headersSent) send(response, errorResult(new HttpError(500, 'internal_error', 'Something went wrong on our side.')));
      else response.destroy();
    });
  });
  await new Promise<void>((listening) => server.listen(options.port, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}` };
}
