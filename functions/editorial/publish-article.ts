import { articleOf } from '../catalogue/items';
import { findArticle } from '../catalogue/store';
import { authenticate } from '../shared/auth';
import { httpHandler } from '../shared/http';
import { publishArticle } from './api';
import { alreadyPublished, loadArticle, publish } from './store';

export const handler = httpHandler(
  publishArticle,
  async ({ params }) => {
    const draft = await loadArticle(params.id);
    if (draft.publishedAt) throw alreadyPublished();
    const published = await publish(draft, new Date().toISOString());
    return { statusCode: 200, body: articleOf(published, (await findArticle(published.id))?.videos ?? []) };
  },
  { authenticate },
);
