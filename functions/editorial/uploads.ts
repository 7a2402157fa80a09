/**
 * Multipart uploads of renditions: S3 holds the parts, the table holds the pending upload (which file, what size
 * was announced) until it is completed. Starting again with the same announcement gives the same upload back,
 * with fresh part URLs: that is how an interrupted upload resumes.
 */
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamodb, tableName } from '../shared/aws/dynamodb';
import { presignS3, s3Request } from '../shared/aws/s3';
import { escapeXml, xmlText } from '../shared/aws/xml';
import { extensionFor, videoObjectKey } from '../shared/bucket';
import { HttpError } from '../shared/errors';
import { partCount, partSizeFor } from './multipart';

export interface PendingUpload {
  uploadId: string;
  key: string;
  contentType: string;
  sizeBytes: number;
  partSize: number;
  width?: number;
  height?: number;
}

/** Part URLs live long enough for a large file on a slow line; a resumed run asks for fresh ones. */
const PART_URL_SECONDS = 6 * 3600;

export const pendingUploadKey = (videoId: string, rendition: string) => ({ pk: `VIDEO#${videoId}`, sk: `UPLOAD#${rendition}` });

export async function loadPendingUpload(videoId: string, rendition: string): Promise<PendingUpload | undefined> {
  const { Item } = await dynamodb.send(new GetCommand({ TableName: tableName, Key: pendingUploadKey(videoId, rendition), ConsistentRead: true }));
  return Item as PendingUpload | undefined;
}

const sameAnnouncement = (pending: PendingUpload, wanted: Omit<PendingUpload, 'uploadId' | 'key' | 'partSize'>): boolean =>
  pending.sizeBytes === wanted.sizeBytes && pending.contentType === wanted.contentType;

export async function startUpload(videoId: string, rendition: string, wanted: Omit<PendingUpload, 'uploadId' | 'key' | 'partSize'>) {
  let pending = await loadPendingUpload(videoId, rendition);
  if (!pending || !sameAnnouncement(pending, wanted)) {
    if (pending) await s3Request(pending.key, { method: 'DELETE', query: { uploadId: pending.uploadId } }).catch(() => undefined);
    const key = videoObjectKey(videoId, rendition, extensionFor(wanted.contentType));
    const created = await s3Request(key, { method: 'POST', query: { uploads: '' }, headers: { 'content-type': wanted.contentType } });
    const uploadId = xmlText(created.text, 'UploadId');
    if (!uploadId) throw new Error('S3 started a multipart upload without an UploadId');
    pending = { ...wanted, uploadId, key, partSize: partSizeFor(wanted.sizeBytes) };
    await dynamodb.send(new PutCommand({ TableName: tableName, Item: { ...pendingUploadKey(videoId, rendition), ...pending } }));
  }
  const { uploadId, key, partSize } = pending;
  const parts = await Promise.all(
    Array.from({ length: partCount(pending.sizeBytes, partSize) }, async (_, index) => ({
      partNumber: index + 1,
      url: await presignS3({
        method: 'PUT',
        key,
        query: { partNumber: String(index + 1), uploadId },
        expiresIn: PART_URL_SECONDS,
      }),
    })),
  );
  return { name: rendition, uploadId, partSize, parts };
}

const uploadIncomplete = (message: string): HttpError => new HttpError(400, 'upload_incomplete', message);

/** S3's answers to a completion with missing, wrong or too small parts. */
const PART_ERRORS = new Set(['InvalidPart', 'InvalidPartOrder', 'EntityTooSmall', 'NoSuchUpload']);

/**
 * Asks S3 to assemble the parts, then checks the object has the announced size; a file of another size is
 * deleted rather than served as the rendition.
 */
export async function completeUpload(videoId: string, rendition: string, pending: PendingUpload, parts: { partNumber: number; etag: string }[]): Promise<void> {
  // An upload S3 no longer has, or a file of the wrong size, cannot be finished: the next start begins afresh.
  const forget = () => dynamodb.send(new DeleteCommand({ TableName: tableName, Key: pendingUploadKey(videoId, rendition) }));
  const sorted = [...parts].sort((a, b) => a.partNumber - b.partNumber);
  const manifest = sorted.map(({ partNumber, etag }) => `<Part><PartNumber>${partNumber}</PartNumber><ETag>${escapeXml(etag)}</ETag></Part>`).join('');
  try {
    await s3Request(pending.key, {
      method: 'POST',
      query: { uploadId: pending.uploadId },
      headers: { 'content-type': 'application/xml' },
      body: `<CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${manifest}</CompleteMultipartUpload>`,
      // S3 may take seconds to assemble a thousand parts; the function itself has 10.
      timeoutMs: 8_000,
    });
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'NoSuchUpload') await forget();
    if (PART_ERRORS.has(name)) throw uploadIncomplete('S3 could not assemble the parts: some are missing or do not match their ETags.');
    throw error;
  }
  const head = await s3Request(pending.key, { method: 'HEAD' });
  const size = Number(head.headers.get('content-length') ?? 0);
  if (size !== pending.sizeBytes) {
    await s3Request(pending.key, { method: 'DELETE' });
    await forget();
    throw uploadIncomplete(`The uploaded file has ${size} bytes, not the ${pending.sizeBytes} announced.`);
  }
}
