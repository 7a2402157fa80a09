import { signedInHandler } from '../../common/auth';
import { listDrafts } from '../operations';
import { listDraftSummaries } from '../../catalogue/store';

export const handler = signedInHandler(listDrafts, async ({ query }) => ({
  statusCode: 200,
  body: await listDraftSummaries({ limit: query.limit ?? 20, cursor: query.cursor }),
}));
