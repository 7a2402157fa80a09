/**
 * How articles and videos are laid out in the single table (docs/TABLE.md), as pure functions: the store, the
 * editorial writes and the local seeding all build items here, so no key shape is written twice.
 */
import type { Infer } from '../common/schema';
import type { ItemFamily } from '../common/table';
import { partitionOf } from '../common/table';
import type { Article, ArticleSummary, Rendition, Video } from './schemas';

export const PUBLISHED_FEED = 'FEED' satisfies ItemFamily;
export const tagFeed = (tag: string): string => partitionOf('FEED#TAG#*', tag);
export const DRAFTS_LIST = 'DRAFTS' satisfies ItemFamily;
const feedSortKey = (publishedAt: string, id: string): string => `${publishedAt}#${id}`;

export const articleKey = (id: string) => ({ pk: partitionOf('ARTICLE#*', id), sk: 'ARTICLE' });
export const slugKey = (slug: string) => ({ pk: partitionOf('SLUG#*', slug), sk: 'SLUG' });
export const videoKey = (id: string) => ({ pk: partitionOf('VIDEO#*', id), sk: 'VIDEO' });
export const articleVideosPartition = (articleId: string): string => partitionOf('ARTICLE#*#VIDEOS', articleId);

export interface ArticleRecord {
  id: string;
  slug: string;
  title: string;
  summary: string;
  body: string;
  tags: string[];
  publishedAt?: string;
  createdAt: string;
  updatedAt: string;
  videoCount: number;
  /** In creation order; read with the article (strongly consistent), so publishing reaches every video. */
  videoIds: string[];
}

export interface RenditionRecord {
  contentType: string;
  sizeBytes: number;
  width?: number;
  height?: number;
  /** The object's key in the video bucket. */
  key: string;
  /** The multipart upload it came from, so a repeated completion is recognised. */
  uploadId?: string;
}

export interface VideoRecord {
  id: string;
  articleId: string;
  title: string;
  durationSeconds?: number;
  createdAt: string;
  /** Completed uploads only, by rendition name. */
  renditions: Record<string, RenditionRecord>;
  /** Copied from the article so a download needs one read: its file name and whether it is public. */
  articleSlug: string;
  articlePublishedAt?: string;
}

/**
 * The article item. Its index entry moves from the editors' drafts (latest change first) to the published feed
 * when it gets a publish time; every write of an article goes through here, so the entry follows `updatedAt`.
 */
export function articleItem(article: ArticleRecord) {
  return {
    ...articleKey(article.id),
    ...article,
    ...(article.publishedAt
      ? { gsi1pk: PUBLISHED_FEED, gsi1sk: feedSortKey(article.publishedAt, article.id) }
      : { gsi1pk: DRAFTS_LIST, gsi1sk: feedSortKey(article.updatedAt, article.id) }),
  };
}

/** One item per tag of a published article, carrying the summary, so a tag's feed is a single Query. */
export function tagItems(article: ArticleRecord) {
  if (!article.publishedAt) return [];
  const summary = summaryOf(article);
  return article.tags.map((tag) => ({
    ...tagItemKey(article.id, tag),
    ...summary,
    gsi1pk: tagFeed(tag),
    gsi1sk: feedSortKey(article.publishedAt!, article.id),
  }));
}

export const slugItem = (slug: string, articleId: string) => ({ ...slugKey(slug), articleId });

/** The key of a tag's feed entry for an article. */
export const tagItemKey = (articleId: string, tag: string) => ({ pk: articleKey(articleId).pk, sk: `TAG#${tag}` });

export function videoItem(video: VideoRecord) {
  return {
    ...videoKey(video.id),
    ...video,
    gsi1pk: articleVideosPartition(video.articleId),
    gsi1sk: `${video.createdAt}#${video.id}`,
  };
}

/** The attributes a feed entry needs; a Query of the feed asks only for these. */
export const SUMMARY_ATTRIBUTES = ['id', 'slug', 'title', 'summary', 'publishedAt', 'tags', 'videoCount'] as const;

export function summaryOf(article: Pick<ArticleRecord, (typeof SUMMARY_ATTRIBUTES)[number]>): Infer<typeof ArticleSummary> {
  return {
    id: article.id,
    slug: article.slug,
    title: article.title,
    summary: article.summary,
    publishedAt: article.publishedAt ?? null,
    tags: article.tags,
    videoCount: article.videoCount,
  };
}

const pixels = (rendition: RenditionRecord): number => (rendition.width ?? 0) * (rendition.height ?? 0);

/**
 * Highest resolution first (then largest file): the broadcast master before the web copy, which also makes the
 * master the default download.
 */
export function renditionsOf(video: VideoRecord): Infer<typeof Rendition>[] {
  return Object.entries(video.renditions)
    .sort(([nameA, a], [nameB, b]) => pixels(b) - pixels(a) || b.sizeBytes - a.sizeBytes || nameA.localeCompare(nameB))
    .map(([name, rendition]) => ({
      name,
      contentType: rendition.contentType,
      sizeBytes: rendition.sizeBytes,
      ...(rendition.width !== undefined && { width: rendition.width }),
      ...(rendition.height !== undefined && { height: rendition.height }),
    }));
}

export function videoOf(video: VideoRecord): Infer<typeof Video> {
  return {
    id: video.id,
    articleId: video.articleId,
    title: video.title,
    ...(video.durationSeconds !== undefined && { durationSeconds: video.durationSeconds }),
    renditions: renditionsOf(video),
  };
}

export function articleOf(article: ArticleRecord, videos: readonly VideoRecord[]): Infer<typeof Article> {
  return { ...summaryOf(article), body: article.body, videos: videos.map(videoOf) };
}
