/**
 * People who leave the newsletter while a campaign is on its way to them: they unsubscribe, are suppressed after a
 * bounce, or their account is deleted after the campaign started but before their page is sent. Nobody of them is
 * mailed, and no claim of theirs stays in the campaign; everyone else has it exactly once, and the counters add up.
 *
 * The sender reads each page of the subscribers' index ahead of its turn, so the moment that matters is after the
 * next page was read and before it is sent. To hold a campaign there, the sender's SES calls pass a tap that keeps
 * the first page at SES until the test has acted, once that page's successor has been read (a second tap, in front
 * of the database, tells when). Those who leave are on the second page: the index sorts by `sub`, and the first page
 * is 50 subscribers whose subs sort before any Cognito sub. One of those is deleted while that first page is at SES:
 * mailed, but recording SES's answer must not bring their claim back.
 *
 * The index order must be ours alone, so the table is in a DynamoDB Local of this file's own, and the handlers run in
 * this process against it (the sender, the API's PUT /me/newsletter, the SES events), each held to its function's
 * item families; Cognito and SES are the shared stack's. Those who leave through the API have real accounts there.
 * Last, a page whose profiles cannot be read again is not lost.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { configure, invoke, invokeRoute } from './in-process';
import { reader, sesEventAbout } from './campaign-fixtures';
import { endpoints } from './client';
import { copiesPerAddress, sentAbout } from './mailbox';
import { publishedArticle, tableWith } from './newsletter-fixtures';
import type { PrivateDatabase } from './private-database';
import { startPrivateDatabase, TABLE } from './private-database';
import type { Answer } from './tap';
import { startTap } from './tap';
import { usersWithEmail } from './tokens';
import type * as Profiles from '../../functions/accounts/profile';
import type * as Campaigns from '../../functions/newsletter/campaigns';

const PAGE = 50;
const run = randomUUID().slice(0, 8);

interface Member {
  sub: string;
  email: string;
}

const member = (sub: string): Member => ({ sub, email: `${sub}@example.org` });
/** `0-` sorts before any Cognito sub (a UUID: hex digits and dashes) and `m-` after, whatever the run. */
const firstPage = Array.from({ length: PAGE }, (_, index) => member(`0-${run}-${String(index).padStart(2, '0')}`));
const secondPage = Array.from({ length: 10 }, (_, index) => member(`m-${run}-${String(index).padStart(2, '0')}`));
/** Whose profile is deleted mid-campaign: on the second page. */
const deleted = member(`m-${run}-deleted`);

let database: PrivateDatabase;
let documents: DynamoDBDocumentClient;
let campaigns: typeof Campaigns;
let profileItem: typeof Profiles.profileItem;
/** Everyone who still receives the newsletter: each test takes out whoever it makes leave. */
const subscribed: Member[] = [];
/** While set, the database answers every BatchGetItem (the sender's reading of profiles) with a 500. */
let refuseProfileReads = false;
const INTERNAL_ERROR: Answer = {
  status: 500,
  headers: { 'content-type': 'application/x-amz-json-1.0' },
  body: Buffer.from(JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'Internal server error' })),
};
/** Pages of the subscribers' index the database has answered. */
let subscriberPagesRead = 0;
/** What the test does while the sender's first page waits at SES; given that page's addresses. */
let whileFirstPageAtSes: ((addresses: string[]) => Promise<void>) | undefined;
const closeTaps: (() => Promise<void>)[] = [];

const subscribe = (members: readonly Member[]) =>
  tableWith(database.client, TABLE, members.map(({ sub, email }) => profileItem(sub, { email, createdAt: new Date().toISOString(), newsletter: true })));

beforeAll(async () => {
  database = await startPrivateDatabase();
  documents = DynamoDBDocumentClient.from(database.client);
  const databaseTap = await startTap(database.url, async (call, forward) => {
    if (refuseProfileReads && call.target?.endsWith('.BatchGetItem')) return INTERNAL_ERROR;
    const answer = await forward();
    if (call.target?.endsWith('.Query') && call.body.includes('"SUBSCRIBERS"')) subscriberPagesRead += 1;
    return answer;
  });
  const sesTap = await startTap(endpoints.mail, async (call, forward) => {
    const act = whileFirstPageAtSes;
    if (act && call.path.startsWith('/v2/email/outbound-bulk-emails')) {
      whileFirstPageAtSes = undefined;
      const { BulkEmailEntries } = JSON.parse(call.body) as { BulkEmailEntries: { Destination: { ToAddresses: string[] } }[] };
      await act(BulkEmailEntries.flatMap((entry) => entry.Destination.ToAddresses));
    }
    return forward();
  });
  closeTaps.push(databaseTap.close, sesTap.close);
  configure({ AWS_ENDPOINT_URL_DYNAMODB: databaseTap.url, AWS_ENDPOINT_URL_SESV2: sesTap.url, NEWSLETTER_MAX_SEND_RATE: '1000' });
  // Loaded after `configure`: these modules read their configuration when first imported.
  /* eslint-disable @typescript-eslint/no-require-imports */
  ({ profileItem } = require('../../functions/accounts/profile') as typeof Profiles);
  campaigns = require('../../functions/newsletter/campaigns') as typeof Campaigns;
  /* eslint-enable @typescript-eslint/no-require-imports */
  subscribed.push(...firstPage, ...secondPage, deleted);
  await subscribe(subscribed);
}, 60_000);

afterAll(async () => {
  for (const close of closeTaps) await close();
  await database.remove();
});

/**
 * A reader with an account on the shared stack (not subscribed there) and a subscribed profile in this table. Their
 * session is copied here too: a token opens a route only while its session is in the table the route reads.
 */
async function accountHolder(): Promise<Member & { token: string }> {
  const { email, token } = await reader(false);
  const { sub } = (await usersWithEmail(email))[0]!;
  const shared = DynamoDBDocumentClient.from(
    new DynamoDBClient({ region: 'us-east-1', endpoint: endpoints.dynamodb, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  );
  const { Items = [] } = await shared.send(new QueryCommand({ TableName: TABLE, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `SESSIONS#${sub}` } }));
  await tableWith(database.client, TABLE, Items);
  await subscribe([{ sub, email }]);
  subscribed.push({ sub, email });
  return { sub, email, token };
}

async function until(done: () => boolean): Promise<void> {
  for (const deadline = Date.now() + 3_000; !done(); ) {
    if (Date.now() > deadline) throw new Error('the sender did not read its next page while the first one waited');
    await new Promise((pause) => setTimeout(pause, 10));
  }
}

/**
 * Sends a new campaign with its sender's function, doing `meanwhile` while its first page waits at SES and its
 * second page has been read. Returns the campaign as it ends, and how many copies each address received.
 */
async function campaignWith(meanwhile: (firstPage: { addresses: string[]; campaignId: string }) => Promise<void>) {
  const article = await publishedArticle(database.client, TABLE, `Leaving ${run} ${randomUUID().slice(0, 8)}`);
  const campaign = await campaigns.createCampaign(article.id, article.publishedAt!);
  subscriberPagesRead = 0;
  let acting: Promise<void> | undefined;
  whileFirstPageAtSes = (addresses) => {
    acting = until(() => subscriberPagesRead >= 2).then(() => meanwhile({ addresses, campaignId: campaign.id }));
    // The page goes on to SES whatever happened; a failed step fails the test below, with its own message.
    return acting.catch(() => undefined);
  };
  await invoke('newsletter/send-campaign', { direct: { campaignId: campaign.id } });
  expect(acting).toBeDefined();
  await acting;
  const copies = copiesPerAddress(await sentAbout(article.title));
  return { campaign: (await campaigns.loadCampaign(campaign.id, true))!, copies: (member: Member) => copies.get(member.email) ?? 0, mailed: [...copies.values()].reduce((sum, n) => sum + n, 0) };
}

async function claimOf(campaignId: string, sub: string) {
  const { Item } = await documents.send(new GetCommand({ TableName: TABLE, Key: { pk: `CAMPAIGN#${campaignId}`, sk: `TO#${sub}` }, ConsistentRead: true }));
  return Item;
}

const leave = (leaving: readonly Member[]) => {
  for (const { sub } of leaving) subscribed.splice(subscribed.findIndex((member) => member.sub === sub), 1);
};

it('does not mail those who unsubscribe (PUT /me/newsletter) or are suppressed after it started, nor keep their claims', async () => {
  const unsubscribing = await accountHolder();
  const bouncing = await accountHolder();
  const { campaign, copies, mailed } = await campaignWith(async ({ addresses }) => {
    expect(addresses).not.toContain(unsubscribing.email);
    expect(addresses).not.toContain(bouncing.email);
    const answer = await invokeRoute<{ subscribed: boolean }>('newsletter/set-subscription', { token: unsubscribing.token, body: { subscribed: false } });
    expect([answer.statusCode, answer.body]).toEqual([200, { subscribed: false }]);
    await invoke('newsletter/ses-events', { direct: sesEventAbout('ses-events.json', bouncing.email) });
  });
  leave([unsubscribing, bouncing]);

  expect([copies(unsubscribing), copies(bouncing)]).toEqual([0, 0]);
  expect(subscribed.filter((member) => copies(member) !== 1)).toEqual([]);
  expect(mailed).toBe(subscribed.length);
  expect(campaign).toMatchObject({ status: 'sent', recipients: subscribed.length, sent: subscribed.length, failed: 0, suppressed: 0, skipped: 2 });
  expect(await claimOf(campaign.id, unsubscribing.sub)).toBeUndefined();
  expect(await claimOf(campaign.id, bouncing.sub)).toBeUndefined();
});

it('does not mail someone whose profile is deleted after it started, and leaves no claim of theirs', async () => {
  // The profile deleted straight in the table stands in for deleting the account (DELETE /me), being built apart.
  const { campaign, copies, mailed } = await campaignWith(async ({ addresses }) => {
    expect(addresses).not.toContain(deleted.email);
    await documents.send(new DeleteCommand({ TableName: TABLE, Key: { pk: `USER#${deleted.sub}`, sk: 'PROFILE' } }));
  });
  leave([deleted]);

  expect(copies(deleted)).toBe(0);
  expect(subscribed.filter((member) => copies(member) !== 1)).toEqual([]);
  expect(mailed).toBe(subscribed.length);
  expect(campaign).toMatchObject({ status: 'sent', recipients: subscribed.length, sent: subscribed.length, failed: 0, suppressed: 0, skipped: 1 });
  expect(await claimOf(campaign.id, deleted.sub)).toBeUndefined();
});

it('does not bring back the claim of someone whose account is deleted while their page is at SES', async () => {
  // Their email is on its way already; the deletion (standing in for DELETE /me) takes their profile and their
  // claims in every campaign, and recording SES's answer must not write the claim again.
  let swept: Member | undefined;
  const { campaign, copies } = await campaignWith(async ({ addresses, campaignId }) => {
    swept = subscribed.find((member) => member.email === addresses[0])!;
    expect(await claimOf(campaignId, swept.sub)).toMatchObject({ status: 'claimed' });
    await documents.send(new DeleteCommand({ TableName: TABLE, Key: { pk: `USER#${swept.sub}`, sk: 'PROFILE' } }));
    await documents.send(new DeleteCommand({ TableName: TABLE, Key: { pk: `CAMPAIGN#${campaignId}`, sk: `TO#${swept.sub}` } }));
  });

  expect(subscribed.filter((member) => copies(member) !== 1)).toEqual([]);
  expect(await claimOf(campaign.id, swept!.sub)).toBeUndefined();
  expect(await claimOf(campaign.id, subscribed.find((member) => member !== swept)!.sub)).toMatchObject({ status: 'SUCCESS' });
  expect(campaign).toMatchObject({ status: 'sent', recipients: subscribed.length, sent: subscribed.length, skipped: 0 });
  leave([swept!]);
});

it('loses no page whose profiles cannot be read again: its claims are given back, and the retried run mails it', async () => {
  // DynamoDB Local cannot be made to fail one kind of request: the tap in front of it answers the reads with a 500.
  const article = await publishedArticle(database.client, TABLE, `Unread ${run}`);
  const campaign = await campaigns.createCampaign(article.id, article.publishedAt!);
  refuseProfileReads = true;
  try {
    await expect(invoke('newsletter/send-campaign', { direct: { campaignId: campaign.id } })).rejects.toMatchObject({ name: 'InternalServerError' });
  } finally {
    refuseProfileReads = false;
  }
  expect(await sentAbout(article.title)).toEqual([]);
  expect(await claimOf(campaign.id, subscribed[0]!.sub)).toBeUndefined();

  await invoke('newsletter/send-campaign', { direct: { campaignId: campaign.id } });
  const copies = copiesPerAddress(await sentAbout(article.title));
  expect(subscribed.filter((member) => copies.get(member.email) !== 1)).toEqual([]);
  expect(await campaigns.loadCampaign(campaign.id, true)).toMatchObject({ status: 'sent', recipients: subscribed.length, sent: subscribed.length, skipped: 0 });
});
