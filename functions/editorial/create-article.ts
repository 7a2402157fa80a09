import { articleOf } from '../catalogue/items';
import type { ArticleRecord } from '../catalogue/items';
import { authenticate } from '../shared/auth';
import { httpHandler } from '../shared/http';
import { createArticle } from './api';
import { newId } from './ids';
import { createDraft } from './store';

export const handler = httpHandler(
  createArticle,
  async ({ body }) => {
    const now = new Date().toISOString();
    const article: ArticleRecord = { id: newId('art'), ...body, tags: [...new Set(body.tags ?? [])], createdAt: now, updatedAt: now, videoCount: 0, videoIds: [] };
    await createDraft(article);
    return { statusCode: 201, body: articleOf(article, []) };
  },
  { authenticate },
);
