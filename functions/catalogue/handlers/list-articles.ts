import { publicHandler, SHORT_PUBLIC_CACHE } from '../../common/http';
import { listArticles } from '../operations';
import { listPublished } from '../store';

export const handler = publicHandler(listArticles, async ({ query }) => ({
  statusCode: 200,
  body: await listPublished({ limit: query.limit ?? 20, tag: query.tag, cursor: query.cursor }),
  headers: SHORT_PUBLIC_CACHE,
}));
