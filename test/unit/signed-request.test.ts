/**
 * The signed requests that replace SDK clients, against a loopback server standing in for Secrets Manager: no
 * emulator here speaks it, and on the local stack the secrets come from a file, so this is where the AWS path of
 * `secret()` is proven. (SES, Lambda and S3 presigning run against their emulators in the integration tests.)
 */
import { createHash } from 'node:crypto';
import { awsJsonRequest } from '../../functions/common/aws/signed-request';
import { isTransient } from '../../functions/common/http';
import type * as S3 from '../../functions/common/aws/s3';
import type * as Secrets from '../../functions/common/secrets';
import type { AwsStandIn, Seen } from './aws-stand-in';
import { SIGNING_ENVIRONMENT, startAwsStandIn } from './aws-stand-in';

let standIn: AwsStandIn;

beforeAll(async () => {
  standIn = await startAwsStandIn('application/x-amz-json-1.1');
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_SECRETS_MANAGER: standIn.url,
    ...SIGNING_ENVIRONMENT,
    CODE_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:codes-AbCdEf',
    AWS_ENDPOINT_URL_S3: standIn.url,
    BUCKET_NAME: 'unit-videos',
  });
  delete process.env.SECRETS_FILE;
});

afterAll(() => standIn.close());

beforeEach(() => {
  standIn.seen.length = 0;
});

/** `secret` of a fresh module, as in a new instance: a fetched secret is cached for the instance's life. */
function freshSecret(): typeof Secrets.secret {
  jest.resetModules();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../../functions/common/secrets') as typeof Secrets).secret;
}

it('fetches a secret with one signed GetSecretValue call and caches it', async () => {
  standIn.answers = [{ status: 200, body: JSON.stringify({ SecretString: 'the-codes-key' }) }];
  const secret = freshSecret();
  expect((await secret('codes')).toString('utf8')).toBe('the-codes-key');
  expect((await secret('codes')).toString('utf8')).toBe('the-codes-key');
  expect(standIn.seen).toHaveLength(1);
  const [{ headers, body }] = standIn.seen as [Seen];
  expect(headers['x-amz-target']).toBe('secretsmanager.GetSecretValue');
  expect(JSON.parse(body)).toEqual({ SecretId: process.env.CODE_SECRET_ARN });
  expect(headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIAUNITTEST\/\d{8}\/eu-west-1\/secretsmanager\/aws4_request, SignedHeaders=[^,]*x-amz-target[^,]*, Signature=[0-9a-f]{64}$/);
  expect(headers['x-amz-security-token']).toBe('unit-test-session');
});

it('retries a throttled or failed call once, then reports it as transient (503 for the caller)', async () => {
  standIn.answers = [
    { status: 500, body: '<html>bad gateway</html>' },
    { status: 200, body: JSON.stringify({ SecretString: 'after-retry' }) },
  ];
  expect((await freshSecret()('codes')).toString('utf8')).toBe('after-retry');

  standIn.answers = [
    { status: 400, body: JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' }), headers: {} },
    { status: 429, body: '' },
  ];
  const throttled = await freshSecret()('codes').catch((error: unknown) => error);
  expect(isTransient(throttled)).toBe(true);
});

it('names a service error as the SDK would, and does not retry it', async () => {
  standIn.answers = [{ status: 400, body: JSON.stringify({ __type: 'com.amazonaws#ResourceNotFoundException', Message: 'No such secret' }) }];
  const missing = (await freshSecret()('codes').catch((error: unknown) => error)) as Error & { $metadata: { httpStatusCode: number } };
  expect([missing.name, missing.message, missing.$metadata.httpStatusCode]).toEqual(['ResourceNotFoundException', 'No such secret', 400]);
  expect(isTransient(missing)).toBe(false);
  expect(standIn.seen).toHaveLength(1);
});

it('tries a call that is not idempotent again only when it surely did nothing: throttled, not failed', async () => {
  const service = { signingName: 'secretsmanager', endpointPrefix: 'secretsmanager', endpointEnv: 'AWS_ENDPOINT_URL_SECRETS_MANAGER' };
  const once = { method: 'POST', path: '/', body: {}, idempotent: false };
  standIn.answers = [{ status: 500, body: '' }];
  await expect(awsJsonRequest(service, once)).rejects.toMatchObject({ $metadata: { httpStatusCode: 500 } });
  expect(standIn.seen).toHaveLength(1);

  standIn.seen.length = 0;
  standIn.answers = [
    { status: 429, body: '' },
    { status: 200, body: '{"sent":true}' },
  ];
  await expect(awsJsonRequest(service, once)).resolves.toEqual({ sent: true });
  expect(standIn.seen).toHaveLength(2);
});

it('treats an S3 answer carrying an <Error> document as that error, also with status 200', async () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { s3Request } = require('../../functions/common/aws/s3') as typeof S3;
  const error = (code: string) => `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>It &amp; failed</Message></Error>`;
  standIn.answers = [
    { status: 200, body: error('InvalidPart') },
    { status: 404, body: error('NoSuchUpload') },
    { status: 200, body: '<?xml version="1.0"?><InitiateMultipartUploadResult><UploadId>up-1</UploadId></InitiateMultipartUploadResult>' },
  ];
  const post = { method: 'POST', query: { uploadId: 'up-1' }, body: '<CompleteMultipartUpload/>' };
  await expect(s3Request('videos/v/web.mp4', post)).rejects.toMatchObject({ name: 'InvalidPart', message: 'It & failed', $metadata: { httpStatusCode: 200 } });
  await expect(s3Request('videos/v/web.mp4', post)).rejects.toMatchObject({ name: 'NoSuchUpload', $metadata: { httpStatusCode: 404 } });
  expect((await s3Request('videos/v/web.mp4', { method: 'POST', query: { uploads: '' } })).text).toContain('<UploadId>up-1</UploadId>');
  expect(standIn.seen).toHaveLength(3);
  expect(standIn.seen[0]!.headers['x-amz-content-sha256']).toBe(createHash('sha256').update(post.body).digest('hex'));
});
