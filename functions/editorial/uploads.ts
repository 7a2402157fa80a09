/**
 * Multipart uploads of renditions: S3 holds the parts, the table holds the pending upload (which file, what size
 * was announced) until it is completed. Starting again with the same announcement gives the same upload back,
 * with fresh part URLs: that is how an interrupted upload resumes.
 *
 * Every upload writes a file of its own, so whatever happens to it (abandoned, aborted, the wrong size, beaten by
 * another) leaves the published file alone; only a complete upload of the announced size replaces it.
 */
import { DeleteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { RenditionRecord, VideoRecord } from '../catalogue/items';
import { dynamodb, tableName, unlessConditionFails } from '../common/aws/dynamodb';
import { presignS3, s3Request } from '../common/aws/s3';
import { escapeXml, xmlText } from '../common/aws/xml';
import { videoObjectKey } from '../common/bucket';
import { invalidRequest, Refusal } from '../common/errors';
import { logger } from '../common/logger';
import type { RenditionType } from '../common/rendition-types';
import { extensionOf } from '../common/rendition-types';
import { newId } from './ids';
import { partCount, partSizeFor } from './multipart';
import type { HistoryRecord } from './history';
import { loadVideo, recordRendition, savePendingUpload } from './store';

export interface PendingUpload {
  uploadId: string;
  key: string;
  contentType: RenditionType;
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

/** `record` is written only when a new upload starts: resuming one changes nothing. */
export async function startUpload(videoId: string, rendition: string, wanted: Omit<PendingUpload, 'uploadId' | 'key' | 'partSize'>, record: HistoryRecord) {
  let pending = await loadPendingUpload(videoId, rendition);
  if (!pending || !sameAnnouncement(pending, wanted)) {
    // Aborting drops only the replaced upload's parts, never a file: a completion of it in flight fails on its own.
    if (pending) await s3Request(pending.key, { method: 'DELETE', query: { uploadId: pending.uploadId } }).catch(() => undefined);
    const key = videoObjectKey(videoId, rendition, newId('upl'), extensionOf(wanted.contentType));
    const created = await s3Request(key, { method: 'POST', query: { uploads: '' }, headers: { 'content-type': wanted.contentType } });
    const uploadId = xmlText(created.text, 'UploadId');
    if (!uploadId) throw new Error('S3 started a multipart upload without an UploadId');
    pending = { ...wanted, uploadId, key, partSize: partSizeFor(wanted.sizeBytes) };
    await savePendingUpload({ ...pendingUploadKey(videoId, rendition), ...pending }, record);
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

const uploadIncomplete = (message: string): Refusal => new Refusal('upload_incomplete', message);

export const notPendingUpload = (): Refusal => invalidRequest([{ path: 'uploadId', message: 'This is not the pending upload of this rendition.' }]);

/** S3's answers to a completion with missing, wrong or too small parts. */
const PART_ERRORS = new Set(['InvalidPart', 'InvalidPartOrder', 'EntityTooSmall']);

const deleteObject = (key: string) => s3Request(key, { method: 'DELETE' });

/**
 * The object's size, or undefined if there is none. S3 answers 403 rather than 404 for a missing key to a caller
 * that may not list the bucket, and ours may not.
 */
async function objectSize(key: string): Promise<number | undefined> {
  try {
    const head = await s3Request(key, { method: 'HEAD' });
    return Number(head.headers.get('content-length') ?? 0);
  } catch (error) {
    if ([403, 404].includes((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 0)) return undefined;
    throw error;
  }
}

/** Forgets this pending upload, unless a newer one has taken its place meanwhile. */
async function forgetPendingUpload(videoId: string, rendition: string, uploadId: string): Promise<void> {
  await unlessConditionFails(
    dynamodb.send(
      new DeleteCommand({
        TableName: tableName,
        Key: pendingUploadKey(videoId, rendition),
        ConditionExpression: 'uploadId = :upload',
        ExpressionAttributeValues: { ':upload': uploadId },
      }),
    ),
  );
}

/**
 * Asks S3 to assemble the parts into the upload's own file, then checks the file has the announced size; a file
 * of another size is deleted (it is this upload's, never the published one) and the upload forgotten.
 */
export async function completeUpload(videoId: string, rendition: string, pending: PendingUpload, parts: { partNumber: number; etag: string }[]): Promise<void> {
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
    if (PART_ERRORS.has(name)) throw uploadIncomplete('S3 could not assemble the parts: some are missing or do not match their ETags.');
    // S3 no longer has the upload: either an earlier attempt assembled it (its answer was lost, or the function
    // ran out of time before recording it) or it was aborted. The file tells which.
    if (name !== 'NoSuchUpload') throw error;
  }
  const size = await objectSize(pending.key);
  if (size === undefined) {
    // It cannot be finished: the next start begins afresh.
    await forgetPendingUpload(videoId, rendition, pending.uploadId);
    throw uploadIncomplete('S3 no longer has this upload. Start it again.');
  }
  if (size !== pending.sizeBytes) {
    await deleteObject(pending.key);
    await forgetPendingUpload(videoId, rendition, pending.uploadId);
    throw uploadIncomplete(`The uploaded file has ${size} bytes, not the ${pending.sizeBytes} announced.`);
  }
}

/**
 * Makes an assembled upload the video's rendition, then deletes the file it replaced. The switch is conditional
 * (recordRendition, with `video` read after `pending`): of racing completions exactly one moves the rendition off
 * a given file, and only that one deletes it, so the video never names a deleted file.
 */
export async function publishUpload(video: VideoRecord, name: string, pending: PendingUpload, record: HistoryRecord): Promise<VideoRecord> {
  const rendition: RenditionRecord & { uploadId: string } = {
    contentType: pending.contentType,
    sizeBytes: pending.sizeBytes,
    key: pending.key,
    uploadId: pending.uploadId,
    ...(pending.width !== undefined && { width: pending.width }),
    ...(pending.height !== undefined && { height: pending.height }),
  };
  const replaced = video.renditions[name];
  if (await recordRendition(video.id, name, rendition, replaced?.key, pendingUploadKey(video.id, name), record)) {
    // An upload pending from before uploads had files of their own wrote to the published key: that file is the new one.
    if (replaced && replaced.key !== rendition.key) {
      await deleteObject(replaced.key).catch((error: unknown) => logger.warn('replaced rendition not deleted', { key: replaced.key, error: error as Error }));
    }
    return { ...video, renditions: { ...video.renditions, [name]: rendition } };
  }
  // This upload is no longer pending, so nobody can record its file any more: a concurrent completion of the
  // same upload did, or a newer start replaced it.
  const now = await loadVideo(video.id);
  if (now.renditions[name]?.uploadId === pending.uploadId) return now;
  await deleteObject(pending.key);
  throw notPendingUpload();
}
