/**
 * Signed AWS requests over fetch, for the calls whose SDK client costs a function more at cold start than the call
 * is worth: SES v2, Lambda Invoke and Secrets Manager are plain JSON over HTTPS, and S3 (./s3.ts) is plain REST,
 * its links presigned by local crypto. Each SDK client adds 30–150 KB of minified code that Node parses at every
 * cold start (docs/BENCHMARKS.md); this module adds about 10 KB, the SDK's own SigV4 signer. DynamoDB and Cognito
 * keep their SDK clients: their error types and retries are used throughout.
 *
 * Credentials come from the environment, as Lambda gives them; locally AWS_ENDPOINT_URL_<SERVICE> points a service
 * at its emulator, as it does for the SDK.
 */
import { createHash, createHmac } from 'node:crypto';
import type { Hash as NodeHash } from 'node:crypto';
import { fromEnv } from '@aws-sdk/credential-provider-env';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Checksum, HttpRequest, SourceData } from '@smithy/types';

export interface AwsService {
  /** SigV4's service name. */
  signingName: string;
  /** The first label of the regional endpoint (`email` for email.eu-west-1.amazonaws.com). */
  endpointPrefix: string;
  /** The SDK's environment variable for the service's endpoint, honoured here too. */
  endpointEnv: string;
}

/** The SHA-256 and HMAC the signer needs, from Node's crypto. */
class Sha256 implements Checksum {
  private hash: NodeHash | ReturnType<typeof createHmac>;

  constructor(private readonly secret?: SourceData) {
    this.hash = this.fresh();
  }

  private fresh() {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(this.secret));
  }

  update(data: Uint8Array | string): void {
    this.hash.update(toBuffer(data));
  }

  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }

  reset(): void {
    this.hash = this.fresh();
  }
}

function toBuffer(data: SourceData): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

export const region = (): string => process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
const credentials = fromEnv();
const signers = new Map<string, SignatureV4>();

/** One signer per service. S3 signs the path as sent (already encoded) and its presigned payload is unsigned. */
export function signerFor(signingName: string): SignatureV4 {
  let signer = signers.get(signingName);
  if (!signer) {
    const s3 = signingName === 's3';
    signer = new SignatureV4({ service: signingName, region: region(), credentials, sha256: Sha256, uriEscapePath: !s3, applyChecksum: !s3 });
    signers.set(signingName, signer);
  }
  return signer;
}

function endpointOf(service: AwsService): URL {
  return new URL(process.env[service.endpointEnv] ?? `https://${service.endpointPrefix}.${region()}.amazonaws.com`);
}

/** An AWS service's error answer, shaped like the SDK's errors (`name`, `$metadata`) so callers treat both alike. */
export class AwsServiceError extends Error {
  readonly $metadata: { httpStatusCode: number };

  constructor(name: string, message: string, status: number) {
    super(message);
    this.name = name;
    this.$metadata = { httpStatusCode: status };
  }
}

/** Short timeouts and one retry, as the SDK clients here are configured: a dependency that hangs becomes a 503. */
const TIMEOUT_MS = 5_000;
const ATTEMPTS = 2;

export interface Call {
  method: string;
  /** Already percent-encoded. */
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string;
  /** False for a call that must not take effect twice and has no idempotency key (SES sending). */
  idempotent?: boolean;
  /** The whole call's deadline, when a call may take longer than most (S3 assembling a large upload). */
  timeoutMs?: number;
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

/** RFC 3986, as SigV4 canonicalizes: URLSearchParams would write a space as "+", which S3 reads as a plus. */
export const escape = (text: string): string => encodeURIComponent(text).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);

export const queryString = (query: HttpRequest['query']): string =>
  Object.entries(query ?? {})
    .flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).flatMap((one) => (one === null ? [] : [`${escape(name)}=${escape(one)}`])))
    .join('&');

export function unsignedRequest(endpoint: URL, call: Call): HttpRequest {
  return {
    method: call.method,
    protocol: endpoint.protocol,
    hostname: endpoint.hostname,
    ...(endpoint.port && { port: Number(endpoint.port) }),
    path: call.path,
    query: { ...call.query },
    headers: { host: endpoint.host, ...call.headers },
    ...(call.body !== undefined && { body: call.body }),
  };
}

/**
 * Signs and sends a request, retrying once when that may help; an error answer becomes an AwsServiceError, named
 * by `errorName` from the answer's body.
 */
export async function signedFetch(signingName: string, endpoint: URL, call: Call, errorName: (answer: Answer) => [string, string]): Promise<Answer> {
  for (let attempt = 1; ; attempt++) {
    try {
      const signed = await signerFor(signingName).sign(unsignedRequest(endpoint, call));
      const query = queryString(signed.query);
      const response = await fetch(`${endpoint.origin}${signed.path}${query ? `?${query}` : ''}`, {
        method: signed.method,
        headers: signed.headers,
        body: call.body,
        signal: AbortSignal.timeout(call.timeoutMs ?? TIMEOUT_MS),
      });
      const answer = { status: response.status, headers: response.headers, text: await response.text() };
      if (response.ok) return answer;
      const [name, message] = errorName(answer);
      throw new AwsServiceError(name, message, response.status);
    } catch (error) {
      if (attempt >= ATTEMPTS || !retryable(error, call.idempotent !== false)) throw error;
    }
  }
}

/** A call that is not idempotent is tried again only when it surely did nothing: refused, or throttled. */
function retryable(error: unknown, idempotent: boolean): boolean {
  // Network failures and timeouts: only a refused connection certainly never reached the service.
  if (!(error instanceof AwsServiceError)) return idempotent || (error as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED';
  const throttled = error.$metadata.httpStatusCode === 429 || /Throttl|TooManyRequests/.test(error.name);
  return throttled || (idempotent && error.$metadata.httpStatusCode >= 500);
}

/** Sends a signed JSON request and returns the parsed answer. */
export async function awsJsonRequest<T>(
  service: AwsService,
  request: { method: string; path: string; headers?: Record<string, string>; body?: unknown; idempotent?: boolean },
): Promise<T> {
  const call: Call = {
    method: request.method,
    path: request.path,
    headers: { 'content-type': 'application/json', ...request.headers },
    ...(request.body !== undefined && { body: JSON.stringify(request.body) }),
    idempotent: request.idempotent,
  };
  const answer = await signedFetch(service.signingName, endpointOf(service), call, ({ headers, text, status }) => {
    // JSON services name the error in a header or the body, sometimes with a namespace before '#' or after ':'.
    const parsed = parseJson(text);
    const firstText = (...values: unknown[]): string | undefined => values.find((value): value is string => typeof value === 'string');
    const type = headers.get('x-amzn-errortype') ?? firstText(parsed.__type, parsed.code, parsed.Code) ?? 'UnknownError';
    const name = type.split(':')[0]!.split('#').pop()!;
    return [name, firstText(parsed.message, parsed.Message) ?? `${name} (${status})`];
  });
  return parseJson(answer.text) as T;
}

/** An error page from a proxy or load balancer is not JSON; its status still says what happened. */
function parseJson(raw: string): Record<string, unknown> {
  try {
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
