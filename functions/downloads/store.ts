/**
 * What users downloaded: one item per link issued, in a partition of the user's downloads (not the profile's, so
 * the functions that record and list downloads reach no profile), newest first by its sort key; and a download
 * counter on the video, for editors.
 */
import { randomUUID } from 'node:crypto';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { videoKey } from '../catalogue/items';
import { dynamodb, tableName } from '../common/aws/dynamodb';
import { logger } from '../common/logger';
import { queryPartitionPage } from '../common/partition-query';
import { partitionOf } from '../common/table';

export interface DownloadRecord {
  videoId: string;
  rendition: string;
  at: string;
}

const downloadsPartition = (sub: string): string => partitionOf('DOWNLOADS#*', sub);
const DOWNLOAD_PREFIX = 'DOWNLOAD#';

/**
 * The record and the counter, written side by side: one round trip for the user to wait for. Not one transaction:
 * concurrent transactions on a popular video's item conflict and fail, while plain ADDs to it queue up. The record
 * is what must not be lost (the link is given only once it is written); the counter is for editors, and a failed
 * increment is logged rather than refusing a download whose record is already written.
 */
export async function recordDownload(sub: string, download: DownloadRecord): Promise<void> {
  const [record, counter] = await Promise.allSettled([
    dynamodb.send(
      new PutCommand({
        TableName: tableName,
        Item: { pk: downloadsPartition(sub), sk: `${DOWNLOAD_PREFIX}${download.at}#${randomUUID()}`, ...download },
      }),
    ),
    dynamodb.send(
      new UpdateCommand({
        TableName: tableName,
        Key: videoKey(download.videoId),
        UpdateExpression: 'ADD downloadCount :one',
        ExpressionAttributeValues: { ':one': 1 },
      }),
    ),
  ]);
  if (record.status === 'rejected') throw record.reason;
  if (counter.status === 'rejected') logger.warn('download counter not incremented', { videoId: download.videoId, error: counter.reason as Error });
}

export const listDownloads = (sub: string, options: { limit: number; cursor?: string }) =>
  queryPartitionPage<DownloadRecord>({ partition: downloadsPartition(sub), sortPrefix: DOWNLOAD_PREFIX, attributes: ['videoId', 'rendition', 'at'], ...options });
