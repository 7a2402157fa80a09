import { signedInHandler } from '../../common/auth';
import { notFound } from '../../common/errors';
import { articleOf } from '../../catalogue/items';
import { findArticle } from '../../catalogue/store';
import { getDraft } from '../operations';

export const handler = signedInHandler(getDraft, async ({ params }) => {
  const found = await findArticle(params.id);
  if (!found || found.article.publishedAt) throw notFound('The draft');
  return { statusCode: 200, body: articleOf(found.article, found.videos) };
});
