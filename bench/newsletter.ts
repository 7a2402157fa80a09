/**
 * One campaign to a seeded audience, sent by the sender's own code in this process (as its Lambda run would),
 * every AWS call it makes recorded: the send rate against the configured one, the calls per recipient, and from
 * the SES emulator's store, whether each subscriber got it exactly once.
 */
import { randomUUID } from 'node:crypto';
import { createCampaign } from '../functions/newsletter/campaigns';
import { sendCampaign } from '../functions/newsletter/campaign-run';
import { dynamodb, tableName } from '../functions/common/aws/dynamodb';
import { profileItem } from '../functions/accounts/profile';
import { audience, busiestSecond, copiesPerAddress, putPublishedArticle, sentAbout, writeItems } from '../local/audience';
import type { SdkCall } from './sdk-calls';
import { recordCalls } from './sdk-calls';
import { usageOf } from './usage';

export interface NewsletterResult {
  subscribers: number;
  configuredRate: number;
  seconds: number;
  emailsPerSecond: number;
  /** emailsPerSecond over configuredRate: the goal is 90–100 %. */
  rateUse: number;
  peakPerSecond: number;
  sesCalls: number;
  dynamodbCalls: number;
  /** DynamoDB request units the whole campaign used, as on-demand bills them (billed-units.ts). */
  readUnits: number;
  writeUnits: number;
  /** SES messages, counted from the bulk sends' recipients. */
  emails: number;
  duplicates: number;
  missed: number;
  outsidersMailed: number;
  /** Where the time goes: each kind of call, how many and how long on average. */
  callTimes: { call: string; count: number; meanMs: number }[];
}

function callTimes(calls: readonly SdkCall[]): NewsletterResult['callTimes'] {
  const byKind = new Map<string, number[]>();
  for (const call of calls) {
    const kind = `${call.service}:${call.command.replace(/Command$/, '')}`;
    byKind.set(kind, [...(byKind.get(kind) ?? []), call.ms]);
  }
  return [...byKind].map(([call, times]) => ({ call, count: times.length, meanMs: Math.round((times.reduce((a, b) => a + b, 0) / times.length) * 10) / 10 }));
}

/** Far more than the campaign needs: the run is never cut short here (the bulk test covers hand-over). */
const RUN_MS = 15 * 60_000;

export async function measureNewsletter(mailUrl: string, subscriberCount: number, configuredRate: number): Promise<NewsletterResult> {
  const run = randomUUID().slice(0, 8);
  const { subscribers, outsiders } = audience(run, subscriberCount);
  const createdAt = new Date().toISOString();
  await writeItems(dynamodb, tableName, [...subscribers, ...outsiders].map(({ sub, ...member }) => profileItem(sub, { ...member, createdAt })));
  const article = await putPublishedArticle(dynamodb, tableName, `Bench ${run}`);
  const campaign = await createCampaign(article.id, article.publishedAt!);
  const started = performance.now();
  const { result: finished, calls } = await recordCalls(() => sendCampaign(campaign.id, () => RUN_MS));
  const seconds = (performance.now() - started) / 1000;
  if (!finished) throw new Error('The campaign did not finish in one run');
  const sent = await sentAbout(mailUrl, article.title);
  const copies = copiesPerAddress(sent);
  const emailsPerSecond = subscriberCount / seconds;
  const dynamodbCalls = calls.filter((call) => call.service === 'dynamodb');
  const usage = usageOf(calls);
  return {
    subscribers: subscriberCount,
    configuredRate,
    seconds: Math.round(seconds * 100) / 100,
    emailsPerSecond: Math.round(emailsPerSecond * 10) / 10,
    rateUse: Math.round((emailsPerSecond / configuredRate) * 1000) / 1000,
    peakPerSecond: busiestSecond(sent),
    sesCalls: calls.filter((call) => call.service === 'ses').length,
    dynamodbCalls: dynamodbCalls.length,
    readUnits: usage.readUnits,
    writeUnits: usage.writeUnits,
    emails: usage.emails,
    duplicates: [...copies.values()].reduce((sum, count) => sum + count - 1, 0),
    missed: subscribers.filter(({ email }) => !copies.has(email)).length,
    outsidersMailed: outsiders.filter(({ email }) => copies.has(email)).length,
    callTimes: callTimes(calls),
  };
}
