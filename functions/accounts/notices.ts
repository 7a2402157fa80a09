/**
 * Security notices to an account's owner (a reset, a sign-in from a new browser). They follow something that has
 * already happened, so a notice that cannot be sent is logged for follow-up rather than undoing it.
 */
import type { Email } from '../common/email-content';
import { logger } from '../common/logger';
import { sendEmail } from '../common/mail';

export async function sendNotice(to: string, notice: string, email: Email): Promise<void> {
  await sendEmail(to, email).catch((error: unknown) => logger.warn('account notice not sent', { notice, error: error as Error }));
}
