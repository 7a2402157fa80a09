import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamodb, tableName } from '../common/aws/dynamodb';
import { queryIndexPage } from '../common/index-query';
import { FEED_INDEX } from '../common/table';
import type { ArticleRecord, VideoRecord } from './items';
import { DRAFTS_LIST, PUBLISHED_FEED, SUMMARY_ATTRIBUTES, articleKey, articleVideosPartition, slugKey, summaryOf, tagFeed, videoKey } from './items';
import { ARTICLE_ID } from './schemas';

async function summaryPage(partition: string, options: { limit: number; cursor?: string }) {
  const page = await queryIndexPage<ArticleRecord>({ partition, limit: options.limit, cursor: options.cursor, attributes: SUMMARY_ATTRIBUTES });
  return { items: page.items.map(summaryOf), nextCursor: page.nextCursor };
}

/** Published articles, newest first, from the feed index (or a tag's feed): one Query per page. */
export const listPublished = (options: { tag?: string; limit: number; cursor?: string }) =>
  summaryPage(options.tag === undefined ? PUBLISHED_FEED : tagFeed(options.tag), options);

/** The editors' drafts, the most recently changed first: one Query per page. */
export const listDraftSummaries = (options: { limit: number; cursor?: string }) => summaryPage(DRAFTS_LIST, options);

async function getItem<T>(key: Record<string, string>): Promise<T | undefined> {
  const { Item } = await dynamodb.send(new GetCommand({ TableName: tableName, Key: key }));
  return Item as T | undefined;
}

async function articleVideos(articleId: string): Promise<VideoRecord[]> {
  const { Items } = await dynamodb.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: FEED_INDEX,
      KeyConditionExpression: 'gsi1pk = :videos',
      ExpressionAttributeValues: { ':videos': articleVideosPartition(articleId) },
    }),
  );
  return (Items ?? []) as VideoRecord[];
}

/**
 * An article and its videos, by id or slug. By id, both reads run at once; a slug first resolves to the id.
 * Drafts are returned too: deciding who may see them is the caller's business.
 */
export async function findArticle(idOrSlug: string): Promise<{ article: ArticleRecord; videos: VideoRecord[] } | undefined> {
  let id = idOrSlug;
  if (!ARTICLE_ID.test(idOrSlug)) {
    const slug = await getItem<{ articleId: string }>(slugKey(idOrSlug));
    if (!slug) return undefined;
    id = slug.articleId;
  }
  const [article, videos] = await Promise.all([getItem<ArticleRecord>(articleKey(id)), articleVideos(id)]);
  return article ? { article, videos } : undefined;
}

export const findVideo = (id: string): Promise<VideoRecord | undefined> => getItem<VideoRecord>(videoKey(id));
