/** What an SES bounce or complaint notification means for our list, as a pure function. */
import { normalizeEmail } from '../accounts/email-address';

export interface SesEvent {
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
