/**
 * What happened on an account, for its owner: one item per event under the user's own partition, newest first by
 * its sort key, deleted by DynamoDB's TTL after ACTIVITY_RETENTION_DAYS. It holds when, what, and where from (the
 * source IP and user agent), never a password, a code or a token.
 */
import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamodb, tableName } from './aws/dynamodb';
import { integerEnv } from './config';
import { queryPartitionPage } from './partition-query';
import type { ActivityDetails, ActivityType } from './activity-types';
import type { ClientOrigin } from './network';
import { partitionOf } from './table';
import { browserWithoutVersions } from './user-agents';

export interface ActivityEntry extends ActivityDetails, Partial<ClientOrigin> {
  type: ActivityType;
  at: string;
}

/** The default keeps a year's worth of evidence for someone who wonders what happened on their account. */
export const DEFAULT_ACTIVITY_RETENTION_DAYS = 365;
const retentionDays = integerEnv('ACTIVITY_RETENTION_DAYS', DEFAULT_ACTIVITY_RETENTION_DAYS, { min: 1, max: 3650 });

const partition = (sub: string) => partitionOf('ACTIVITY#*', sub);
const ENTRY_PREFIX = 'EVENT#';
const BROWSERS = 'BROWSERS';
const expiresAt = (): number => Math.floor(Date.now() / 1000) + retentionDays * 86_400;

export async function recordActivity(sub: string, type: ActivityType, origin: ClientOrigin | undefined, details: ActivityDetails = {}, at = new Date()): Promise<void> {
  const entry: ActivityEntry = { type, at: at.toISOString(), ...origin, ...details };
  await dynamodb.send(
    new PutCommand({ TableName: tableName, Item: { pk: partition(sub), sk: `${ENTRY_PREFIX}${entry.at}#${randomUUID()}`, ...entry, expiresAt: expiresAt() } }),
  );
}

/**
 * Failed sign-ins a day that each get an entry of their own. Past them, the day's failures fold into one entry (at the
 * day's end, so it heads the day) that counts them and keeps the last one's time and origin: strangers may fail 288
 * times a day under the sign-in limits, which would otherwise bury the owner's own activity and swell the export.
 */
export const FAILED_SIGN_INS_LISTED_PER_DAY = 10;

export async function recordFailedSignIn(sub: string, origin: ClientOrigin, at = new Date()): Promise<void> {
  const day = at.toISOString().slice(0, 10);
  const { Attributes } = await dynamodb.send(
    new UpdateCommand({
      TableName: tableName,
      Key: { pk: partition(sub), sk: `FAILED#${day}` },
      UpdateExpression: 'ADD failures :one SET expiresAt = :expiresAt',
      ExpressionAttributeValues: { ':one': 1, ':expiresAt': Math.floor(at.getTime() / 1000) + 2 * 86_400 },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  if ((Attributes?.failures as number) <= FAILED_SIGN_INS_LISTED_PER_DAY) return recordActivity(sub, 'sign_in_failed', origin, {}, at);
  await dynamodb.send(
    new UpdateCommand({
      TableName: tableName,
      Key: { pk: partition(sub), sk: `${ENTRY_PREFIX}${day}T23:59:59.999Z#sign_in_failed` },
      UpdateExpression: 'SET #type = :type, #at = :at, ip = :ip, userAgent = :userAgent, expiresAt = :expiresAt ADD more :one',
      ExpressionAttributeNames: { '#type': 'type', '#at': 'at' },
      ExpressionAttributeValues: { ':type': 'sign_in_failed', ':at': at.toISOString(), ':ip': origin.ip, ':userAgent': origin.userAgent, ':expiresAt': expiresAt(), ':one': 1 },
    }),
  );
}

const ENTRY_ATTRIBUTES = ['type', 'at', 'ip', 'userAgent', 'via', 'sessionId', 'videoId', 'rendition', 'more'] as const;

export const listActivity = (sub: string, options: { limit: number; cursor?: string }) =>
  queryPartitionPage<ActivityEntry>({ partition: partition(sub), sortPrefix: ENTRY_PREFIX, attributes: ENTRY_ATTRIBUTES, ...options });

/** Browsers an account remembers: beyond them, each other one is new at every sign-in (and its notice paced). */
const MAX_BROWSERS = 20;

/**
 * Remembers the browser of a sign-in or a confirmation; says whether the account had not seen it before (an account
 * that knows no browser yet, one an administrator made, has not). A known browser keeps the set alive for another
 * retention period, so the tripwire does not expire while the account is used.
 */
export async function rememberBrowser(sub: string, userAgent: string): Promise<boolean> {
  const browser = browserWithoutVersions(userAgent);
  const key = { pk: partition(sub), sk: BROWSERS };
  try {
    await dynamodb.send(
      new UpdateCommand({
        TableName: tableName,
        Key: key,
        UpdateExpression: 'ADD browsers :browser SET expiresAt = :expiresAt',
        ConditionExpression: 'attribute_not_exists(browsers) OR (NOT contains(browsers, :name) AND size(browsers) < :max)',
        ExpressionAttributeValues: { ':browser': new Set([browser]), ':name': browser, ':max': MAX_BROWSERS, ':expiresAt': expiresAt() },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return true;
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const known = error.Item?.browsers?.SS?.includes(browser) === true;
    await dynamodb.send(
      new UpdateCommand({ TableName: tableName, Key: key, UpdateExpression: 'SET expiresAt = :expiresAt', ExpressionAttributeValues: { ':expiresAt': expiresAt() } }),
    );
    return !known;
  }
}
