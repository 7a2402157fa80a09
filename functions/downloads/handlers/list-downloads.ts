import { signedInHandler } from '../../common/auth';
import { listMyDownloads } from '../operations';
import { listDownloads } from '../store';

export const handler = signedInHandler(
  listMyDownloads,
  async ({ query, caller }) => ({ statusCode: 200, body: await listDownloads(caller.sub, { limit: query.limit ?? 20, cursor: query.cursor }) }),
);
