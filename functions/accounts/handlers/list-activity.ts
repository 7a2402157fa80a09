import { listActivity } from '../../common/activity';
import { signedInHandler } from '../../common/auth';
import { listMyActivity } from '../operations';

export const handler = signedInHandler(
  listMyActivity,
  async ({ query, caller }) => ({ statusCode: 200, body: await listActivity(caller.sub, { limit: query.limit ?? 20, cursor: query.cursor }) }),
);
