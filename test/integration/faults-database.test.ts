/**
 * The database stopped mid-run, then back. This file's table lives in a DynamoDB Local of its own (the stack's
 * launcher, data on disk), provisioned and seeded as `npm start` does; the handlers run in-process against it, with
 * the shared stack's Cognito, SES and S3. The database is killed outright (SIGKILL) in the middle of a confirmation.
 * While it is down every request answers 503 with Retry-After and nothing is written by halves; restarted on the
 * same port and data, the service serves the same requests again, and the interrupted confirmation completes.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { configure, invokeRoute } from './in-process';
import { sampleArticles } from '../../local/sample-content';
import { seedSampleContent } from '../../local/seed';
import { PASSWORD, uniqueEmail } from './accounts-fixtures';
import { endpoints } from './client';
import { latestCode } from './mailbox';
import type { PrivateDatabase } from './private-database';
import { startPrivateDatabase, TABLE } from './private-database';
import type { TappedCall } from './tap';
import { startTap } from './tap';
import { usersWithEmail } from './tokens';

const sample = sampleArticles[0]!;

let database: PrivateDatabase;
let closeCognitoTap: () => Promise<void>;
/** Runs when a handler calls Cognito, before the call goes on: how a test kills the database at an exact step. */
let beforeCognito: ((call: TappedCall) => Promise<void>) | undefined;

beforeAll(async () => {
  database = await startPrivateDatabase();
  const s3 = new S3Client({
    region: 'us-east-1',
    endpoint: endpoints.s3,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
  await seedSampleContent({ dynamodb: database.client, s3, tableName: TABLE, bucketName: 'pressroom-videos', articles: [sample] });
  const tap = await startTap(endpoints.cognito, async (call, forward) => {
    await beforeCognito?.(call);
    return forward();
  });
  closeCognitoTap = tap.close;
  configure({ AWS_ENDPOINT_URL_DYNAMODB: database.url, AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: tap.url, RESPONSE_FLOOR_MS: '0' });
}, 60_000);

afterAll(async () => {
  await closeCognitoTap();
  await database.remove();
});

/** A reader who signed up, confirmed and downloaded before the fault. */
const reader = { email: uniqueEmail('steady'), token: '' };
/** Someone whose confirmation is under way when the database dies. */
const joiner = { email: uniqueEmail('joiner'), code: '' };
/** Someone who first tries to sign up while the database is down. */
const latecomer = uniqueEmail('latecomer');
const video = sample.videos[0]!.id;

/** One of each kind of request, reads and writes; all must work again once the database is back. */
const requests: Record<string, () => ReturnType<typeof invokeRoute>> = {
  'GET /articles': () => invokeRoute('catalogue/list-articles'),
  'GET /articles/{slug}': () => invokeRoute('catalogue/get-article', { params: { idOrSlug: sample.slug } }),
  'GET /videos/{id}': () => invokeRoute('catalogue/get-video', { params: { id: video } }),
  'GET /me': () => invokeRoute('accounts/me', { token: reader.token }),
  'GET /me/downloads': () => invokeRoute('downloads/list-downloads', { token: reader.token }),
  'POST /videos/{id}/download': () => invokeRoute('downloads/download-video', { params: { id: video }, token: reader.token, body: {} }),
  'PUT /me/newsletter': () => invokeRoute('newsletter/set-subscription', { token: reader.token, body: { subscribed: true } }),
  'POST /auth/login': () => invokeRoute('accounts/login', { body: { email: reader.email, password: PASSWORD } }),
  'POST /auth/signup': () => invokeRoute('accounts/signup', { body: { email: latecomer, password: PASSWORD } }),
  'POST /auth/confirm': () => invokeRoute('accounts/confirm', { body: { email: joiner.email, code: joiner.code, password: PASSWORD } }),
};

/** Each request's status, and whether it says when to retry, in order (one after the other, as a user would). */
async function answersTo(named: typeof requests): Promise<Record<string, { status: number; retryAfter: boolean }>> {
  const answers: Record<string, { status: number; retryAfter: boolean }> = {};
  for (const [name, send] of Object.entries(named)) {
    const answer = await send();
    answers[name] = { status: answer.statusCode, retryAfter: Number(answer.headers['Retry-After']) > 0 };
  }
  return answers;
}

const downloadsOf = async (token: string) => (await invokeRoute<{ items: unknown[] }>('downloads/list-downloads', { token })).body.items;

describe('DynamoDB Local killed mid-run, then restarted', () => {
  it('serves sign-up, confirmation, sign-in and a download while it runs', async () => {
    for (const [email, newsletter] of [[reader.email, false], [joiner.email, true]] as const) {
      expect((await invokeRoute('accounts/signup', { body: { email, password: PASSWORD, newsletter } })).statusCode).toBe(201);
    }
    expect((await invokeRoute('accounts/confirm', { body: { email: reader.email, code: await latestCode(reader.email), password: PASSWORD } })).statusCode).toBe(200);
    reader.token = (await invokeRoute<{ accessToken: string }>('accounts/login', { body: { email: reader.email, password: PASSWORD } })).body.accessToken;
    const link = await invokeRoute<{ url: string }>('downloads/download-video', { params: { id: video }, token: reader.token, body: {} });
    expect([link.statusCode, link.body.url]).toEqual([200, expect.stringContaining(endpoints.s3)]);
    joiner.code = await latestCode(joiner.email);
  });

  it('answers 503 with Retry-After to reads and writes, never 500, once killed in the middle of a confirmation', async () => {
    // Killed after the code was checked, while the handler makes the Cognito user: before the code is used up.
    beforeCognito = async (call) => {
      if (call.target?.endsWith('.AdminCreateUser') && call.body.includes(joiner.email)) await database.kill();
    };
    const interrupted = await invokeRoute('accounts/confirm', { body: { email: joiner.email, code: joiner.code, password: PASSWORD } });
    beforeCognito = undefined;
    expect(database.process().signalCode).toBe('SIGKILL');
    expect([interrupted.statusCode, interrupted.body.error?.code, Number(interrupted.headers['Retry-After']) > 0]).toEqual([503, 'unavailable', true]);

    const unavailable = Object.fromEntries(Object.keys(requests).map((name) => [name, { status: 503, retryAfter: true }]));
    expect(await answersTo(requests)).toEqual(unavailable);
  });

  it('has written nothing by halves: no account usable without its profile, no half-made account', async () => {
    // The Cognito user was made, but has no password anyone knows until the confirmation completes.
    const [joinerAccount] = await usersWithEmail(joiner.email);
    expect(joinerAccount?.status).toBe('FORCE_CHANGE_PASSWORD');
    expect(await usersWithEmail(latecomer)).toEqual([]);

    await database.restart();
    const profile = await DynamoDBDocumentClient.from(database.client).send(new GetCommand({ TableName: TABLE, Key: { pk: `USER#${joinerAccount!.sub}`, sk: 'PROFILE' } }));
    expect(profile.Item).toBeUndefined();
    // Only the link the reader was given is on record, not the one refused during the outage.
    expect(await downloadsOf(reader.token)).toHaveLength(1);
  });

  it('serves the same requests again once restarted on its data, and the interrupted confirmation completes', async () => {
    const served = await answersTo(requests);
    expect(Object.fromEntries(Object.entries(served).map(([name, { status }]) => [name, status]))).toEqual({
      ...Object.fromEntries(Object.keys(requests).map((name) => [name, 200])),
      'POST /auth/signup': 201,
    });
    expect(await downloadsOf(reader.token)).toHaveLength(2);
    expect((await usersWithEmail(joiner.email))[0]?.status).toBe('CONFIRMED');
    // The profile came with the confirmation, newsletter choice included.
    const joinerToken = (await invokeRoute<{ accessToken: string }>('accounts/login', { body: { email: joiner.email, password: PASSWORD } })).body.accessToken;
    const me = await invokeRoute<{ email: string; newsletter: { subscribed: boolean } }>('accounts/me', { token: joinerToken });
    expect([me.statusCode, me.body.email, me.body.newsletter.subscribed]).toEqual([200, joiner.email, true]);
    // The latecomer's code arrived: the sign-up refused during the outage left nothing in the way.
    expect((await invokeRoute('accounts/confirm', { body: { email: latecomer, code: await latestCode(latecomer), password: PASSWORD } })).statusCode).toBe(200);
  });
});
