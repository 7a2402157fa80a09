/**
 * Campaigns in the table: one item per campaign with its counters and its checkpoint (the last subscriber key
 * reached), one claim item per recipient. A recipient is claimed before being mailed, with a condition that the
 * claim does not exist yet, so no sender, resumed or concurrent, mails anyone twice. Once claimed, each recipient's
 * profile is read again (consistently) before the page goes out: whoever left the newsletter meanwhile is skipped.
 */
import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DeleteCommand, GetCommand, PutCommand, paginateQuery, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Profile } from '../accounts/profile';
import { profileKey, receivesNewsletter, SUBSCRIBERS } from '../accounts/profile';
import { deleteItems } from '../common/delete-items';
import { dynamodb, tableName, unlessConditionFails } from '../common/aws/dynamodb';
import { queryIndexPage } from '../common/index-query';
import type { ItemFamily } from '../common/table';
import { FEED_INDEX, partitionOf } from '../common/table';

export interface Campaign {
  id: string;
  articleId: string;
  status: 'sending' | 'sent';
  recipients: number;
  sent: number;
  failed: number;
  suppressed: number;
  /** Subscribers who left the newsletter (or the portal) after the campaign started, before their page went out. */
  skipped?: number;
  createdAt: string;
  /** The editor who published the article (from its published event); absent on campaigns from before it was kept. */
  publishedBy?: { sub: string };
  /** Where sending goes on: the subscribers' index key after the last recipient handled. */
  checkpoint?: Record<string, string>;
  /** When the sender was started for it. */
  handedOverAt?: string;
  /** When a page of it was last recorded: a sender that stops moving it on leaves it stuck (stuck-campaigns.ts). */
  progressedAt?: string;
}

/** What SES said of one recipient. */
export interface Outcome {
  sub: string;
  status: string;
  messageId?: string;
}

export interface Subscriber {
  sub: string;
  email: string;
}

/** What editors see of a campaign. */
export function campaignOf(campaign: Campaign) {
  const { id, articleId, status, recipients, sent, failed, suppressed, skipped, createdAt, publishedBy } = campaign;
  return { id, articleId, status, recipients, sent, failed, suppressed, skipped: skipped ?? 0, createdAt, publishedBy: publishedBy ?? null };
}

const CAMPAIGNS = 'CAMPAIGNS' satisfies ItemFamily;
const campaignKey = (id: string) => ({ pk: partitionOf('CAMPAIGN#*', id), sk: 'CAMPAIGN' });
const claimKey = (campaignId: string, sub: string) => ({ pk: campaignKey(campaignId).pk, sk: `TO#${sub}` });

/** One campaign per article, whatever happens upstream: its id is derived from the article's. */
function campaignIdFor(articleId: string): string {
  const digest = createHash('sha256').update(articleId).digest();
  return `cmp_${[...digest.subarray(0, 16)].map((byte) => 'abcdefghijklmnopqrstuvwxyz234567'[byte % 32]).join('')}`;
}

/** Creates the campaign unless it exists, and returns it as it stands. */
export async function createCampaign(articleId: string, createdAt: string, publishedBy?: Campaign['publishedBy']): Promise<Campaign> {
  const id = campaignIdFor(articleId);
  const campaign: Campaign = { id, articleId, status: 'sending', recipients: 0, sent: 0, failed: 0, suppressed: 0, skipped: 0, createdAt, ...(publishedBy && { publishedBy }) };
  try {
    await dynamodb.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...campaignKey(id), ...campaign, gsi1pk: CAMPAIGNS, gsi1sk: `${createdAt}#${id}` },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return campaign;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return (await loadCampaign(id, true))!;
    throw error;
  }
}

export async function markHandedOver(id: string): Promise<void> {
  await dynamodb.send(
    new UpdateCommand({ TableName: tableName, Key: campaignKey(id), UpdateExpression: 'SET handedOverAt = :now', ExpressionAttributeValues: { ':now': new Date().toISOString() } }),
  );
}

export async function loadCampaign(id: string, consistent = false): Promise<Campaign | undefined> {
  const { Item } = await dynamodb.send(new GetCommand({ TableName: tableName, Key: campaignKey(id), ConsistentRead: consistent }));
  return Item as Campaign | undefined;
}

export const campaignsPage = (options: { limit: number; cursor?: string }) => queryIndexPage<Campaign>({ partition: CAMPAIGNS, ...options });

/**
 * The campaigns created since `since` that are still sending. The index keeps every campaign ever sent, so the key
 * condition bounds the read to the recent ones, and the filter keeps those not sent.
 */
export async function sendingCampaignsSince(since: string): Promise<Campaign[]> {
  const found: Campaign[] = [];
  const pages = paginateQuery(
    { client: dynamodb },
    {
      TableName: tableName,
      IndexName: FEED_INDEX,
      KeyConditionExpression: 'gsi1pk = :campaigns AND gsi1sk >= :since',
      FilterExpression: '#status = :sending',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':campaigns': CAMPAIGNS, ':since': since, ':sending': 'sending' },
    },
  );
  for await (const page of pages) found.push(...((page.Items ?? []) as Campaign[]));
  return found;
}

/** A page of subscribers in index order, from a checkpoint. */
export async function subscribersPage(from: Record<string, string> | undefined, limit: number) {
  const page = await dynamodb.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: FEED_INDEX,
      KeyConditionExpression: 'gsi1pk = :subscribers',
      ExpressionAttributeValues: { ':subscribers': SUBSCRIBERS },
      ProjectionExpression: '#sub, email',
      ExpressionAttributeNames: { '#sub': 'sub' },
      Limit: limit,
      ExclusiveStartKey: from,
    }),
  );
  return { subscribers: (page.Items ?? []) as Subscriber[], next: page.LastEvaluatedKey as Record<string, string> | undefined };
}

/**
 * Claims each recipient for the campaign; returns those claimed now (not by an earlier or concurrent run). A page
 * is claimed in one transaction (one request); if some recipients of it were claimed before (a resumed run), each
 * is claimed on its own.
 */
export async function claim(campaignId: string, subscribers: readonly Subscriber[], at: string): Promise<Subscriber[]> {
  if (subscribers.length === 0) return [];
  const claimItem = (subscriber: Subscriber) => ({ ...claimKey(campaignId, subscriber.sub), status: 'claimed', at });
  try {
    await dynamodb.send(
      new TransactWriteCommand({
        TransactItems: subscribers.map((subscriber) => ({
          Put: { TableName: tableName, Item: claimItem(subscriber), ConditionExpression: 'attribute_not_exists(pk)' },
        })),
      }),
    );
    return [...subscribers];
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
  }
  const claimed = await Promise.all(
    subscribers.map(async (subscriber) => {
      try {
        await dynamodb.send(
          new PutCommand({
            TableName: tableName,
            Item: claimItem(subscriber),
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return subscriber;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return undefined;
        throw error;
      }
    }),
  );
  return claimed.filter((subscriber): subscriber is Subscriber => subscriber !== undefined);
}

const UNREAD_ATTEMPTS = 4;

/**
 * Splits claimed recipients into those who still receive the newsletter and those who left it since the index was
 * read: unsubscribed, suppressed, or their account (its profile) deleted. The index is eventually consistent and a
 * page is read ahead of its turn, so it may list either; the profiles are read consistently, in one BatchGetItem
 * (a page is at most 50, under its 100 keys), with what DynamoDB left unread (when throttled) read again after a pause.
 */
export async function stillReceiving(recipients: readonly Subscriber[]): Promise<{ receiving: Subscriber[]; left: Subscriber[] }> {
  const receivingSubs = new Set<string>();
  let pending = recipients.map((recipient) => profileKey(recipient.sub));
  for (let attempt = 1; pending.length > 0; attempt++) {
    if (attempt > UNREAD_ATTEMPTS) throw new Error(`${pending.length} of the page's profiles stayed unread after ${UNREAD_ATTEMPTS} attempts`);
    if (attempt > 1) await new Promise((done) => setTimeout(done, 100 * 2 ** attempt));
    const { Responses, UnprocessedKeys } = await dynamodb.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } }));
    for (const profile of (Responses?.[tableName] ?? []) as (Profile & { sub: string })[]) if (receivesNewsletter(profile)) receivingSubs.add(profile.sub);
    pending = (UnprocessedKeys?.[tableName]?.Keys ?? []) as typeof pending;
  }
  return {
    receiving: recipients.filter((recipient) => receivingSubs.has(recipient.sub)),
    left: recipients.filter((recipient) => !receivingSubs.has(recipient.sub)),
  };
}

/**
 * Deletes the claims of recipients who were certainly not mailed: those SES refused with their whole page (the run
 * that sends their page again mails them), and those who left the newsletter before their page went out. Only claims
 * still without an outcome go; one already gone (an account deletion sweeps its person's claims) is no matter.
 */
export async function releaseClaims(campaignId: string, recipients: readonly Subscriber[]): Promise<void> {
  await Promise.all(
    recipients.map((recipient) =>
      unlessConditionFails(
        dynamodb.send(
          new DeleteCommand({
            TableName: tableName,
            Key: claimKey(campaignId, recipient.sub),
            ConditionExpression: '#status = :claimed',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':claimed': 'claimed' },
          }),
        ),
      ),
    ),
  );
}

/**
 * What SES said of each claimed recipient, kept on the claim for the record; the writes go side by side. Each is
 * conditional on the claim still being there: an account deleted meanwhile took its claims with it, and no record of
 * that person may come back.
 */
export async function recordOutcomes(campaignId: string, outcomes: readonly Outcome[]): Promise<void> {
  await Promise.all(
    outcomes.map(({ sub, status, messageId }) =>
      unlessConditionFails(
        dynamodb.send(
          new UpdateCommand({
            TableName: tableName,
            Key: claimKey(campaignId, sub),
            UpdateExpression: `SET #status = :status${messageId ? ', messageId = :messageId' : ''}`,
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':status': status, ...(messageId && { ':messageId': messageId }) },
          }),
        ),
      ),
    ),
  );
}

/** Adds a batch's counts, notes the progress and moves the checkpoint; the campaign is sent when there is no next page. */
export async function advance(
  campaignId: string,
  counts: { recipients: number; sent: number; failed: number; suppressed: number; skipped: number },
  next: Record<string, string> | undefined,
): Promise<void> {
  await dynamodb.send(
    new UpdateCommand({
      TableName: tableName,
      Key: campaignKey(campaignId),
      UpdateExpression: `ADD recipients :recipients, sent :sent, failed :failed, suppressed :suppressed, skipped :skipped SET progressedAt = :now, ${next ? 'checkpoint = :next' : '#status = :sent_status REMOVE checkpoint'}`,
      ExpressionAttributeNames: next ? undefined : { '#status': 'status' },
      ExpressionAttributeValues: {
        ':recipients': counts.recipients,
        ':sent': counts.sent,
        ':failed': counts.failed,
        ':suppressed': counts.suppressed,
        ':skipped': counts.skipped,
        ':now': new Date().toISOString(),
        ...(next ? { ':next': next } : { ':sent_status': 'sent' }),
      },
    }),
  );
}

/**
 * Removes a person from every campaign's recipients, for an account deletion: the campaigns keep their counts, not
 * who they went to. Every campaign is visited (a sending one may have claimed them whenever they subscribed).
 */
export async function forgetRecipient(sub: string): Promise<void> {
  const pages = paginateQuery(
    { client: dynamodb },
    { TableName: tableName, IndexName: FEED_INDEX, KeyConditionExpression: 'gsi1pk = :campaigns', ExpressionAttributeValues: { ':campaigns': CAMPAIGNS }, ProjectionExpression: 'id' },
  );
  for await (const page of pages) await deleteItems(((page.Items ?? []) as Pick<Campaign, 'id'>[]).map(({ id }) => claimKey(id, sub)));
}
