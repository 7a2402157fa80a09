/**
 * A campaign to 2,000 subscribers, interrupted part-way (its run's time is up) and resumed: every subscriber gets
 * it exactly once, at no more than the configured rate. It runs the sender in-process against a database of its
 * own, so the campaigns of the other tests do not mail these 2,000 and theirs do not mail them.
 */
import { randomUUID } from 'node:crypto';
import { audience, busiestSecond } from '../../local/audience';
import { configure } from './in-process';
import { copiesPerAddress, sentAbout } from './mailbox';
import { publishedArticle, tableWith } from './newsletter-fixtures';
import type { PrivateDatabase } from './private-database';
import { startPrivateDatabase, TABLE } from './private-database';
import type * as Profiles from '../../functions/accounts/profile';
import type * as Campaigns from '../../functions/newsletter/campaigns';
import type * as Sender from '../../functions/newsletter/campaign-run';

const RATE = 200;
const SUBSCRIBERS = 2_000;
const run = randomUUID().slice(0, 8);
const { subscribers, outsiders } = audience(run, SUBSCRIBERS);

let database: PrivateDatabase;
let claim: typeof Campaigns.claim;
let createCampaign: typeof Campaigns.createCampaign;
let loadCampaign: typeof Campaigns.loadCampaign;
let sendCampaign: typeof Sender.sendCampaign;

beforeAll(async () => {
  // A database of its own: thousands of claims and outcomes written to the shared one slow every test after this.
  database = await startPrivateDatabase();
  configure({ AWS_ENDPOINT_URL_DYNAMODB: database.url, NEWSLETTER_MAX_SEND_RATE: String(RATE) });
  // Loaded after `configure`: these modules read their configuration when first imported.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { profileItem } = require('../../functions/accounts/profile') as typeof Profiles;
  ({ claim, createCampaign, loadCampaign } = require('../../functions/newsletter/campaigns') as typeof Campaigns);
  ({ sendCampaign } = require('../../functions/newsletter/campaign-run') as typeof Sender);
  /* eslint-enable @typescript-eslint/no-require-imports */
  const createdAt = new Date().toISOString();
  // The outsiders (not subscribed, or suppressed) share the table and must get nothing.
  await tableWith(database.client, TABLE, [...subscribers, ...outsiders].map(({ sub, ...member }) => profileItem(sub, { ...member, createdAt })));
}, 60_000);

afterAll(async () => {
  await database.remove();
});

it('reaches 2,000 subscribers exactly once across an interruption, within the rate', async () => {
  const article = await publishedArticle(database.client, TABLE, `Bulk ${run}`);
  const campaign = await createCampaign(article.id, article.publishedAt!);

  // First run: its time runs out after 12 pages, as a Lambda run nearing its 15 minutes would.
  let pages = 0;
  const started = performance.now();
  expect(await sendCampaign(campaign.id, () => (++pages <= 12 ? 600_000 : 0))).toBe(false);
  const halfway = await loadCampaign(campaign.id, true);
  expect(halfway!.status).toBe('sending');
  expect(halfway!.sent).toBe(12 * 50);
  // The next run goes on from the checkpoint to the end.
  expect(await sendCampaign(campaign.id, () => 600_000)).toBe(true);
  const seconds = (performance.now() - started) / 1000;

  const done = (await loadCampaign(campaign.id, true))!;
  expect({ status: done.status, recipients: done.recipients, sent: done.sent, failed: done.failed }).toEqual({ status: 'sent', recipients: SUBSCRIBERS, sent: SUBSCRIBERS, failed: 0 });

  const ours = await sentAbout(article.title);
  const perAddress = copiesPerAddress(ours);
  expect(subscribers.filter(({ email }) => perAddress.get(email) !== 1)).toEqual([]);
  expect(perAddress.size).toBe(SUBSCRIBERS);
  expect(outsiders.filter(({ email }) => perAddress.has(email))).toEqual([]);

  // Pacing: 2,000 at 200 a second cannot take less than ~9.75 s (the first batch goes at once), and no
  // second of the mailbox's clock holds more than the rate plus one batch.
  expect(seconds).toBeGreaterThanOrEqual((SUBSCRIBERS - 50) / RATE);
  const busiest = busiestSecond(ours);
  expect(busiest).toBeLessThanOrEqual(RATE + 50);
  console.log(`2,000 subscribers in ${seconds.toFixed(1)} s: ${(SUBSCRIBERS / seconds).toFixed(0)} emails/s at a configured ${RATE}/s; busiest second ${busiest}`);
}, 120_000);

it('claims only the recipients no earlier run claimed, when a page was partly claimed', async () => {
  const recipients = ['a', 'b', 'c'].map((name) => ({ sub: `claim-${run}-${name}`, email: `claim-${name}-${run}@example.org` }));
  expect(await claim(`cmp_claims${run}`, recipients.slice(0, 2), new Date().toISOString())).toEqual(recipients.slice(0, 2));
  expect(await claim(`cmp_claims${run}`, recipients, new Date().toISOString())).toEqual([recipients[2]]);
  expect(await claim(`cmp_claims${run}`, recipients, new Date().toISOString())).toEqual([]);
});
