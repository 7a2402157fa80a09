import type { ScheduledEvent } from 'aws-lambda';
import { BUSINESS_METRICS } from '../../common/business-metrics';
import { backgroundHandler, logger } from '../../common/logger';
import { count } from '../../common/metrics';
import { sendingCampaignsSince } from '../campaigns';
import { lastProgressAt, lookBackFrom, stuckAmong } from '../stuck-campaigns';

/**
 * Run on a schedule (CAMPAIGN_CHECK.everyMinutes): counts the campaigns stuck in `sending` into the StuckCampaigns
 * metric, zero included, and logs each with where it stands. The alarm on the metric tells a person (README,
 * Operations); each line's campaignId finds the campaign's own lines (their correlation id).
 */
export const handler = backgroundHandler(
  (event: ScheduledEvent) => event.id,
  async (): Promise<void> => {
    const now = new Date();
    const stuck = stuckAmong(await sendingCampaignsSince(lookBackFrom(now)), now);
    for (const campaign of stuck) {
      const { id, articleId, createdAt, recipients, sent, failed } = campaign;
      logger.warn('campaign stuck', { campaignId: id, articleId, createdAt, lastProgressAt: lastProgressAt(campaign), recipients, sent, failed });
    }
    count(BUSINESS_METRICS.stuckCampaigns, stuck.length);
  },
);
