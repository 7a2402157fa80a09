/** Raw HTTP that sends exactly the bytes given: fetch would resolve `..`, re-encode the path and add a content type. */
import { request as httpRequest } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { endpoints } from '../client';

export interface RawRequest {
  method: string;
  /** Sent as is: no normalisation, no encoding. */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

export function send({ method, path, headers = {}, body }: RawRequest): Promise<RawResponse> {
  const api = new URL(endpoints.api);
  const length = body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) };
  return new Promise((resolve, reject) => {
    // A fresh connection each time: a kept-alive socket the server is closing would fail the request, not the API.
    const outgoing = httpRequest({ host: api.hostname, port: api.port, method, path, headers: { ...headers, ...length }, agent: false }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, text: Buffer.concat(chunks).toString('utf8') }));
      incoming.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}
