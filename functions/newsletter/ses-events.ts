import type { SNSEvent } from 'aws-lambda';
import { normalizeEmail } from '../accounts/email-address';
import { findAccount } from '../accounts/identity';
import { suppress } from '../accounts/profile';
import { logger } from '../shared/logger';

interface SesEvent {
  eventType?: string;
  notificationType?: string;
  bounce?: { bounceType?: string; bouncedRecipients?: { emailAddress?: string }[] };
  complaint?: { complainedRecipients?: { emailAddress?: string }[] };
}

/** Which addresses an SES event suppresses, and whether it also unsubscribes them (complaints do). */
export function suppressionsOf(event: SesEvent): { addresses: string[]; unsubscribe: boolean } {
  const type = event.eventType ?? event.notificationType;
  const addresses = (list: { emailAddress?: string }[] | undefined) =>
    (list ?? []).flatMap((recipient) => (recipient.emailAddress ? [normalizeEmail(recipient.emailAddress)] : []));
  // Only permanent bounces: a full mailbox or a busy server (Transient) may accept mail tomorrow.
  if (type === 'Bounce' && event.bounce?.bounceType === 'Permanent') return { addresses: addresses(event.bounce.bouncedRecipients), unsubscribe: false };
  if (type === 'Complaint') return { addresses: addresses(event.complaint?.complainedRecipients), unsubscribe: true };
  return { addresses: [], unsubscribe: false };
}

/** SES bounce and complaint events, from the configuration set's event destination (an SNS topic). */
export async function handler(event: SNSEvent): Promise<void> {
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
      if (account.status !== 'missing') await suppress(account.sub, unsubscribe);
      logger.info('address suppressed', { unsubscribe, known: account.status !== 'missing' });
    }
  }
}
