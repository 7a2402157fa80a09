/**
 * The local API Gateway: an HTTP server on loopback that serves the route table with the same handler modules the
 * Lambda functions run, turning each request into an API Gateway HTTP API (payload 2.0) event and back.
 * Preflight requests are answered here, as API Gateway's CORS configuration does on AWS.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { FALLBACK_HANDLER, routes } from '../functions/routes';
import type { Route } from '../functions/routes';
import { preflightHeaders } from '../functions/common/cors';
import { errorResult } from '../functions/common/error-responses';
import { internalError, MAX_BODY_BYTES } from '../functions/common/errors';
import { pathMatcher } from '../functions/common/paths';
import { httpEvent, lambdaContext, loadHandler } from './lambda';

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
      if (!response.headersSent) send(response, errorResult(internalError()));
      else response.destroy();
    });
  });
  await new Promise<void>((listening) => server.listen(options.port, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}` };
}
