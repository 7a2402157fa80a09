import { signedInHandler } from '../shared/auth';
import { listCampaigns } from './api';
import { campaignOf, listCampaigns as readCampaigns } from './campaigns';

export const handler = signedInHandler(
  listCampaigns,
  async ({ query }) => {
    const page = await readCampaigns({ limit: query.limit ?? 20, cursor: query.cursor });
    return { statusCode: 200, body: { items: page.items.map(campaignOf), nextCursor: page.nextCursor } };
  },
);
