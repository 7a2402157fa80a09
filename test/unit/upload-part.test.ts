/** The part PUT against a small local HTTP server: what goes over the wire, and how each failure is classified. */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PartUploadError, putPart } from '../../cli/part-upload';
import type { PartFailure } from '../../cli/upload-retry';

interface Received {
  headers: IncomingMessage['headers'];
  body: Buffer;
}

let server: Server;
let base: string;
let handler: (req: IncomingMessage, res: ServerResponse) => void;
let dir: string;
let file: string;
const content = randomBytes(300_000);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'upload-part-'));
  file = join(dir, 'clip.mp4');
  writeFileSync(file, content);
  server = createServer((req, res) => handler(req, res));
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((closed) => server.close(closed));
  rmSync(dir, { recursive: true, force: true });
});

/** A storage that keeps what it got and answers 200 with the MD5 of the part as ETag, as S3 does. */
function acceptingStorage(): Received[] {
  const received: Received[] = [];
  handler = (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      received.push({ headers: req.headers, body });
      res.writeHead(200, { etag: `"${createHash('md5').update(body).digest('hex')}"` }).end();
    });
  };
  return received;
}

async function failureOf(promise: Promise<unknown>): Promise<PartFailure> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(PartUploadError);
    return (error as PartUploadError).failure;
  }
  throw new Error('expected the part to fail');
}

const signal = () => new AbortController().signal;

describe('putPart', () => {
  it('PUTs exactly bytes [start, end) with a Content-Length, never chunked, and returns the ETag', async () => {
    const received = acceptingStorage();
    const counted: number[] = [];
    const etag = await putPart({ url: `${base}/bucket/key?partNumber=2&X-Amz-Signature=abc`, file, start: 100_000, end: 250_001, signal: signal(), onBytes: (n) => counted.push(n) });
    const part = content.subarray(100_000, 250_001);
    expect(etag).toBe(`"${createHash('md5').update(part).digest('hex')}"`);
    expect(received).toHaveLength(1);
    expect(received[0]!.body.equals(part)).toBe(true);
    expect(received[0]!.headers['content-length']).toBe(String(part.length));
    expect(received[0]!.headers['transfer-encoding']).toBeUndefined();
    expect(counted.reduce((a, b) => a + b, 0)).toBe(part.length);
    // Chunks of a read buffer, never the whole part at once.
    expect(Math.max(...counted)).toBeLessThanOrEqual(64 * 1024);
  });

  it('reads an early refusal as its status and message, not as the broken upload after it', async () => {
    handler = (req, res) => {
      const body = '<?xml version="1.0"?><Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>';
      res.writeHead(403, { 'content-type': 'application/xml', connection: 'close' }).end(body);
      req.socket.destroySoon();
    };
    const failure = await failureOf(putPart({ url: `${base}/x`, file, start: 0, end: content.length, signal: signal() }));
    expect(failure).toEqual({ kind: 'status', status: 403, message: 'the storage answered HTTP 403 AccessDenied: Request has expired' });
  });

  it('reads a 5xx after the body as a status failure', async () => {
    handler = (req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(503).end('<Error><Code>SlowDown</Code></Error>'));
    };
    expect(await failureOf(putPart({ url: `${base}/x`, file, start: 0, end: 10, signal: signal() }))).toMatchObject({ kind: 'status', status: 503 });
  });

  it('reads a dropped connection as a network failure', async () => {
    handler = (req) => req.socket.destroy();
    expect(await failureOf(putPart({ url: `${base}/x`, file, start: 0, end: content.length, signal: signal() }))).toMatchObject({ kind: 'network' });
  });

  it('reads a stalled connection as a network failure', async () => {
    handler = (req) => req.resume(); // never answers
    const failure = await failureOf(putPart({ url: `${base}/x`, file, start: 0, end: 10, signal: signal(), idleTimeoutMs: 200 }));
    expect(failure).toEqual({ kind: 'network', message: 'no traffic for 0.2 s' });
  });

  it('refuses a 200 without an ETag', async () => {
    handler = (req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200).end());
    };
    expect(await failureOf(putPart({ url: `${base}/x`, file, start: 0, end: 10, signal: signal() }))).toMatchObject({ kind: 'status', status: 200 });
  });

  it('stops at once when aborted', async () => {
    handler = (req) => req.resume();
    const controller = new AbortController();
    const pending = putPart({ url: `${base}/x`, file, start: 0, end: content.length, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect(await failureOf(pending)).toEqual({ kind: 'aborted', message: 'stopped' });
  });

  it('notices a file that became shorter than the planned part', async () => {
    acceptingStorage();
    const failure = await failureOf(putPart({ url: `${base}/x`, file, start: content.length - 10, end: content.length + 90, signal: signal() }));
    expect(failure).toMatchObject({ kind: 'file-changed' });
  });

  it('reads an unreadable file as a failure of the file, which no retry mends', async () => {
    acceptingStorage();
    const failure = await failureOf(putPart({ url: `${base}/x`, file: join(dir, 'gone.mp4'), start: 0, end: 10, signal: signal() }));
    expect(failure).toMatchObject({ kind: 'file-changed', message: expect.stringContaining('ENOENT') as string });
  });
});
