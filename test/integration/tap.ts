/**
 * A pass-through in front of an emulator, so that a fault test can act at an exact step of a handler's work: kill
 * a process just before or just after a given AWS call. Everything else about the call is the emulator's own.
 */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer, request as httpRequest } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TappedCall {
  method: string;
  path: string;
  /** For JSON-RPC style APIs (Cognito): `Service.Action`. */
  target?: string;
  body: string;
}

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * `onCall` sees each call and decides what the caller gets: `forward()` is the emulator's answer; `undefined`
 * drops the connection without an answer, as a peer that died would.
 */
export type OnCall = (call: TappedCall, forward: () => Promise<Answer>) => Promise<Answer | undefined>;

export async function startTap(target: string, onCall: OnCall): Promise<{ url: string; close: () => Promise<void> }> {
  const upstream = new URL(target);
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      const forward = () =>
        new Promise<Answer>((answered, failed) => {
          const headers = { ...incoming.headers, host: upstream.host };
          const call = httpRequest(new URL(incoming.url!, upstream), { method: incoming.method, headers }, (response) => {
            const parts: Buffer[] = [];
            response.on('data', (part: Buffer) => parts.push(part));
            response.on('end', () => answered({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(parts) }));
          });
          call.once('error', failed);
          call.end(body);
        });
      const target = incoming.headers['x-amz-target'];
      onCall({ method: incoming.method!, path: incoming.url!, ...(typeof target === 'string' && { target }), body: body.toString('utf8') }, forward).then(
        (answer) => {
          if (!answer) outgoing.destroy();
          else outgoing.writeHead(answer.status, answer.headers).end(answer.body);
        },
        () => outgoing.destroy(),
      );
    });
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((closed) => {
        server.closeAllConnections();
        server.close(() => closed());
      }),
  };
}

/** SIGKILL, and its end awaited: a crash, with no chance to flush or clean up. */
export async function killOutright(child: ChildProcess): Promise<void> {
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}
