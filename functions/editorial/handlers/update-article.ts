import { articleOf } from '../../catalogue/items';
import { findArticle } from '../../catalogue/store';
import { signedInHandler } from '../../common/auth';
import { invalidRequest } from '../../common/errors';
import { updateArticle } from '../operations';
import { loadArticle, saveEdit } from '../store';

/** A published article keeps its slug: links to it are out in the world. Everything else may be corrected. */
export const handler = signedInHandler(
  updateArticle,
  async ({ params, body }) => {
    const before = await loadArticle(params.id);
    if (body.slug !== undefined && body.slug !== before.slug && before.publishedAt) {
      throw invalidRequest([{ path: 'slug', message: 'A published article keeps its slug.' }]);
    }
    const after = { ...before, ...body, ...(body.tags && { tags: [...new Set(body.tags)] }), updatedAt: new Date().toISOString() };
    await saveEdit(before, after);
    return { statusCode: 200, body: articleOf(after, (await findArticle(after.id))?.videos ?? []) };
  },
);
