import { articleOf } from '../../catalogue/items';
import type { ArticleRecord } from '../../catalogue/items';
import { signedInHandler } from '../../common/auth';
import { createArticle } from '../operations';
import { recordOf } from '../history';
import { newId } from '../ids';
import { createDraft } from '../store';

export const handler = signedInHandler(
  createArticle,
  async ({ body, caller }) => {
    const now = new Date().toISOString();
    const article: ArticleRecord = { id: newId('art'), ...body, tags: [...new Set(body.tags ?? [])], createdAt: now, updatedAt: now, videoCount: 0, videoIds: [] };
    await createDraft(article, recordOf(caller, article.id, 'created', {}, now));
    return { statusCode: 201, body: articleOf(article, []) };
  },
);
