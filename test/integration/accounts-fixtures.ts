/**
 * Shared steps of the account tests: a unique address per test, a full sign-up, and one stand-in for waiting:
 * `forgetCodeThrottle` deletes the address's sending counter, where a user would wait a minute between codes.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { call, endpoints } from './client';
import { latestCode } from './mailbox';

export const PASSWORD = 'Correct-Horse-2024!';

export const uniqueEmail = (label: string): string => `${label}-${randomUUID().slice(0, 8)}@example.org`;

const shared = new DynamoDBClient({ region: 'us-east-1', endpoint: endpoints.dynamodb, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
const codesKey = Buffer.from(
  (JSON.parse(readFileSync(join(dirname(process.env.PRESSROOM_ENDPOINTS!), 'secrets.json'), 'utf8')) as { codes: string }).codes,
  'base64',
);

/** How the table's keys name an address (functions/accounts/codes/rules.ts): a hash keyed with the stack's secret. */
export const addressDigest = (email: string): string => createHmac('sha256', codesKey).update(`address\n${email}`).digest('base64url');

/** `database`: a test file's private DynamoDB Local (private-database.ts) rather than the shared stack's. */
export async function forgetCodeThrottle(email: string, database: DynamoDBClient = shared): Promise<void> {
  const address = addressDigest(email);
  const documents = DynamoDBDocumentClient.from(database);
  for (const purpose of ['signup', 'reset']) {
    await documents.send(new DeleteCommand({ TableName: 'pressroom', Key: { pk: `RATE#codes#${purpose}#${address}`, sk: 'RATE' } }));
  }
}

export async function signUp(email: string, extra: { name?: string; newsletter?: boolean } = {}) {
  const response = await call('POST', '/auth/signup', { body: { email, password: PASSWORD, ...extra } });
  expect(response.status).toBe(201);
  return response;
}

export async function signUpAndConfirm(email: string, extra: { name?: string; newsletter?: boolean } = {}): Promise<void> {
  await signUp(email, extra);
  const confirmed = await confirm(email);
  expect(confirmed.status).toBe(200);
}

/** Confirms with the newest code in the inbox and, unless another is given, the password the fixtures sign up with. */
export const confirm = async (email: string, password = PASSWORD) =>
  call('POST', '/auth/confirm', { body: { email, code: await latestCode(email), password } });

export async function logIn(email: string, password = PASSWORD) {
  return call<{ accessToken: string; idToken: string; refreshToken: string; expiresIn: number; tokenType: string }>('POST', '/auth/login', {
    body: { email, password },
  });
}
