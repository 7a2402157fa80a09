/**
 * "An article was published": written in the publishing transaction, so it exists exactly once per article
 * however many publish requests race. The newsletter reads it from the table's stream; it expires after a week.
 */
import { partitionOf } from '../common/table';

export const ARTICLE_PUBLISHED = 'ArticlePublished';

export interface ArticlePublished {
  type: typeof ARTICLE_PUBLISHED;
  articleId: string;
  publishedAt: string;
}

const WEEK_SECONDS = 7 * 24 * 3600;

export function publishedEventItem(articleId: string, publishedAt: string) {
  const event: ArticlePublished = { type: ARTICLE_PUBLISHED, articleId, publishedAt };
  return { pk: partitionOf('EVENT#*', `${ARTICLE_PUBLISHED}#${articleId}`), sk: 'EVENT', ...event, expiresAt: Math.floor(Date.parse(publishedAt) / 1000) + WEEK_SECONDS };
}
