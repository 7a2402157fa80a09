import { articleOf } from '../../catalogue/items';
import { findArticle } from '../../catalogue/store';
import { signedInHandler } from '../../common/auth';
import { invalidRequest } from '../../common/errors';
import { recordOf } from '../history';
import { EDITABLE_FIELDS, updateArticle } from '../operations';
import { loadArticle, saveEdit } from '../store';

/** A published article keeps its slug: links to it are out in the world. Everything else may be corrected. */
export const handler = signedInHandler(
  updateArticle,
  async ({ params, body, caller }) => {
    const before = await loadArticle(params.id);
    if (body.slug !== undefined && body.slug !== before.slug && before.publishedAt) {
      throw invalidRequest([{ path: 'slug', message: 'A published article keeps its slug.' }]);
    }
    const after = { ...before, ...body, ...(body.tags && { tags: [...new Set(body.tags)] }), updatedAt: new Date().toISOString() };
    const fields = EDITABLE_FIELDS.filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]));
    await saveEdit(before, after, recordOf(caller, after.id, 'edited', { fields }, after.updatedAt));
    return { statusCode: 200, body: articleOf(after, (await findArticle(after.id))?.videos ?? []) };
  },
);
