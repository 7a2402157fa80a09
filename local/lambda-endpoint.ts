/**
 * The Lambda service's Invoke API for the background functions, on loopback: the newsletter's functions start
 * each other with a signed Invoke request (functions/newsletter/invoke-sender.ts; AWS_ENDPOINT_URL_LAMBDA points
 * here), locally as on AWS. An `Event` invocation is answered 202 at once and runs on; the others wait for the result.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { backgroundFunctions } from '../functions/routes';
import { runBackground } from './lambda';

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

export async function startLambdaEndpoint(options: { port: number; onError: (functionName: string, error: unknown) => void }): Promise<{ server: Server; url: string }> {
  const known = new Map(backgroundFunctions.map((fn) => [fn.handler, fn]));
  const server = createServer((request, response) => {
    const name = decodeURIComponent(INVOKE_PATH.exec(request.url ?? '')?.[1] ?? '');
    const fn = known.get(name);
    if (request.method !== 'POST' || !fn) {
      response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ Type: 'User', message: `Function not found: ${name}` }));
      return;
    }
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const payload = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as unknown;
      const requestId = randomUUID();
      const run = runBackground(fn, payload, requestId);
      if (request.headers['x-amz-invocation-type'] === 'Event') {
        response.writeHead(202, { 'x-amzn-requestid': requestId }).end();
        run.catch((error: unknown) => options.onError(name, error));
        return;
      }
      run.then(
        (result) => response.writeHead(200, { 'content-type': 'application/json', 'x-amzn-requestid': requestId }).end(JSON.stringify(result ?? null)),
        (error: unknown) => {
          options.onError(name, error);
          response.writeHead(200, { 'x-amz-function-error': 'Unhandled' }).end(JSON.stringify({ errorMessage: String(error) }));
        },
      );
    });
  });
  await new Promise<void>((listening) => server.listen(options.port, '127.0.0.1', listening));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
