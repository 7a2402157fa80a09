import { authenticate } from '../shared/auth';
import { httpHandler } from '../shared/http';
import { listMyDownloads } from './api';
import { listDownloads } from './store';

export const handler = httpHandler(
  listMyDownloads,
  async ({ query, caller }) => ({ statusCode: 200, body: await listDownloads(caller.sub, { limit: query.limit ?? 20, cursor: query.cursor }) }),
  { authenticate },
);
