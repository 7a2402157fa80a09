/**
 * The SES v2 calls, as signed JSON requests (see signed-request.ts for why not the SDK client): the two sending
 * calls, and the breaker's pause. The inputs and answers are the API's own shapes. Locally AWS_ENDPOINT_URL_SESV2
 * points at aws-ses-v2-local behind local/mail-emulator.ts, which adds the configuration set's pause.
 */
import type {
  PutConfigurationSetSendingOptionsRequest,
  SendBulkEmailCommandInput,
  SendBulkEmailCommandOutput,
  SendEmailCommandInput,
} from '@aws-sdk/client-sesv2';
import type { AwsService } from './signed-request';
import { awsJsonRequest, escape } from './signed-request';

const SES: AwsService = { signingName: 'ses', endpointPrefix: 'email', endpointEnv: 'AWS_ENDPOINT_URL_SESV2' };

export const sendEmailRequest = (input: SendEmailCommandInput): Promise<{ MessageId?: string }> =>
  awsJsonRequest(SES, { method: 'POST', path: '/v2/email/outbound-emails', body: input });

/**
 * Not idempotent: SES has no idempotency key, so a retry after a lost answer (a timeout, a dropped connection)
 * would mail the whole page again. The newsletter's claims leave such a page in doubt instead.
 */
export const sendBulkEmailRequest = (input: SendBulkEmailCommandInput): Promise<Pick<SendBulkEmailCommandOutput, 'BulkEmailEntryResults'>> =>
  awsJsonRequest(SES, { method: 'POST', path: '/v2/email/outbound-bulk-emails', body: input, idempotent: false });

/** Turns sending through a configuration set on or off; the same call twice is harmless, so it may be retried. */
export const putConfigurationSetSendingOptionsRequest = ({
  ConfigurationSetName,
  ...options
}: PutConfigurationSetSendingOptionsRequest & { ConfigurationSetName: string }): Promise<unknown> =>
  awsJsonRequest(SES, { method: 'PUT', path: `/v2/email/configuration-sets/${escape(ConfigurationSetName)}/sending`, body: options });

/**
 * SES v2 refuses a send with SendingPausedException (400) while sending is paused, for the account (SES's own
 * enforcement) or for the configuration set (our breaker). v2 has no separate name for the configuration set's
 * pause (v1's ConfigurationSetSendingPausedException).
 */
export const isSendingPaused = (error: unknown): boolean => (error as { name?: unknown } | null | undefined)?.name === 'SendingPausedException';
