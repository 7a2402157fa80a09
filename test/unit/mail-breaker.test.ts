/**
 * A send while sending is paused, against a loopback server standing in for SES v2: the local SES emulator has no
 * configuration sets to pause, so this is where that answer is proven.
 */
import type * as Mail from '../../functions/shared/mail';
import { errorResult, HttpError } from '../../functions/shared/errors';
import { logger } from '../../functions/shared/logger';
import type { AwsStandIn } from './aws-stand-in';
import { SIGNING_ENVIRONMENT, startAwsStandIn } from './aws-stand-in';

const CONFIGURATION_SET = 'Pressroom-MailConfigurationSet-EXAMPLE';

let standIn: AwsStandIn;
// Loaded once the environment points at the stand-in: it reads it at load, as at a cold start.
let mail: typeof Mail;

beforeAll(async () => {
  standIn = await startAwsStandIn('application/json');
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_SESV2: standIn.url,
    ...SIGNING_ENVIRONMENT,
    SES_CONFIGURATION_SET: CONFIGURATION_SET,
    MAIL_FROM: 'no-reply@example.org',
  });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  mail = require('../../functions/shared/mail') as typeof Mail;
});

afterAll(() => standIn.close());

beforeEach(() => {
  standIn.seen.length = 0;
  standIn.answers = [];
});

afterEach(() => jest.restoreAllMocks());

describe('a send while sending is paused', () => {
  it('is answered 503 unavailable with Retry-After, not 500, and says so in the log', async () => {
    const warn = jest.spyOn(logger, 'warn');
    standIn.answers = [
      { status: 400, body: JSON.stringify({ message: 'Sending is paused for this configuration set.' }), headers: { 'x-amzn-errortype': 'SendingPausedException:' } },
    ];
    const refused = await mail.sendEmail('reader@example.org', { subject: 'Code', text: '123456', html: '<p>123456</p>' }).catch((error: unknown) => error);
    // Refused outright (400): not sent twice.
    expect(standIn.seen).toHaveLength(1);
    expect(refused).toBeInstanceOf(HttpError);
    const result = errorResult(refused as HttpError);
    expect(result.statusCode).toBe(503);
    expect(JSON.parse(result.body!)).toMatchObject({ error: { code: 'unavailable' } });
    expect(result.headers?.['Retry-After']).toBe(String(mail.SENDING_PAUSED_RETRY_AFTER_SECONDS));
    expect(warn).toHaveBeenCalledWith('mail sending is paused: answered 503', { configurationSet: CONFIGURATION_SET });
  });

  it('leaves other refusals as they are', async () => {
    standIn.answers = [{ status: 400, body: JSON.stringify({ message: 'Email address is not verified.' }), headers: { 'x-amzn-errortype': 'MessageRejected' } }];
    await expect(mail.sendEmail('reader@example.org', { subject: 'Code', text: '1', html: '1' })).rejects.toMatchObject({ name: 'MessageRejected' });
  });
});
