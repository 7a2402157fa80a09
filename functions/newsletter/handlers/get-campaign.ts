import { signedInHandler } from '../../common/auth';
import { notFound } from '../../common/errors';
import { getCampaign } from '../operations';
import { campaignOf, loadCampaign } from '../campaigns';

export const handler = signedInHandler(
  getCampaign,
  async ({ params }) => {
    const campaign = await loadCampaign(params.id);
    if (!campaign) throw notFound('The campaign');
    return { statusCode: 200, body: campaignOf(campaign) };
  },
);
