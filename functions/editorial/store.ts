/**
 * Editors' writes to the catalogue. Every change that touches several items (the article, its slug, its tag feed
 * entries, its videos, the published event) is one DynamoDB transaction, so readers never see half of it. Each
 * write also puts its history entry (history.ts) in its transaction, last, so a refused write records nothing.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { ArticleRecord, RenditionRecord, VideoRecord } from '../catalogue/items';
import { articleItem, articleKey, slugItem, slugKey, tagItemKey, tagItems, videoItem, videoKey } from '../catalogue/items';
import { dynamodb, tableName } from '../common/aws/dynamodb';
import type { TransactItem } from '../common/aws/dynamodb';
import { notFound, Refusal } from '../common/errors';
import { historyItem } from './history';
import type { HistoryRecord } from './history';
import { publishedEventItem } from './published-event';

/**
 * An article may have at most this many videos: publishing updates them all in one transaction, with the article,
 * its tag entries (at most 10), the published event and the history entry, and a transaction holds 100 items.
 */
export const MAX_VIDEOS_PER_ARTICLE = 50;

const slugTaken = (): Refusal => new Refusal('slug_taken', 'Another article already has this slug.');

/** Which items of a cancelled transaction failed their condition, by position. */
function failedConditions(error: unknown): boolean[] | undefined {
  if (!(error instanceof TransactionCanceledException)) return undefined;
  return (error.CancellationReasons ?? []).map((reason) => reason.Code === 'ConditionalCheckFailed');
}

async function transact(items: TransactItem[]): Promise<void> {
  await dynamodb.send(new TransactWriteCommand({ TransactItems: items }));
}

const put = (Item: Record<string, unknown>, condition?: string, values?: Record<string, unknown>): TransactItem => ({
  Put: { TableName: tableName, Item, ...(condition && { ConditionExpression: condition }), ...(values && { ExpressionAttributeValues: values }) },
});

export async function loadArticle(id: string): Promise<ArticleRecord> {
  const { Item } = await dynamodb.send(new GetCommand({ TableName: tableName, Key: articleKey(id), ConsistentRead: true }));
  if (!Item) throw notFound('The article');
  return Item as ArticleRecord;
}

export async function loadVideo(id: string): Promise<VideoRecord> {
  const { Item } = await dynamodb.send(new GetCommand({ TableName: tableName, Key: videoKey(id), ConsistentRead: true }));
  if (!Item) throw notFound('The video');
  return Item as VideoRecord;
}

/** A draft and its slug, together: the slug's item exists only if no other article holds it. */
export async function createDraft(article: ArticleRecord, record: HistoryRecord): Promise<void> {
  try {
    await transact([put(articleItem(article), 'attribute_not_exists(pk)'), put(slugItem(article.slug, article.id), 'attribute_not_exists(pk)'), put(historyItem(record))]);
  } catch (error) {
    if (failedConditions(error)?.[1]) throw slugTaken();
    throw error;
  }
}

/**
 * Saves an edited article if nobody else saved it meanwhile (same `updatedAt` as read), moving its slug and, when
 * published, rewriting its tag feed entries (their summary copies change with it).
 */
export async function saveEdit(before: ArticleRecord, after: ArticleRecord, record: HistoryRecord): Promise<void> {
  const items: TransactItem[] = [put(articleItem(after), 'updatedAt = :seen', { ':seen': before.updatedAt })];
  if (after.slug !== before.slug) {
    items.push(put(slugItem(after.slug, after.id), 'attribute_not_exists(pk)'));
    items.push({ Delete: { TableName: tableName, Key: slugKey(before.slug) } });
  }
  items.push(...tagItems(after).map((item) => put(item)));
  for (const tag of before.publishedAt ? before.tags.filter((tag) => !after.tags.includes(tag)) : []) {
    items.push({ Delete: { TableName: tableName, Key: tagItemKey(after.id, tag) } });
  }
  items.push(put(historyItem(record)));
  try {
    await transact(items);
  } catch (error) {
    const failed = failedConditions(error);
    if (failed?.[1] && after.slug !== before.slug) throw slugTaken();
    if (failed?.[0]) throw new Refusal('edit_conflict', 'The article was changed meanwhile. Load it again and retry.');
    throw error;
  }
}

/**
 * Publishes a draft at the time of its record: the article joins the feeds, every video becomes public, and the
 * event the newsletter consumes is written, all at once. The condition on `publishedAt` lets exactly one of
 * concurrent publishes win.
 */
export async function publish(article: ArticleRecord, record: HistoryRecord): Promise<ArticleRecord> {
  const publishedAt = record.at;
  const published: ArticleRecord = { ...article, publishedAt, updatedAt: publishedAt };
  const items: TransactItem[] = [
    put(articleItem(published), 'attribute_not_exists(publishedAt) AND updatedAt = :seen', { ':seen': article.updatedAt }),
    ...tagItems(published).map((item) => put(item)),
    ...article.videoIds.map(
      (videoId): TransactItem => ({
        Update: {
          TableName: tableName,
          Key: videoKey(videoId),
          UpdateExpression: 'SET articlePublishedAt = :publishedAt, articleSlug = :slug',
          ExpressionAttributeValues: { ':publishedAt': publishedAt, ':slug': published.slug },
        },
      }),
    ),
    put(publishedEventItem(published.id, publishedAt, record.editor)),
    put(historyItem(record)),
  ];
  try {
    await transact(items);
  } catch (error) {
    if (failedConditions(error)?.[0]) throw alreadyPublished();
    throw error;
  }
  return published;
}

export const alreadyPublished = (): Refusal => new Refusal('already_published', 'This article is already published.');

/** A new video, counted on the article (and on its feed entries, if published) in the same transaction. */
export async function attachVideo(article: ArticleRecord, video: VideoRecord, record: HistoryRecord): Promise<void> {
  const countOne = (Key: Record<string, string>, extra = ''): TransactItem => ({
    Update: {
      TableName: tableName,
      Key,
      UpdateExpression: `SET videoCount = videoCount + :one${extra}`,
      ExpressionAttributeValues: { ':one': 1, ...(extra && { ':video': [video.id], ':max': MAX_VIDEOS_PER_ARTICLE }) },
      ...(extra && { ConditionExpression: 'attribute_exists(pk) AND videoCount < :max' }),
    },
  });
  const items: TransactItem[] = [
    countOne(articleKey(article.id), ', videoIds = list_append(videoIds, :video)'),
    put(videoItem(video), 'attribute_not_exists(pk)'),
    ...(article.publishedAt ? article.tags.map((tag) => countOne(tagItemKey(article.id, tag))) : []),
    put(historyItem(record)),
  ];
  try {
    await transact(items);
  } catch (error) {
    if (failedConditions(error)?.[0]) throw new Refusal('too_many_videos', `An article can have at most ${MAX_VIDEOS_PER_ARTICLE} videos.`);
    throw error;
  }
}

/**
 * Records a finished upload as the video's rendition and forgets it as pending, in one transaction, if the
 * rendition still names `replacing` (undefined: it had none) and the upload is still the pending one. False when
 * the upload is no longer pending: a concurrent completion of it, or a newer start, came first. A rendition only
 * changes through a completion, which needs its own upload pending; so if `replacing` was read after this upload
 * was seen pending, it can only be stale once this upload is no longer pending.
 */
export async function recordRendition(
  videoId: string,
  name: string,
  rendition: RenditionRecord & { uploadId: string },
  replacing: string | undefined,
  pendingKey: Record<string, string>,
  record: HistoryRecord,
): Promise<boolean> {
  try {
    await transact([
      {
        Update: {
          TableName: tableName,
          Key: videoKey(videoId),
          UpdateExpression: 'SET renditions.#name = :rendition',
          ExpressionAttributeNames: { '#name': name, ...(replacing !== undefined && { '#key': 'key' }) },
          ExpressionAttributeValues: { ':rendition': rendition, ...(replacing !== undefined && { ':replacing': replacing }) },
          ConditionExpression: replacing === undefined ? 'attribute_exists(pk) AND attribute_not_exists(renditions.#name)' : 'renditions.#name.#key = :replacing',
        },
      },
      {
        Delete: {
          TableName: tableName,
          Key: pendingKey,
          ConditionExpression: 'uploadId = :upload',
          ExpressionAttributeValues: { ':upload': rendition.uploadId },
        },
      },
      put(historyItem(record)),
    ]);
    return true;
  } catch (error) {
    if (failedConditions(error)?.[1]) return false;
    throw error;
  }
}

/** A new pending upload (over the one it replaces, if any), on record. */
export async function savePendingUpload(item: Record<string, unknown>, record: HistoryRecord): Promise<void> {
  await transact([put(item), put(historyItem(record))]);
}
