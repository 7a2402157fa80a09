import { articleOf } from '../../catalogue/items';
import { findArticle } from '../../catalogue/store';
import { signedInHandler } from '../../common/auth';
import { recordOf } from '../history';
import { publishArticle } from '../operations';
import { alreadyPublished, loadArticle, publish } from '../store';

export const handler = signedInHandler(
  publishArticle,
  async ({ params, caller }) => {
    const draft = await loadArticle(params.id);
    if (draft.publishedAt) throw alreadyPublished();
    const published = await publish(draft, recordOf(caller, draft.id, 'published'));
    return { statusCode: 200, body: articleOf(published, (await findArticle(published.id))?.videos ?? []) };
  },
);
