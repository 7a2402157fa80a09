import { notFound } from '../../common/errors';
import { publicHandler, SHORT_PUBLIC_CACHE } from '../../common/http';
import { getArticle } from '../operations';
import { articleOf } from '../items';
import { findArticle } from '../store';

export const handler = publicHandler(getArticle, async ({ params }) => {
  const found = await findArticle(params.idOrSlug);
  // A draft is answered exactly like a missing article: its existence is not public either.
  if (!found?.article.publishedAt) throw notFound('The article');
  return { statusCode: 200, body: articleOf(found.article, found.videos), headers: SHORT_PUBLIC_CACHE };
});
