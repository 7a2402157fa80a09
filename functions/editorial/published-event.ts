/**
 * "An article was published": written in the publishing transaction, so it exists exactly once per article
 * however many publish requests race. The newsletter reads it from the table's stream; it expires after a week.
 */
import type { Infer } from '../common/schema';
import { partitionOf } from '../common/table';
import type { Editor as EditorSchema } from './operations';

type Editor = Infer<typeof EditorSchema>;

export const ARTICLE_PUBLISHED = 'ArticlePublished';

export interface ArticlePublished {
  type: typeof ARTICLE_PUBLISHED;
  articleId: string;
  publishedAt: string;
  /** Absent from events written before editors were on record. */
  publishedBy?: Editor;
}

const WEEK_SECONDS = 7 * 24 * 3600;

export function publishedEventItem(articleId: string, publishedAt: string, publishedBy: Editor) {
  const event: ArticlePublished = { type: ARTICLE_PUBLISHED, articleId, publishedAt, publishedBy };
  return { pk: partitionOf('EVENT#*', `${ARTICLE_PUBLISHED}#${articleId}`), sk: 'EVENT', ...event, expiresAt: Math.floor(Date.parse(publishedAt) / 1000) + WEEK_SECONDS };
}
