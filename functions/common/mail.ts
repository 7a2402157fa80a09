import { requiredEnv } from './config';
import { isSendingPaused, sendEmailRequest } from './aws/ses';
import type { Email } from './email-content';
import { unavailable } from './errors';
import { logger } from './logger';

export const mailFrom = requiredEnv('MAIL_FROM');

/** The configuration set tracks bounces and complaints, and the sending breaker pauses it (local/mail-emulator.ts too). */
export const mailConfigurationSet = process.env.SES_CONFIGURATION_SET || undefined;

/**
 * What a caller is told to wait while sending is paused. A pause lasts until a person lifts it (README,
 * Operations), so asking again within seconds would only add load: ten minutes.
 */
export const SENDING_PAUSED_RETRY_AFTER_SECONDS = 600;

export async function sendEmail(to: string, email: Email, headers: { Name: string; Value: string }[] = []): Promise<void> {
  try {
    await sendEmailRequest({
      FromEmailAddress: mailFrom,
      Destination: { ToAddresses: [to] },
      ConfigurationSetName: mailConfigurationSet,
      Content: {
        Simple: {
          Subject: { Data: email.subject, Charset: 'UTF-8' },
          Body: { Text: { Data: email.text, Charset: 'UTF-8' }, Html: { Data: email.html, Charset: 'UTF-8' } },
          ...(headers.length > 0 && { Headers: headers }),
        },
      },
    });
  } catch (error) {
    if (!isSendingPaused(error)) throw error;
    // SES answers 400, which would be a 500 here; for the caller the mail service is unavailable, not broken.
    logger.warn('mail sending is paused: answered 503', { configurationSet: mailConfigurationSet });
    throw unavailable(SENDING_PAUSED_RETRY_AFTER_SECONDS);
  }
}
