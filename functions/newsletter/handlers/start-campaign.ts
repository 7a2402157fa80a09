import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import type { ArticlePublished } from '../../editorial/published-event';
import { ARTICLE_PUBLISHED } from '../../editorial/published-event';
import { requiredEnv } from '../../common/config';
import { backgroundHandler, logger } from '../../common/logger';
import { createCampaign, markHandedOver } from '../campaigns';
import { invokeSender } from '../invoke-sender';

const senderFunction = requiredEnv('NEWSLETTER_SENDER_FUNCTION');

/**
 * Reads the table's stream: each ArticlePublished event starts the article's campaign. The campaign's id comes
 * from the article's, so a record delivered twice creates nothing twice; the sender is started until one start
 * has been recorded, so a failed start is retried with the stream batch. A batch may hold several campaigns: each
 * record's lines carry its campaign's id as their correlation id, as the sender's do.
 */
export const handler = backgroundHandler(() => undefined, async (event: DynamoDBStreamEvent): Promise<void> => {
  for (const record of event.Records) {
    const image = record.dynamodb?.NewImage;
    // Only events are read whole: other items may hold what a stream reader cannot decode (an empty map comes
    // out of the SDK's stream client as an empty value), and they are none of this function's business.
    if (record.eventName !== 'INSERT' || image?.type?.S !== ARTICLE_PUBLISHED) continue;
    const item = unmarshall(image as Record<string, AttributeValue>) as Partial<ArticlePublished>;
    if (!item.articleId || !item.publishedAt) continue;
    const campaign = await createCampaign(item.articleId, item.publishedAt, item.publishedBy);
    logger.setCorrelationId(campaign.id);
    if (!campaign.handedOverAt) {
      await invokeSender(senderFunction, campaign.id);
      await markHandedOver(campaign.id);
    }
    logger.info('article published', { articleId: item.articleId, campaignId: campaign.id });
  }
});
