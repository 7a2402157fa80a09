/**
 * The warning that everyone's daily budget of code requests is spent raises an alarm (infra/account-alarms.ts), so it
 * is logged for the budget's own refusal only, not when the table is out of reach. A loopback server stands in for
 * DynamoDB: DynamoDB Local cannot be made to refuse one particular update.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Issuing from '../../functions/accounts/codes/issuing';
import { BUDGET_LOG } from '../../functions/accounts/codes/budget-log';
import { Refusal } from '../../functions/common/errors';
import { logger } from '../../functions/common/logger';
import type { AwsStandIn, StandInAnswer } from './aws-stand-in';
import { SIGNING_ENVIRONMENT, startAwsStandIn } from './aws-stand-in';

let standIn: AwsStandIn;
let withSendingSlot: typeof Issuing.withSendingSlot;

/** What the stand-in answers the conditional update of everyone's daily window. */
let dailyWindow: StandInAnswer;

beforeAll(async () => {
  standIn = await startAwsStandIn('application/x-amz-json-1.0');
  standIn.respond = ({ headers, body }) => {
    const operation = String(headers['x-amz-target']).split('.').pop();
    if (operation !== 'UpdateItem') return { status: 200, body: '{}' };
    const { Key } = JSON.parse(body) as { Key: { pk: { S: string } } };
    if (Key.pk.S.startsWith('RATE#code-requests#all#')) return dailyWindow;
    return { status: 200, body: JSON.stringify({ Attributes: { count: { N: '1' } } }) };
  };
  const secrets = join(mkdtempSync(join(tmpdir(), 'pressroom-budget-')), 'secrets.json');
  writeFileSync(secrets, JSON.stringify({ codes: Buffer.from('unit-test-codes-key').toString('base64') }));
  Object.assign(process.env, {
    ...SIGNING_ENVIRONMENT,
    AWS_ENDPOINT_URL_DYNAMODB: standIn.url,
    TABLE_NAME: 'unit-table',
    SECRETS_FILE: secrets,
    RESPONSE_FLOOR_MS: '0',
    MAIL_FROM: 'no-reply@example.org',
    USER_POOL_ID: 'eu-west-1_UNIT',
    USER_POOL_CLIENT_ID: 'unitclient',
  });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  withSendingSlot = (require('../../functions/accounts/codes/issuing') as typeof Issuing).withSendingSlot;
});

afterAll(() => standIn.close());

afterEach(() => jest.restoreAllMocks());

const requestCode = () => withSendingSlot('reset', 'reader@example.org', '192.0.2.10', async () => 'sent');

it('logs the warning when the daily budget refuses a code request (429)', async () => {
  const warn = jest.spyOn(logger, 'warn');
  dailyWindow = { status: 400, body: JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException', message: 'The conditional request failed' }) };
  await expect(requestCode()).rejects.toMatchObject({ code: 'too_many_requests' });
  expect(warn).toHaveBeenCalledWith(BUDGET_LOG.requestBudgetSpent, expect.anything());
});

it('does not log it when the table fails', async () => {
  const warn = jest.spyOn(logger, 'warn');
  dailyWindow = { status: 500, body: JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'Internal error' }) };
  const failure = await requestCode().catch((error: unknown) => error);
  expect(failure).not.toBeInstanceOf(Refusal);
  expect(warn).not.toHaveBeenCalledWith(BUDGET_LOG.requestBudgetSpent, expect.anything());
});
