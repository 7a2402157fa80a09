/**
 * One PUT of one part to its presigned URL, streamed from disk. node:http rather than fetch: S3 refuses a
 * chunked body, and fetch with a stream body sends one, while here the exact Content-Length goes first and
 * memory stays at a read buffer per part, whatever the part size.
 */
import { createReadStream } from 'node:fs';
import type { Agent as HttpAgent } from 'node:http';
import { request as httpRequest } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import { request as httpsRequest } from 'node:https';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PartFailure } from './upload-retry';

/** A socket with no traffic for this long is dead: the part is retried on a new one. */
const IDLE_TIMEOUT_MS = 120_000;
/** Enough of an error answer to quote S3's message; the rest is read and dropped. */
const ERROR_BODY_LIMIT = 4096;

export class PartUploadError extends Error {
  override readonly name = 'PartUploadError';

  constructor(readonly failure: PartFailure) {
    super(failure.message);
  }
}

export interface PartPut {
  url: string;
  file: string;
  /** Bytes [start, end) of the file. */
  start: number;
  end: number;
  signal: AbortSignal;
  agents?: { http?: HttpAgent; https?: HttpsAgent };
  /** Told of every chunk handed to the socket, for the progress line. */
  onBytes?: (bytes: number) => void;
  idleTimeoutMs?: number;
}

/** S3's error XML says what went wrong in <Code> and <Message>. */
function storageMessage(status: number, body: string): string {
  const code = /<Code>([^<]*)<\/Code>/.exec(body)?.[1];
  const message = /<Message>([^<]*)<\/Message>/.exec(body)?.[1];
  return `the storage answered HTTP ${status}${code ? ` ${code}` : ''}${message ? `: ${message}` : ''}`;
}

class FileChangedError extends Error {}

/**
 * Counts the bytes going by, and fails the stream when the file holds fewer bytes than planned, telling `onShort`
 * first: on Node 22 the pipeline's abort of the request may be reported before that failure, as "socket hang up".
 */
function byteCounter(expected: number, onBytes: (bytes: number) => void, onShort: (error: FileChangedError) => void): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      onBytes(chunk.length);
      done(null, chunk);
    },
    flush(done) {
      if (seen === expected) return done(null);
      const error = new FileChangedError(`the file ended ${expected - seen} bytes early: it changed during the upload`);
      onShort(error);
      done(error);
    },
  });
}

/** Uploads bytes [start, end) of the file and resolves with the ETag the storage gave the part. */
export function putPart(part: PartPut): Promise<string> {
  const url = new URL(part.url);
  const length = part.end - part.start;
  const idleTimeoutMs = part.idleTimeoutMs ?? IDLE_TIMEOUT_MS;
  const https = url.protocol === 'https:';
  const request = (https ? httpsRequest : httpRequest)(url, {
    method: 'PUT',
    headers: { 'content-length': String(length) },
    agent: https ? part.agents?.https : part.agents?.http,
    signal: part.signal,
    timeout: idleTimeoutMs,
  });

  return new Promise<string>((resolve, reject) => {
    let settled = false;
    let status: number | undefined;
    const fail = (failure: PartFailure) => {
      if (settled) return;
      settled = true;
      // Stop sending the rest of a part the storage already refused.
      request.destroy();
      reject(new PartUploadError(failure));
    };

    request.on('timeout', () => request.destroy(new Error(`no traffic for ${idleTimeoutMs / 1000} s`)));

    // S3 may answer (403, 400...) before the whole body is sent: that answer is the outcome, not the broken pipe
    // that follows it. 'close' always comes, also when the connection dies, so it settles what 'end' did not.
    request.on('response', (response) => {
      const code = response.statusCode ?? 0;
      status = code;
      const ok = code >= 200 && code < 300;
      let errorBody = '';
      const answer = () => {
        if (settled) return;
        if (part.signal.aborted) return fail({ kind: 'aborted', message: 'stopped' });
        if (!ok) return fail({ kind: 'status', status: code, message: storageMessage(code, errorBody) });
        const etag = response.headers.etag;
        if (!etag) return fail({ kind: 'status', status: code, message: 'the storage accepted the part but sent no ETag header' });
        settled = true;
        resolve(etag);
      };
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        if (!ok && errorBody.length < ERROR_BODY_LIMIT) errorBody += chunk;
      });
      response.on('end', answer);
      response.on('close', answer);
      response.on('error', answer);
    });

    const body = createReadStream(part.file, { start: part.start, end: part.end - 1 });
    // A read error or a short file is the file's fault, not the network's; only where it happens tells them apart.
    let fileError: Error | undefined;
    body.on('error', (error) => (fileError ??= error));

    // The pipeline and the request both report a failure of the body; either may come first, so both classify alike.
    const failWith = (error: unknown) => {
      if (part.signal.aborted) return fail({ kind: 'aborted', message: 'stopped' });
      if (fileError instanceof FileChangedError) return fail({ kind: 'file-changed', message: fileError.message });
      if (fileError) return fail({ kind: 'file-changed', message: `cannot read the file: ${fileError.message}` });
      // After an answer, the response's 'close' settles with its status.
      if (status === undefined) fail({ kind: 'network', message: (error as Error).message });
    };
    request.on('error', failWith);
    pipeline(body, byteCounter(length, part.onBytes ?? (() => {}), (error) => (fileError ??= error)), request).catch(failWith);
  });
}
