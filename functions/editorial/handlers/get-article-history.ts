import { signedInHandler } from '../../common/auth';
import { historyPage } from '../history';
import { getArticleHistory } from '../operations';
import { loadArticle } from '../store';

export const handler = signedInHandler(getArticleHistory, async ({ params, query }) => {
  const [, page] = await Promise.all([loadArticle(params.id), historyPage(params.id, { limit: query.limit ?? 20, cursor: query.cursor })]);
  return { statusCode: 200, body: page };
});
