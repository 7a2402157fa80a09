/**
 * The sending breaker and a send while sending is paused, against a loopback server standing in for SES v2: the
 * local SES emulator has no configuration sets to pause, so this is where the AWS path of both is proven.
 */
import type { CloudWatchAlarmEvent, Context } from 'aws-lambda';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as Breaker from '../../functions/mail/handlers/pause-sending';
import type * as Mail from '../../functions/common/mail';
import { errorResult } from '../../functions/common/error-responses';
import { Refusal } from '../../functions/common/errors';
import { logger } from '../../functions/common/logger';
import type { AwsStandIn, Seen } from './aws-stand-in';
import { SIGNING_ENVIRONMENT, startAwsStandIn } from './aws-stand-in';

const CONFIGURATION_SET = 'Pressroom-MailConfigurationSet-EXAMPLE';
const alarmEvent = JSON.parse(readFileSync(join(__dirname, '../../events/mail/pause-sending.json'), 'utf8')) as CloudWatchAlarmEvent;

let standIn: AwsStandIn;
// Loaded once the environment points at the stand-in: both read it at load, as at a cold start.
let breaker: typeof Breaker.handler;
let mail: typeof Mail;

beforeAll(async () => {
  standIn = await startAwsStandIn('application/json');
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_SESV2: standIn.url,
    ...SIGNING_ENVIRONMENT,
    SES_CONFIGURATION_SET: CONFIGURATION_SET,
    MAIL_FROM: 'no-reply@example.org',
  });
  /* eslint-disable @typescript-eslint/no-require-imports */
  breaker = (require('../../functions/mail/handlers/pause-sending') as typeof Breaker).handler;
  mail = require('../../functions/common/mail') as typeof Mail;
  /* eslint-enable @typescript-eslint/no-require-imports */
});

afterAll(() => standIn.close());

beforeEach(() => {
  standIn.seen.length = 0;
  standIn.answers = [];
});

afterEach(() => jest.restoreAllMocks());

describe('the breaker', () => {
  it('pauses sending on the configured set with one signed PutConfigurationSetSendingOptions when an alarm goes into ALARM', async () => {
    standIn.answers = [{ status: 200, body: '{}' }];
    await breaker(alarmEvent, {} as Context);
    expect(standIn.seen).toHaveLength(1);
    const [{ method, url, headers, body }] = standIn.seen as [Seen];
    expect([method, url]).toEqual(['PUT', `/v2/email/configuration-sets/${CONFIGURATION_SET}/sending`]);
    expect(JSON.parse(body)).toEqual({ SendingEnabled: false });
    expect(headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIAUNITTEST\/\d{8}\/eu-west-1\/ses\/aws4_request, SignedHeaders=\S+, Signature=[0-9a-f]{64}$/);
  });

  it.each(['OK', 'INSUFFICIENT_DATA'])('does nothing on a change into %s', async (value) => {
    const event = { ...alarmEvent, alarmData: { ...alarmEvent.alarmData, state: { ...alarmEvent.alarmData.state, value } } };
    await breaker(event, {} as Context);
    expect(standIn.seen).toEqual([]);
  });

  it('fails when SES refuses, so that Lambda retries it and its error alarm fires', async () => {
    standIn.answers = [{ status: 400, body: JSON.stringify({ message: 'Configuration set does not exist' }), headers: { 'x-amzn-errortype': 'NotFoundException' } }];
    await expect(breaker(alarmEvent, {} as Context)).rejects.toMatchObject({ name: 'NotFoundException' });
  });
});

describe('a send while sending is paused', () => {
  it('is answered 503 unavailable with Retry-After, not 500, and says so in the log', async () => {
    const warn = jest.spyOn(logger, 'warn');
    standIn.answers = [
      { status: 400, body: JSON.stringify({ message: 'Sending is paused for this configuration set.' }), headers: { 'x-amzn-errortype': 'SendingPausedException:' } },
    ];
    const refused = await mail.sendEmail('reader@example.org', { subject: 'Code', text: '123456', html: '<p>123456</p>' }).catch((error: unknown) => error);
    // Refused outright (400): not sent twice.
    expect(standIn.seen).toHaveLength(1);
    expect(refused).toBeInstanceOf(Refusal);
    const result = errorResult(refused as Refusal);
    expect(result.statusCode).toBe(503);
    expect(JSON.parse(result.body)).toMatchObject({ error: { code: 'unavailable' } });
    expect(result.headers?.['Retry-After']).toBe(String(mail.SENDING_PAUSED_RETRY_AFTER_SECONDS));
    expect(warn).toHaveBeenCalledWith('mail sending is paused: answered 503', { configurationSet: CONFIGURATION_SET });
  });

  it('leaves other refusals as they are', async () => {
    standIn.answers = [{ status: 400, body: JSON.stringify({ message: 'Email address is not verified.' }), headers: { 'x-amzn-errortype': 'MessageRejected' } }];
    await expect(mail.sendEmail('reader@example.org', { subject: 'Code', text: '1', html: '1' })).rejects.toMatchObject({ name: 'MessageRejected' });
  });
});
