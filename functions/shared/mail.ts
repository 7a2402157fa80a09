import { requiredEnv } from './config';
import { sendEmailRequest } from './aws/ses';
import type { Email } from './email-content';

export const mailFrom = requiredEnv('MAIL_FROM');

/** Bounces and complaints are tracked through the configuration set on AWS; the local emulator has none. */
export const mailConfigurationSet = process.env.SES_CONFIGURATION_SET || undefined;

export async function sendEmail(to: string, email: Email, headers: { Name: string; Value: string }[] = []): Promise<void> {
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
}
