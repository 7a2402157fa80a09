import { authenticate } from '../shared/auth';
import { notFound } from '../shared/errors';
import { httpHandler } from '../shared/http';
import { getCampaign } from './api';
import { campaignOf, loadCampaign } from './campaigns';

export const handler = httpHandler(
  getCampaign,
  async ({ params }) => {
    const campaign = await loadCampaign(params.id);
    if (!campaign) throw notFound('The campaign');
    return { statusCode: 200, body: campaignOf(campaign) };
  },
  { authenticate },
);
