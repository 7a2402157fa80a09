import {
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { HttpRequest } from '@smithy/types';
import {
  errorXml,
  parseRequestTarget,
  verifyHeaderSignedRequest,
  verifyPresignedRequest,
  verifyRequest,
  type CredentialMap,
  type ReceivedRequest,
  type RequestHeaders,
} from '../../local/s3-signature';

const ENDPOINT_HOST = '127.0.0.1:4569';
const CREDENTIALS: CredentialMap = new Map([['S3RVER', 'S3RVER']]);
const SIGNED_AT = new Date('2026-03-01T12:00:00Z');
const EXPIRES_IN = 300;
const DURING_VALIDITY = new Date(SIGNED_AT.getTime() + 60_000);

function s3Client(options: Partial<ConstructorParameters<typeof S3Client>[0]> = {}): S3Client {
  return new S3Client({
    region: 'us-east-1',
    endpoint: `http://${ENDPOINT_HOST}`,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    maxAttempts: 1,
    ...options,
  });
}

/** The request the emulator would see for a fetch() of this URL. */
function requestFor(url: string, method = 'GET', headers: RequestHeaders = {}): ReceivedRequest {
  const parsed = new URL(url);
  const { path, query } = parseRequestTarget(`${parsed.pathname}${parsed.search}`);
  return { method, path, query, headers: { host: parsed.host, ...headers } };
}

function presignedDownloadUrl(): Promise<string> {
  const command = new GetObjectCommand({
    Bucket: 'videos',
    Key: 'broadcast/clip one.mp4',
    ResponseContentDisposition: 'attachment; filename="clip one.mp4"',
  });
  return getSignedUrl(s3Client(), command, { expiresIn: EXPIRES_IN, signingDate: SIGNED_AT });
}

function withQueryParam(url: string, name: string, value: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set(name, value);
  return parsed.toString();
}

describe('verifyPresignedRequest', () => {
  it('accepts a genuine presigned GET with response-content-disposition', async () => {
    const url = await presignedDownloadUrl();
    await expect(verifyPresignedRequest(requestFor(url), CREDENTIALS, DURING_VALIDITY)).resolves.toEqual({
      ok: true,
      accessKeyId: 'S3RVER',
    });
  });

  it('accepts a genuine presigned UploadPart PUT', async () => {
    const command = new UploadPartCommand({ Bucket: 'videos', Key: 'raw/master.mxf', UploadId: 'abc+/=', PartNumber: 2 });
    const url = await getSignedUrl(s3Client({ requestChecksumCalculation: 'WHEN_REQUIRED' }), command, {
      expiresIn: EXPIRES_IN,
      signingDate: SIGNED_AT,
    });
    const request = requestFor(url, 'PUT', { 'content-length': '5242880' });
    expect(request.query).toMatchObject({ partNumber: '2', uploadId: 'abc+/=' });
    await expect(verifyPresignedRequest(request, CREDENTIALS, DURING_VALIDITY)).resolves.toMatchObject({ ok: true });
  });

  it('accepts the URL re-serialized by URLSearchParams (control for the tampering helper)', async () => {
    const url = withQueryParam(await presignedDownloadUrl(), 'x-id', 'GetObject');
    expect(url).toContain('filename%3D%22clip+one.mp4'); // spaces now "+", decoded as s3rver does
    await expect(verifyPresignedRequest(requestFor(url), CREDENTIALS, DURING_VALIDITY)).resolves.toMatchObject({ ok: true });
  });

  it('also accepts the same URL through verifyRequest', async () => {
    const url = await presignedDownloadUrl();
    await expect(verifyRequest(requestFor(url), CREDENTIALS, DURING_VALIDITY)).resolves.toMatchObject({ ok: true });
  });

  describe('refuses a tampered URL', () => {
    const tamperings: [string, (url: string) => string][] = [
      ['changed signature', (url) => url.replace(/X-Amz-Signature=([0-9a-f])/, (_, c: string) => `X-Amz-Signature=${c === '0' ? '1' : '0'}`)],
      ['signature replaced by garbage', (url) => withQueryParam(url, 'X-Amz-Signature', 'not-a-signature')],
      ['changed key', (url) => url.replace('clip%20one.mp4', 'clip%20two.mp4')],
      ['changed bucket', (url) => url.replace('/videos/', '/private/')],
      ['changed X-Amz-Expires', (url) => withQueryParam(url, 'X-Amz-Expires', '3600')],
      ['added query parameter', (url) => `${url}&versionId=123`],
      ['changed response-content-disposition', (url) => withQueryParam(url, 'response-content-disposition', 'inline')],
      ['removed query parameter', (url) => url.replace(/&x-id=GetObject/, '')],
      ['changed X-Amz-Date', (url) => withQueryParam(url, 'X-Amz-Date', '20260301T120100Z')],
    ];

    it.each(tamperings)('%s', async (_name, tamper) => {
      const url = tamper(await presignedDownloadUrl());
      expect(url).not.toBe(await presignedDownloadUrl());
      await expect(verifyPresignedRequest(requestFor(url), CREDENTIALS, DURING_VALIDITY)).resolves.toEqual({
        ok: false,
        code: 'SignatureDoesNotMatch',
        message: expect.stringContaining('does not match') as unknown,
      });
    });

    it('changed method', async () => {
      const url = await presignedDownloadUrl();
      await expect(verifyPresignedRequest(requestFor(url, 'DELETE'), CREDENTIALS, DURING_VALIDITY)).resolves.toMatchObject({
        ok: false,
        code: 'SignatureDoesNotMatch',
      });
    });

    it('different Host header', async () => {
      const url = await presignedDownloadUrl();
      const request = requestFor(url, 'GET', { host: 'localhost:4569' });
      await expect(verifyPresignedRequest(request, CREDENTIALS, DURING_VALIDITY)).resolves.toMatchObject({
        ok: false,
        code: 'SignatureDoesNotMatch',
      });
    });
  });

  it('refuses a URL signed with the wrong secret', async () => {
    const url = await presignedDownloadUrl();
    const otherSecret: CredentialMap = new Map([['S3RVER', 'not-the-secret']]);
    await expect(verifyPresignedRequest(requestFor(url), otherSecret, DURING_VALIDITY)).resolves.toMatchObject({
      ok: false,
      code: 'SignatureDoesNotMatch',
    });
  });

  it('refuses an unknown access key', async () => {
    const url = await presignedDownloadUrl();
    const otherKeys: CredentialMap = new Map([['SOMEONE', 'ELSE']]);
    await expect(verifyPresignedRequest(requestFor(url), otherKeys, DURING_VALIDITY)).resolves.toMatchObject({
      ok: false,
      code: 'InvalidAccessKeyId',
    });
  });

  it('accepts until X-Amz-Date + X-Amz-Expires and refuses after', async () => {
    const url = await presignedDownloadUrl();
    const lastValid = new Date(SIGNED_AT.getTime() + EXPIRES_IN * 1000);
    const justAfter = new Date(lastValid.getTime() + 1000);
    await expect(verifyPresignedRequest(requestFor(url), CREDENTIALS, lastValid)).resolves.toMatchObject({ ok: true });
    await expect(verifyPresignedRequest(requestFor(url), CREDENTIALS, justAfter)).resolves.toEqual({
      ok: false,
      code: 'AccessDenied',
      message: 'Request has expired',
    });
  });

  it('refuses X-Amz-Expires above one week', async () => {
    const url = withQueryParam(await presignedDownloadUrl(), 'X-Amz-Expires', '604801');
    await expect(verifyPresignedRequest(requestFor(url), CREDENTIALS, DURING_VALIDITY)).resolves.toMatchObject({
      ok: false,
      code: 'AccessDenied',
      message: expect.stringContaining('604800') as unknown,
    });
  });

  it('refuses x-amz-* headers that were not signed', async () => {
    const url = await presignedDownloadUrl();
    const request = requestFor(url, 'GET', { 'x-amz-server-side-encryption': 'AES256' });
    await expect(verifyPresignedRequest(request, CREDENTIALS, DURING_VALIDITY)).resolves.toMatchObject({
      ok: false,
      code: 'AccessDenied',
      message: expect.stringContaining('not signed') as unknown,
    });
  });

  it('refuses a URL missing one of the X-Amz-* parameters', async () => {
    const url = (await presignedDownloadUrl()).replace(/&X-Amz-SignedHeaders=host/, '');
    await expect(verifyPresignedRequest(requestFor(url), CREDENTIALS, DURING_VALIDITY)).resolves.toMatchObject({
      ok: false,
      code: 'AccessDenied',
    });
  });
});

/** Lets S3Client build and sign a request, and captures it instead of sending it. */
async function headerSignedRequest(command: PutObjectCommand | GetObjectCommand): Promise<ReceivedRequest> {
  let captured: ReceivedRequest | undefined;
  const client = s3Client({
    requestChecksumCalculation: 'WHEN_REQUIRED',
    requestHandler: {
      handle: (request: HttpRequest) => {
        const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name.toLowerCase(), value]));
        const query = Object.fromEntries(
          Object.entries(request.query ?? {}).map(([name, value]) => [name, value ?? '']),
        );
        captured = { method: request.method, path: request.path, query, headers };
        return Promise.reject(new Error('captured'));
      },
      updateHttpClientConfig: () => undefined,
      httpHandlerConfigs: () => ({}),
    },
  });
  await expect(client.send(command)).rejects.toThrow('captured');
  if (!captured) throw new Error('request not captured');
  return captured;
}

describe('verifyHeaderSignedRequest', () => {
  const put = (): PutObjectCommand =>
    new PutObjectCommand({ Bucket: 'videos', Key: 'a/b c.txt', Body: 'hello', ContentType: 'text/plain', Metadata: { owner: 'desk' } });

  it('accepts a genuine S3Client request', async () => {
    const request = await headerSignedRequest(put());
    expect(request.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=S3RVER\//);
    await expect(verifyHeaderSignedRequest(request, CREDENTIALS, new Date())).resolves.toEqual({ ok: true, accessKeyId: 'S3RVER' });
    await expect(verifyRequest(request, CREDENTIALS, new Date())).resolves.toMatchObject({ ok: true });
  });

  it('accepts a genuine GetObject with a query', async () => {
    const request = await headerSignedRequest(new GetObjectCommand({ Bucket: 'videos', Key: 'k', ResponseContentType: 'video/mp4' }));
    await expect(verifyHeaderSignedRequest(request, CREDENTIALS, new Date())).resolves.toMatchObject({ ok: true });
  });

  it('refuses a changed signed header', async () => {
    const request = await headerSignedRequest(put());
    request.headers['x-amz-meta-owner'] = 'intruder';
    await expect(verifyHeaderSignedRequest(request, CREDENTIALS, new Date())).resolves.toMatchObject({
      ok: false,
      code: 'SignatureDoesNotMatch',
    });
  });

  it('refuses a changed payload hash header', async () => {
    const request = await headerSignedRequest(put());
    request.headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
    await expect(verifyHeaderSignedRequest(request, CREDENTIALS, new Date())).resolves.toMatchObject({
      ok: false,
      code: 'SignatureDoesNotMatch',
    });
  });

  it('refuses a changed path', async () => {
    const request = await headerSignedRequest(put());
    await expect(
      verifyHeaderSignedRequest({ ...request, path: '/videos/other.txt' }, CREDENTIALS, new Date()),
    ).resolves.toMatchObject({ ok: false, code: 'SignatureDoesNotMatch' });
  });

  it('refuses an added unsigned x-amz-* header', async () => {
    const request = await headerSignedRequest(put());
    request.headers['x-amz-acl'] = 'public-read';
    await expect(verifyHeaderSignedRequest(request, CREDENTIALS, new Date())).resolves.toMatchObject({
      ok: false,
      code: 'AccessDenied',
    });
  });

  it('refuses the wrong secret and unknown keys', async () => {
    const request = await headerSignedRequest(put());
    await expect(verifyHeaderSignedRequest(request, new Map([['S3RVER', 'nope']]), new Date())).resolves.toMatchObject({
      code: 'SignatureDoesNotMatch',
    });
    await expect(verifyHeaderSignedRequest(request, new Map([['OTHER', 'S3RVER']]), new Date())).resolves.toMatchObject({
      code: 'InvalidAccessKeyId',
    });
  });

  it('refuses a request signed more than 15 minutes away from now', async () => {
    const request = await headerSignedRequest(put());
    const later = new Date(Date.now() + 16 * 60_000);
    await expect(verifyHeaderSignedRequest(request, CREDENTIALS, later)).resolves.toMatchObject({
      ok: false,
      code: 'RequestTimeTooSkewed',
    });
  });
});

describe('verifyRequest', () => {
  it('refuses unsigned requests', async () => {
    const request = requestFor(`http://${ENDPOINT_HOST}/videos/clip.mp4`);
    await expect(verifyRequest(request, CREDENTIALS)).resolves.toEqual({ ok: false, code: 'AccessDenied', message: 'Access Denied' });
  });
});

describe('errorXml', () => {
  it('renders an S3 error document with escaped text', () => {
    expect(errorXml('AccessDenied', 'a < b & "c"')).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code>' +
        '<Message>a &lt; b &amp; &quot;c&quot;</Message></Error>',
    );
  });
});
