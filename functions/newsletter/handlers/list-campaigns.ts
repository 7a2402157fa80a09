import { signedInHandler } from '../../common/auth';
import { listCampaigns } from '../operations';
import { campaignOf, campaignsPage } from '../campaigns';

export const handler = signedInHandler(
  listCampaigns,
  async ({ query }) => {
    const page = await campaignsPage({ limit: query.limit ?? 20, cursor: query.cursor });
    return { statusCode: 200, body: { items: page.items.map(campaignOf), nextCursor: page.nextCursor } };
  },
);
