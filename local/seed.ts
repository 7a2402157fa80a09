/**
 * Seeds the local stack with the sample articles and their videos: the items are built by the same functions the
 * API's stores use, and each video gets the two sample MP4 renditions (local/sample-media/) in the bucket. Seeding is
 * idempotent.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import type { ArticleRecord, RenditionRecord, VideoRecord } from '../functions/catalogue/items';
import { articleItem, articleKey, slugItem, tagItems, videoItem } from '../functions/catalogue/items';
import { videoObjectKey } from '../functions/common/bucket';
import { sampleArticles } from './sample-content';
import type { SampleArticle } from './sample-content';

/**
 * Two renditions, as an editor would upload: the master for broadcast and a small copy for the web, the same
 * 3-second H.264 clip at two sizes. The files were made once with ffmpeg (local/sample-media/README.md), a
 * different picture for each sample video, so that a download of one video's file can never pass for another's.
 */
export const CLIP_SECONDS = 3;
export const RENDITIONS = [
  { name: 'broadcast', width: 320, height: 192 },
  { name: 'web', width: 160, height: 96 },
] as const;

/** The sample file of a video's rendition, as committed. */
export function sampleRenditionFile(videoId: string, rendition: (typeof RENDITIONS)[number]): Buffer {
  return readFileSync(join(__dirname, 'sample-media', videoId, `${rendition.name}.mp4`));
}

async function uploadRenditions(s3: S3Client, bucketName: string, sample: SampleArticle): Promise<Record<string, Record<string, RenditionRecord>>> {
  const byVideo: Record<string, Record<string, RenditionRecord>> = {};
  for (const video of sample.videos) {
    byVideo[video.id] = {};
    for (const rendition of RENDITIONS) {
      const file = sampleRenditionFile(video.id, rendition);
      const key = videoObjectKey(video.id, rendition.name, 'sample', 'mp4');
      await s3.send(new PutObjectCommand({ Bucket: bucketName, Key: key, Body: file, ContentType: 'video/mp4' }));
      byVideo[video.id]![rendition.name] = { contentType: 'video/mp4', sizeBytes: file.length, width: rendition.width, height: rendition.height, key };
    }
  }
  return byVideo;
}

/** Seeds every sample article, or those given (a test that needs only one). */
export async function seedSampleContent(options: {
  dynamodb: DynamoDBClient;
  s3: S3Client;
  tableName: string;
  bucketName: string;
  articles?: readonly SampleArticle[];
}): Promise<number> {
  const documents = DynamoDBDocumentClient.from(options.dynamodb);
  let seeded = 0;
  for (const sample of options.articles ?? sampleArticles) {
    const existing = await documents.send(new GetCommand({ TableName: options.tableName, Key: articleKey(sample.id) }));
    if (existing.Item) continue;
    const renditions = await uploadRenditions(options.s3, options.bucketName, sample);
    const article: ArticleRecord = {
      id: sample.id,
      slug: sample.slug,
      title: sample.title,
      summary: sample.summary,
      body: sample.body,
      tags: sample.tags,
      publishedAt: sample.publishedAt,
      createdAt: sample.publishedAt,
      updatedAt: sample.publishedAt,
      videoCount: sample.videos.length,
      videoIds: sample.videos.map((video) => video.id),
    };
    const videos: VideoRecord[] = sample.videos.map((video) => ({
      id: video.id,
      articleId: sample.id,
      title: video.title,
      durationSeconds: CLIP_SECONDS,
      createdAt: sample.publishedAt,
      renditions: renditions[video.id]!,
      articleSlug: sample.slug,
      articlePublishedAt: sample.publishedAt,
    }));
    const items = [articleItem(article), slugItem(article.slug, article.id), ...tagItems(article), ...videos.map(videoItem)];
    await documents.send(new TransactWriteCommand({ TransactItems: items.map((Item) => ({ Put: { TableName: options.tableName, Item } })) }));
    seeded += 1;
  }
  return seeded;
}
