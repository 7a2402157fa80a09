import { SESv2Client } from '@aws-sdk/client-sesv2';

/**
 * One client per instance, with a request timeout: a mail service that hangs must become a 503, not a request
 * held until API Gateway gives up. Locally AWS_ENDPOINT_URL_SESV2 points it at aws-ses-v2-local.
 */
export const ses = new SESv2Client({ maxAttempts: 2, requestHandler: { connectionTimeout: 1_000, requestTimeout: 5_000 } });
