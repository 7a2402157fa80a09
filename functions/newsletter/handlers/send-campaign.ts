import type { Context } from 'aws-lambda';
import { backgroundHandler, logger } from '../../common/logger';
import { invokeSender } from '../invoke-sender';
import { sendCampaign } from '../campaign-run';

/**
 * The campaign sender, invoked without waiting ({"campaignId"}) when an article is published, and by itself when a
 * run ends before the campaign does: a campaign of any size goes out in runs of at most 15 minutes each. Every run
 * of a campaign, and the start-campaign lines that handed it over, have its id as their correlation id.
 */
export const handler = backgroundHandler(
  (event: { campaignId: string }) => event.campaignId,
  async (event, context: Context): Promise<void> => {
    const finished = await sendCampaign(event.campaignId, () => context.getRemainingTimeInMillis());
    if (!finished) await invokeSender(context.functionName, event.campaignId);
    logger.info('campaign run ended', { campaignId: event.campaignId, finished });
  },
);
