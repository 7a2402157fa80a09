import { S3Client } from '@aws-sdk/client-s3';
import { requiredEnv } from '../config';

export const bucketName = requiredEnv('BUCKET_NAME');

/**
 * One client per instance. Checksums only where S3 requires them: presigned part URLs must not carry the
 * checksum of an empty body (S3 would refuse every part), and s3rver stores streamed checksummed bodies
 * corrupted. Path-style addressing is for the local emulator only.
 */
export const s3 = new S3Client({
  forcePathStyle: process.env.S3_FORCE_PATH_STYLE === 'true',
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
  maxAttempts: 2,
  requestHandler: { connectionTimeout: 1_000, requestTimeout: 10_000 },
});
