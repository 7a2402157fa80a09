import type { SNSEvent } from 'aws-lambda';
import { findAccount } from '../../accounts/identity';
import { suppress } from '../../accounts/profile';
import { recordActivity } from '../../common/activity';
import { backgroundHandler, logger } from '../../common/logger';
import type { SesEvent } from '../suppressions';
import { suppressionsOf } from '../suppressions';

/**
 * SES bounce and complaint events, from the configuration set's event destination (an SNS topic). SNS hands a
 * function one message at a time: its id is the correlation id.
 */
export const handler = backgroundHandler((event: SNSEvent) => event.Records[0]?.Sns.MessageId, async (event): Promise<void> => {
  for (const record of event.Records) {
    let sesEvent: SesEvent;
    try {
      sesEvent = JSON.parse(record.Sns.Message) as SesEvent;
    } catch {
      logger.warn('not an SES event', { messageId: record.Sns.MessageId });
      continue;
    }
    const { addresses, unsubscribe } = suppressionsOf(sesEvent);
    for (const address of addresses) {
      const account = await findAccount(address);
      if (account.status !== 'missing') {
        await suppress(account.sub, unsubscribe);
        // A complaint unsubscribes: on the account's record, with no request behind it.
        if (unsubscribe) await recordActivity(account.sub, 'newsletter_unsubscribed', undefined, { via: 'complaint' });
      }
      logger.info('address suppressed', { unsubscribe, known: account.status !== 'missing' });
    }
  }
});
