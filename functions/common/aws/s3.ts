/**
 * The video bucket through signed requests (see signed-request.ts for why not the SDK client): presigned links for
 * downloads and upload parts, and the few REST calls of a multipart upload. Locally AWS_ENDPOINT_URL_S3 points at
 * the signature-checking front of s3rver, with path-style addressing.
 */
import { createHash } from 'node:crypto';
import { requiredEnv } from '../config';
import type { Answer, Call } from './signed-request';
import { AwsServiceError, escape, queryString, region, signedFetch, signerFor, unsignedRequest } from './signed-request';
import { xmlText } from './xml';

export const bucketName = requiredEnv('BUCKET_NAME');

const SIGNING_NAME = 's3';
/** An answer whose document is an error, whatever its status. */
const ERROR_DOCUMENT = /^\s*(<\?xml[^>]*\?>\s*)?<Error>/;
const ENDPOINT_ENV = 'AWS_ENDPOINT_URL_S3';

/** Virtual-hosted addressing on AWS; path-style where an endpoint is set (the emulator). */
function location(key: string): { endpoint: URL; path: string } {
  const custom = process.env[ENDPOINT_ENV];
  const encodedKey = key.split('/').map(escape).join('/');
  if (custom) return { endpoint: new URL(custom), path: `/${bucketName}/${encodedKey}` };
  return { endpoint: new URL(`https://${bucketName}.s3.${region()}.amazonaws.com`), path: `/${encodedKey}` };
}

/**
 * One S3 REST call on an object (a multipart upload's steps, a HEAD, a DELETE). S3's errors are XML with the
 * error's name in `<Code>`, and some calls (CompleteMultipartUpload) answer 200 with an `<Error>` body: both are
 * thrown as errors of that name.
 */
export async function s3Request(
  key: string,
  request: { method: string; query?: Record<string, string>; headers?: Record<string, string>; body?: string; timeoutMs?: number },
): Promise<Answer> {
  const { endpoint, path } = location(key);
  const payloadHash = createHash('sha256').update(request.body ?? '').digest('hex');
  const call: Call = { ...request, path, headers: { ...request.headers, 'x-amz-content-sha256': payloadHash } };
  const errorOf = ({ text, status }: Answer): [string, string] => {
    const name = xmlText(text, 'Code') ?? (status === 404 ? 'NotFound' : 'UnknownError');
    return [name, xmlText(text, 'Message') ?? `${name} (${status})`];
  };
  const answer = await signedFetch(SIGNING_NAME, endpoint, call, errorOf);
  if (ERROR_DOCUMENT.test(answer.text)) throw new AwsServiceError(...errorOf(answer), answer.status);
  return answer;
}

/**
 * A presigned S3 URL (a download, an upload part), as the SDK's presigner makes it: the payload unsigned, the
 * query (`response-*` overrides, part number) signed.
 */
export async function presignS3(options: {
  method: 'GET' | 'PUT';
  key: string;
  query?: Record<string, string>;
  expiresIn: number;
  signingDate?: Date;
}): Promise<string> {
  const { endpoint, path } = location(options.key);
  const request = unsignedRequest(endpoint, { method: options.method, path, query: options.query, headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } });
  const signed = await signerFor(SIGNING_NAME).presign(request, {
    expiresIn: options.expiresIn,
    ...(options.signingDate && { signingDate: options.signingDate }),
    unsignableHeaders: new Set(['content-type']),
  });
  return `${endpoint.origin}${signed.path}?${queryString(signed.query)}`;
}
