/**
 * Runs local/s3-emulator.ts as a child process on a free port, against a throw-away
 * directory, and checks that it serves genuine requests and refuses tampered ones.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

const BUCKET = 'emulator-test';
const EMULATOR = resolve(__dirname, '../../local/s3-emulator.ts');

let child: ChildProcessWithoutNullStreams;
let directory: string;
let endpoint: string;

function client(secretAccessKey = 'S3RVER'): S3Client {
  return new S3Client({
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 1,
  });
}

/** Resolves with the port of the `READY {"port":n}` line. */
function waitForReady(process: ChildProcessWithoutNullStreams): Promise<number> {
  return new Promise((resolvePort, reject) => {
    let output = '';
    let errors = '';
    process.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    process.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /^READY (\{.*\})$/m.exec(output);
      if (match?.[1]) resolvePort((JSON.parse(match[1]) as { port: number }).port);
    });
    process.once('exit', (code) => reject(new Error(`emulator exited with ${code}: ${errors}`)));
  });
}

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 's3-emulator-test-'));
  child = spawn(process.execPath, ['--import', 'tsx', EMULATOR, '--port', '0', '--directory', directory], {
    cwd: resolve(__dirname, '../..'),
    stdio: 'pipe',
  });
  endpoint = `http://127.0.0.1:${await waitForReady(child)}`;
  await client().send(new CreateBucketCommand({ Bucket: BUCKET }));
});

afterAll(async () => {
  if (child.exitCode === null) {
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
  }
  rmSync(directory, { recursive: true, force: true });
});

describe('s3 emulator', () => {
  const body = Buffer.from('broadcast master \u00e9\n'.repeat(1000));
  const key = 'videos/clip one.mp4';

  beforeAll(async () => {
    await client().send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body, ContentType: 'video/mp4' }));
  });

  it('serves a genuine presigned GET', async () => {
    const command = new GetObjectCommand({
      Bucket: BUCKET,
      Key: key,
      ResponseContentDisposition: 'attachment; filename="clip one.mp4"',
    });
    const url = await getSignedUrl(client(), command, { expiresIn: 60 });
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="clip one.mp4"');
    expect(Buffer.from(await response.arrayBuffer()).equals(body)).toBe(true);
  });

  it('refuses a tampered presigned GET with an S3 error document', async () => {
    const url = await getSignedUrl(client(), new GetObjectCommand({ Bucket: BUCKET, Key: key }), { expiresIn: 60 });
    const response = await fetch(url.replace('clip%20one', 'clip%20two'));
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toBe('application/xml');
    expect(await response.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
  });

  it('refuses unsigned requests and a wrong secret', async () => {
    const unsigned = await fetch(`${endpoint}/${BUCKET}/videos/clip%20one.mp4`);
    expect(unsigned.status).toBe(403);
    await expect(client('wrong').send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 403 },
    });
    await expect(
      client('wrong').send(new PutObjectCommand({ Bucket: BUCKET, Key: 'intruder.txt', Body: 'x' })),
    ).rejects.toMatchObject({ name: 'SignatureDoesNotMatch' });
  });

  it('completes a multipart upload made through presigned UploadPart URLs', async () => {
    const target = 'videos/multipart.mxf';
    const { UploadId } = await client().send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: target }));
    const parts = [Buffer.alloc(5 * 1024 * 1024, 7), Buffer.from([42])];

    const etags: string[] = [];
    for (const [index, part] of parts.entries()) {
      const command = new UploadPartCommand({ Bucket: BUCKET, Key: target, UploadId, PartNumber: index + 1 });
      const url = await getSignedUrl(client(), command, { expiresIn: 60 });
      const response = await fetch(url, { method: 'PUT', body: part });
      expect(response.status).toBe(200);
      etags.push(response.headers.get('etag') ?? '');
    }

    await client().send(
      new CompleteMultipartUploadCommand({
        Bucket: BUCKET,
        Key: target,
        UploadId,
        MultipartUpload: { Parts: etags.map((ETag, index) => ({ ETag, PartNumber: index + 1 })) },
      }),
    );
    const head = await client().send(new HeadObjectCommand({ Bucket: BUCKET, Key: target }));
    expect(head.ContentLength).toBe(5 * 1024 * 1024 + 1);
  });
});
