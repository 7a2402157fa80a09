/**
 * The newsletter sender interrupted in the middle of a campaign, then resumed by a fresh run. The sender runs in a
 * process of its own, as a Lambda run does, and its SES calls pass a tap that strikes at its third page, at the
 * points that matter: the run killed outright (SIGKILL) just after SES took the page, or between claiming the page
 * and sending it; or SES's answer lost on the way back. Nobody is ever mailed twice; a kill in the window between
 * claim and send loses that one page, whose claims stay on record as in doubt (README, "If the sender crashes").
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { join } from 'node:path';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { configure } from './in-process';
import { endpoints } from './client';
import { copiesPerAddress, sentAbout } from './mailbox';
import { publishedArticle, tableWith } from './newsletter-fixtures';
import type { PrivateDatabase } from './private-database';
import { startPrivateDatabase, TABLE } from './private-database';
import type { Answer } from './tap';
import { killOutright, startTap } from './tap';
import type * as Profiles from '../../functions/accounts/profile';
import type * as Campaigns from '../../functions/newsletter/campaigns';
import type * as Sender from '../../functions/newsletter/campaign-run';

const PAGE = 50;
const SUBSCRIBERS = 4 * PAGE;
/** The page at which the sender is struck (1-based): two pages are done before it, one comes after. */
const STRUCK_PAGE = 3;

const run = randomUUID().slice(0, 8);
/** In the subscribers' index order (by sub), so a page's subscribers are known in advance. */
const subscribers = Array.from({ length: SUBSCRIBERS }, (_, index) => ({ sub: `sub-${run}-${String(index).padStart(4, '0')}`, email: `crash-${run}-${index}@example.org` }));
const struckPage = subscribers.slice((STRUCK_PAGE - 1) * PAGE, STRUCK_PAGE * PAGE);

// A database of its own: after the 2,000-subscriber test the shared one writes several times slower.
let database: PrivateDatabase;
let campaigns: typeof Campaigns;
let sendCampaign: typeof Sender.sendCampaign;

beforeAll(async () => {
  database = await startPrivateDatabase();
  configure({ AWS_ENDPOINT_URL_DYNAMODB: database.url, NEWSLETTER_MAX_SEND_RATE: '1000' });
  // Loaded after `configure`: these modules read their configuration when first imported.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { profileItem } = require('../../functions/accounts/profile') as typeof Profiles;
  campaigns = require('../../functions/newsletter/campaigns') as typeof Campaigns;
  ({ sendCampaign } = require('../../functions/newsletter/campaign-run') as typeof Sender);
  /* eslint-enable @typescript-eslint/no-require-imports */
  const createdAt = new Date().toISOString();
  await tableWith(database.client, TABLE, subscribers.map(({ sub, email }) => profileItem(sub, { email, createdAt, newsletter: true })));
}, 60_000);

afterAll(async () => {
  await database.remove();
});

let senderProcess: ChildProcess | undefined;

afterEach(() => {
  senderProcess?.kill('SIGKILL');
});

/** What happens at the sender's STRUCK_PAGE-th SES call. */
type Strike = 'kill before SES' | 'kill after SES' | 'lose the answer' | 'SES refuses the page';

/** SES v2's answer while sending is paused on the configuration set (the breaker): the page is not taken. */
const SENDING_PAUSED: Answer = {
  status: 400,
  headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'SendingPausedException' },
  body: Buffer.from(JSON.stringify({ message: 'Sending is paused for this configuration set.' })),
};

/**
 * A new campaign whose first run, in a child process, is struck at its STRUCK_PAGE-th page; then a fresh run
 * finishes the campaign. Returns how many copies each subscriber received, and the claims left in doubt.
 */
async function struckThenResumed(strike: Strike) {
  const article = await publishedArticle(database.client, TABLE, `Crash ${run} ${strike}`);
  const campaign = await campaigns.createCampaign(article.id, article.publishedAt!);
  let pages = 0;
  const tap = await startTap(endpoints.mail, async (call, forward): Promise<Answer | undefined> => {
    if (!call.path.startsWith('/v2/email/outbound-bulk-emails') || ++pages !== STRUCK_PAGE) return forward();
    if (strike === 'SES refuses the page') return SENDING_PAUSED;
    if (strike !== 'kill before SES') await forward();
    if (strike !== 'lose the answer') await killOutright(senderProcess!);
    return undefined;
  });
  let output = '';
  senderProcess = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'sender-process.ts'), campaign.id], {
    env: { ...process.env, AWS_ENDPOINT_URL_SESV2: tap.url, NODE_NO_WARNINGS: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  senderProcess.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  senderProcess.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const [code, signal] = (await once(senderProcess, 'exit')) as [number | null, string | null];
  await tap.close();
  const failsByItself = strike === 'lose the answer' || strike === 'SES refuses the page';
  if (!failsByItself && signal !== 'SIGKILL') throw new Error(`The sender ended with ${code} before it was killed:\n${output}`);

  expect(await sendCampaign(campaign.id, () => 600_000)).toBe(true);
  expect((await campaigns.loadCampaign(campaign.id, true))!.status).toBe('sent');
  const copies = copiesPerAddress(await sentAbout(article.title));
  return { copies: subscribers.map(({ email }) => copies.get(email) ?? 0), inDoubt: await claimsWithoutOutcome(campaign.id) };
}

/** The recipients claimed but with no answer from SES on record: mailed or not, the sender cannot tell. */
async function claimsWithoutOutcome(campaignId: string): Promise<string[]> {
  const { Items = [] } = await DynamoDBDocumentClient.from(database.client).send(
    new QueryCommand({
      TableName: TABLE,
      KeyConditionExpression: 'pk = :campaign AND begins_with(sk, :to)',
      ExpressionAttributeValues: { ':campaign': `CAMPAIGN#${campaignId}`, ':to': 'TO#' },
    }),
  );
  return Items.filter((item) => item.status === 'claimed').map((item) => (item.sk as string).slice('TO#'.length));
}

const struckSubs = struckPage.map(({ sub }) => sub);

it('killed just after SES took a page: once resumed, every subscriber has the newsletter exactly once', async () => {
  const { copies, inDoubt } = await struckThenResumed('kill after SES');
  expect(copies).toEqual(subscribers.map(() => 1));
  expect(inDoubt).toEqual(struckSubs);
});

it('SES answer to a page lost: the page is not sent again, and every subscriber has the newsletter exactly once', async () => {
  const { copies, inDoubt } = await struckThenResumed('lose the answer');
  expect(copies).toEqual(subscribers.map(() => 1));
  expect(inDoubt).toEqual(struckSubs);
});

it('killed between claiming a page and sending it: nobody has it twice, and only that page, on record, misses it', async () => {
  const { copies, inDoubt } = await struckThenResumed('kill before SES');
  expect(copies).toEqual(subscribers.map((subscriber) => (struckPage.includes(subscriber) ? 0 : 1)));
  expect(inDoubt).toEqual(struckSubs);
});

it('SES refuses a page (sending paused): its claims are given back, and once resumed every subscriber has the newsletter exactly once', async () => {
  const { copies, inDoubt } = await struckThenResumed('SES refuses the page');
  expect(copies).toEqual(subscribers.map(() => 1));
  expect(inDoubt).toEqual([]);
});
