/**
 * A loopback server standing in for an AWS service whose answers a test must choose (no emulator here speaks the
 * service, or none fails on demand): it records every request and answers each with the test's `respond`, or else
 * the next of the answers the test queued (a bare 500 when none is left).
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the signer reads from the environment, as Lambda gives it: the requests are signed as on AWS. */
export const SIGNING_ENVIRONMENT = {
  AWS_REGION: 'eu-west-1',
  AWS_ACCESS_KEY_ID: 'AKIAUNITTEST',
  AWS_SECRET_ACCESS_KEY: 'unit-test-secret',
  AWS_SESSION_TOKEN: 'unit-test-session',
};

export interface Seen {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface StandInAnswer {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

export interface AwsStandIn {
  /** Where to point AWS_ENDPOINT_URL_<SERVICE>. */
  url: string;
  seen: Seen[];
  answers: StandInAnswer[];
  /** Answers by what was asked, for a service called in an order the test should not depend on; before `answers`. */
  respond?: (request: Seen) => StandInAnswer;
  close: () => Promise<void>;
}

/** Starts one on a free port; a test may replace `answers` and `respond`, or empty `seen`, at any time. */
export async function startAwsStandIn(contentType: string): Promise<AwsStandIn> {
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const seen = { method: request.method, url: request.url, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
      standIn.seen.push(seen);
      const answer = standIn.respond?.(seen) ?? standIn.answers.shift() ?? { status: 500, body: '' };
      response.writeHead(answer.status, { 'content-type': contentType, ...answer.headers }).end(answer.body);
    });
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const standIn: AwsStandIn = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen: [],
    answers: [],
    close: () => new Promise<void>((closed) => server.close(() => closed())),
  };
  return standIn;
}
