/**
 * AWS Signature V4 verification for the local S3 emulator front.
 *
 * s3rver accepts any SigV4 signature (it only checks presigned expiry), so a tampered presigned
 * URL works locally while real S3 answers 403. These pure functions recompute the signature of a
 * request as received, for the credential scope, date and signed headers the client claims, and
 * compare it with the one supplied. The canonical request and key derivation come from
 * `@smithy/signature-v4`, the same code the SDK signs with.
 */
import { createHash, createHmac, timingSafeEqual, type Hash, type Hmac } from 'node:crypto';
import { parse as parseQueryString } from 'node:querystring';
import { ALGORITHM_IDENTIFIER, MAX_PRESIGNED_TTL, SignatureV4 } from '@smithy/signature-v4';
import { escapeXml } from '../functions/common/aws/xml';

/** Access key id → secret access key. */
export type CredentialMap = ReadonlyMap<string, string>;

/** Decoded query parameters; a repeated name gives an array (as Koa/s3rver parse them). */
export type QueryParams = Record<string, string | string[] | undefined>;

/** Header names in lower case; repeated headers as arrays (node's IncomingHttpHeaders fits). */
export type RequestHeaders = Record<string, string | string[] | undefined>;

export interface ReceivedRequest {
  method: string;
  /** The path exactly as on the wire (still percent-encoded): S3 signs it without re-encoding. */
  path: string;
  query: QueryParams;
  headers: RequestHeaders;
}

export type S3ErrorCode =
  | 'AccessDenied'
  | 'InvalidAccessKeyId'
  | 'SignatureDoesNotMatch'
  | 'RequestTimeTooSkewed';

export type Verdict =
  | { ok: true; accessKeyId: string }
  | { ok: false; code: S3ErrorCode; message: string };

export const DEFAULT_CREDENTIALS: CredentialMap = new Map([['S3RVER', 'S3RVER']]);

/** Real S3 refuses header-signed requests whose date is more than 15 minutes off. */
const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;
const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
const SERVICE = 's3';
const SCOPE_TERMINATOR = 'aws4_request';
const LONG_DATE_PATTERN = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

const MESSAGES = {
  unsigned: 'Access Denied',
  unknownKey: 'The AWS Access Key Id you provided does not exist in our records.',
  mismatch:
    'The request signature we calculated does not match the signature you provided. ' +
    'Check your key and signing method.',
  expired: 'Request has expired',
  skewed: 'The difference between the request time and the current time is too large.',
  unsignedHeaders: 'There were headers present in the request which were not signed',
} as const;

/** SHA-256 (or HMAC-SHA-256 when given a secret) in the shape `@smithy/signature-v4` expects. */
export class Sha256 {
  private readonly secret: Buffer | undefined;
  private hash: Hash | Hmac;

  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.secret = secret === undefined ? undefined : toBuffer(secret);
    this.hash = this.start();
  }

  update(chunk: Uint8Array): void {
    this.hash.update(chunk);
  }

  digest(): Promise<Uint8Array> {
    return Promise.resolve(this.hash.digest());
  }

  reset(): void {
    this.hash = this.start();
  }

  private start(): Hash | Hmac {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', this.secret);
  }
}

function toBuffer(data: string | ArrayBuffer | ArrayBufferView): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

/**
 * Splits a request target (`/bucket/key?a=b`) into the raw path and the decoded query, decoding
 * the query the way s3rver (Koa, node:querystring) does, so we verify what s3rver will act on.
 */
export function parseRequestTarget(target: string): { path: string; query: QueryParams } {
  const queryStart = target.indexOf('?');
  if (queryStart === -1) return { path: target, query: {} };
  return {
    path: target.slice(0, queryStart),
    query: { ...parseQueryString(target.slice(queryStart + 1)) },
  };
}

/** Entry point for the proxy: picks the auth mechanism the request uses. */
export function verifyRequest(
  request: ReceivedRequest,
  credentials: CredentialMap,
  now: Date = new Date(),
): Promise<Verdict> {
  const hasAuthorizationHeader = headerValue(request.headers, 'authorization') !== undefined;
  const hasQueryAuth = request.query['X-Amz-Algorithm'] !== undefined;
  if (hasAuthorizationHeader && hasQueryAuth) {
    return Promise.resolve(deny('AccessDenied', 'Only one auth mechanism allowed'));
  }
  if (hasQueryAuth) return verifyPresignedRequest(request, credentials, now);
  if (hasAuthorizationHeader) return verifyHeaderSignedRequest(request, credentials, now);
  return Promise.resolve(deny('AccessDenied', MESSAGES.unsigned));
}

/** Verifies a presigned (`X-Amz-*` query) request such as the URLs of `getSignedUrl`. */
export async function verifyPresignedRequest(
  request: ReceivedRequest,
  credentials: CredentialMap,
  now: Date = new Date(),
): Promise<Verdict> {
  const params = readPresignParams(request.query);
  if (typeof params === 'string') return deny('AccessDenied', params);

  const secret = credentials.get(params.scope.accessKeyId);
  if (secret === undefined) return deny('InvalidAccessKeyId', MESSAGES.unknownKey);

  const unsigned = unsignedAmzHeaders(request.headers, params.signedHeaders);
  if (unsigned.length > 0) return deny('AccessDenied', `${MESSAGES.unsignedHeaders}: ${unsigned.join(', ')}`);

  const expected = await computeSignature(request, {
    ...params,
    secret,
    // Presigned URLs carry no body hash unless the signer put one in the query.
    payloadHash: singleValue(request.query['X-Amz-Content-Sha256']) ?? UNSIGNED_PAYLOAD,
  });
  if (!signaturesMatch(expected, params.signature)) {
    return deny('SignatureDoesNotMatch', MESSAGES.mismatch);
  }

  const expiresAt = params.signedAt.getTime() + params.expiresInSeconds * 1000;
  if (expiresAt < now.getTime()) return deny('AccessDenied', MESSAGES.expired);

  return { ok: true, accessKeyId: params.scope.accessKeyId };
}

/** Verifies a request signed in the `Authorization` header, as S3Client sends them. */
export async function verifyHeaderSignedRequest(
  request: ReceivedRequest,
  credentials: CredentialMap,
  now: Date = new Date(),
): Promise<Verdict> {
  const params = readAuthorizationHeader(request.headers);
  if (typeof params === 'string') return deny('AccessDenied', params);

  const secret = credentials.get(params.scope.accessKeyId);
  if (secret === undefined) return deny('InvalidAccessKeyId', MESSAGES.unknownKey);

  const unsigned = unsignedAmzHeaders(request.headers, params.signedHeaders);
  if (unsigned.length > 0) return deny('AccessDenied', `${MESSAGES.unsignedHeaders}: ${unsigned.join(', ')}`);

  const expected = await computeSignature(request, { ...params, secret });
  if (!signaturesMatch(expected, params.signature)) {
    return deny('SignatureDoesNotMatch', MESSAGES.mismatch);
  }

  if (Math.abs(now.getTime() - params.signedAt.getTime()) > MAX_CLOCK_SKEW_MS) {
    return deny('RequestTimeTooSkewed', MESSAGES.skewed);
  }

  return { ok: true, accessKeyId: params.scope.accessKeyId };
}

/** S3-style XML error body. */
export function errorXml(code: string, message: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<Error><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error>`
  );
}

// ---------------------------------------------------------------------------------------------
// Reading the claimed signing parameters

interface CredentialScope {
  accessKeyId: string;
  shortDate: string;
  region: string;
}

interface SigningParams {
  scope: CredentialScope;
  longDate: string;
  signedAt: Date;
  signedHeaders: string[];
  signature: string;
}

interface PresignParams extends SigningParams {
  expiresInSeconds: number;
}

interface HeaderSignParams extends SigningParams {
  payloadHash: string;
}

/** Returns the parameters, or the reason they are unusable. */
function readPresignParams(query: QueryParams): PresignParams | string {
  const algorithm = singleValue(query['X-Amz-Algorithm']);
  const credential = singleValue(query['X-Amz-Credential']);
  const longDate = singleValue(query['X-Amz-Date']);
  const expires = singleValue(query['X-Amz-Expires']);
  const signedHeaders = singleValue(query['X-Amz-SignedHeaders']);
  const signature = singleValue(query['X-Amz-Signature']);
  if (
    credential === undefined ||
    longDate === undefined ||
    expires === undefined ||
    signedHeaders === undefined ||
    signature === undefined
  ) {
    return (
      'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, ' +
      'X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.'
    );
  }
  if (algorithm !== ALGORITHM_IDENTIFIER) return `X-Amz-Algorithm only supports "${ALGORITHM_IDENTIFIER}"`;
  if (!/^\d{1,7}$/.test(expires)) return 'X-Amz-Expires must be a non-negative integer';
  const expiresInSeconds = Number(expires);
  if (expiresInSeconds > MAX_PRESIGNED_TTL) {
    return (
      'X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires ' +
      `must be less than ${MAX_PRESIGNED_TTL} seconds`
    );
  }
  const common = readCommonParams(credential, longDate, signedHeaders, signature);
  if (typeof common === 'string') return common;
  return { ...common, expiresInSeconds };
}

function readAuthorizationHeader(headers: RequestHeaders): HeaderSignParams | string {
  const authorization = headerValue(headers, 'authorization') ?? '';
  const prefix = `${ALGORITHM_IDENTIFIER} `;
  if (!authorization.startsWith(prefix)) return 'Unsupported Authorization Type';
  const fields = new Map<string, string>();
  for (const part of authorization.slice(prefix.length).split(',')) {
    const separator = part.indexOf('=');
    if (separator === -1) return 'The authorization header is malformed';
    fields.set(part.slice(0, separator).trim(), part.slice(separator + 1).trim());
  }
  const credential = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (credential === undefined || signedHeaders === undefined || signature === undefined) {
    return 'The authorization header requires three components: Credential, SignedHeaders, and Signature.';
  }

  const payloadHash = headerValue(headers, 'x-amz-content-sha256');
  if (payloadHash === undefined) return 'Missing required header for this request: x-amz-content-sha256';

  const longDate = headerValue(headers, 'x-amz-date') ?? longDateFromHttpDate(headerValue(headers, 'date'));
  if (longDate === undefined) return 'AWS authentication requires a valid Date or x-amz-date header';

  const common = readCommonParams(credential, longDate, signedHeaders, signature);
  if (typeof common === 'string') return common;
  return { ...common, payloadHash };
}

function readCommonParams(
  credential: string,
  longDate: string,
  signedHeaderList: string,
  signature: string,
): SigningParams | string {
  const signedAt = parseLongDate(longDate);
  if (signedAt === undefined) return 'X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd\'T\'HHmmss\'Z\'"';
  const scope = parseCredential(credential);
  if (scope === undefined) return `Error parsing the Credential parameter: ${credential}`;
  if (scope.shortDate !== longDate.slice(0, 8)) {
    return 'The date in the credential scope does not match the request date';
  }
  const signedHeaders = signedHeaderList.split(';');
  if (!signedHeaders.includes('host')) return 'The host header must be signed';
  if (signedHeaders.some((name) => name === '' || name !== name.toLowerCase())) {
    return 'SignedHeaders must be a list of lower-case header names';
  }
  return { scope, longDate, signedAt, signedHeaders, signature };
}

/** `<key id>/<yyyymmdd>/<region>/s3/aws4_request` */
function parseCredential(credential: string): CredentialScope | undefined {
  const [accessKeyId, shortDate, region, service, terminator, ...rest] = credential.split('/');
  if (rest.length > 0 || !accessKeyId || !shortDate || !region) return undefined;
  if (service !== SERVICE || terminator !== SCOPE_TERMINATOR) return undefined;
  return { accessKeyId, shortDate, region };
}

/** Strict `yyyyMMddTHHmmssZ`; rejects dates that do not round-trip (e.g. month 13). */
function parseLongDate(longDate: string): Date | undefined {
  const match = LONG_DATE_PATTERN.exec(longDate);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [
    number, number, number, number, number, number,
  ];
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  return toLongDate(date) === longDate ? date : undefined;
}

function longDateFromHttpDate(httpDate: string | undefined): string | undefined {
  if (httpDate === undefined) return undefined;
  const time = Date.parse(httpDate);
  return Number.isNaN(time) ? undefined : toLongDate(new Date(time));
}

function toLongDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

// ---------------------------------------------------------------------------------------------
// Recomputing the signature

/**
 * Exposes the canonical-request and string-to-sign steps of the SDK's signer, so the
 * verification builds exactly what the client built, limited to the headers it says it signed.
 */
class SignatureRecomputer extends SignatureV4 {
  constructor(accessKeyId: string, secretAccessKey: string, region: string) {
    // S3 signs the path as sent, without a second URI-encoding.
    super({ service: SERVICE, region, credentials: { accessKeyId, secretAccessKey }, sha256: Sha256, uriEscapePath: false });
  }

  async recompute(
    request: ReceivedRequest,
    canonicalHeaders: Record<string, string>,
    payloadHash: string,
    longDate: string,
    scope: string,
    signedAt: Date,
  ): Promise<string> {
    const canonicalRequest = this.createCanonicalRequest(
      {
        method: request.method.toUpperCase(),
        protocol: 'http:',
        hostname: '',
        path: request.path,
        query: definedQuery(request.query),
        headers: canonicalHeaders,
      },
      canonicalHeaders,
      payloadHash,
    );
    const stringToSign = await this.createStringToSign(longDate, scope, canonicalRequest, ALGORITHM_IDENTIFIER);
    return this.sign(stringToSign, { signingDate: signedAt });
  }
}

async function computeSignature(
  request: ReceivedRequest,
  params: SigningParams & { secret: string; payloadHash: string },
): Promise<string | undefined> {
  const canonicalHeaders = pickSignedHeaders(request.headers, params.signedHeaders);
  if (canonicalHeaders === undefined) return undefined; // a signed header is missing
  const { accessKeyId, shortDate, region } = params.scope;
  const scope = `${shortDate}/${region}/${SERVICE}/${SCOPE_TERMINATOR}`;
  const recomputer = new SignatureRecomputer(accessKeyId, params.secret, region);
  return recomputer.recompute(request, canonicalHeaders, params.payloadHash, params.longDate, scope, params.signedAt);
}

/** Canonical values (trimmed, inner spaces collapsed, repeats joined by ",") of the signed headers. */
function pickSignedHeaders(headers: RequestHeaders, signedHeaders: string[]): Record<string, string> | undefined {
  const entries: [string, string][] = [];
  for (const name of signedHeaders) {
    const values = headerValues(headers, name);
    if (values.length === 0) return undefined;
    entries.push([name, values.map((value) => value.replace(/\s+/g, ' ').trim()).join(',')]);
  }
  // fromEntries (not assignment) so a "__proto__" name stays an ordinary key
  return Object.fromEntries(entries);
}

/** Real S3 refuses x-amz-* headers that are sent but not covered by the signature. */
function unsignedAmzHeaders(headers: RequestHeaders, signedHeaders: string[]): string[] {
  return Object.keys(headers)
    .map((name) => name.toLowerCase())
    .filter((name) => name.startsWith('x-amz-') && !signedHeaders.includes(name));
}

function signaturesMatch(expected: string | undefined, provided: string): boolean {
  if (expected === undefined) return false;
  const expectedBytes = Buffer.from(expected, 'utf8');
  const providedBytes = Buffer.from(provided, 'utf8');
  return expectedBytes.length === providedBytes.length && timingSafeEqual(expectedBytes, providedBytes);
}

// ---------------------------------------------------------------------------------------------
// Small helpers

function deny(code: S3ErrorCode, message: string): Verdict {
  return { ok: false, code, message };
}

/** An auth parameter must appear exactly once. */
function singleValue(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function headerValues(headers: RequestHeaders, name: string): string[] {
  const values: string[] = [];
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name || value === undefined) continue;
    values.push(...(Array.isArray(value) ? value : [value]));
  }
  return values;
}

function headerValue(headers: RequestHeaders, name: string): string | undefined {
  const values = headerValues(headers, name);
  return values.length > 0 ? values.join(',') : undefined;
}

function definedQuery(query: QueryParams): Record<string, string | string[]> {
  return Object.fromEntries(
    Object.entries(query).filter((entry): entry is [string, string | string[]] => entry[1] !== undefined),
  );
}

