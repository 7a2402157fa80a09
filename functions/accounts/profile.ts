/**
 * A confirmed user's profile in the table: what GET /me shows, and the newsletter subscription. Subscribed
 * profiles carry the index key `SUBSCRIBERS`, so the newsletter finds its recipients with a Query, never a Scan.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamodb, tableName, unlessConditionFails } from '../common/aws/dynamodb';
import type { TransactItem } from '../common/aws/dynamodb';
import { partitionOf } from '../common/table';

export interface Profile {
  email: string;
  name?: string;
  createdAt: string;
  newsletter: boolean;
  /** Set when SES reported a permanent bounce or a complaint: the address is never mailed a newsletter again. */
  suppressed?: boolean;
}

export const SUBSCRIBERS = 'SUBSCRIBERS';

export const profileKey = (sub: string) => ({ pk: partitionOf('USER#*', sub), sk: 'PROFILE' });

/** In the subscribers' index only when subscribed and not suppressed. */
export function profileItem(sub: string, profile: Profile) {
  return { ...profileKey(sub), sub, ...profile, ...(profile.newsletter && !profile.suppressed && { gsi1pk: SUBSCRIBERS, gsi1sk: sub }) };
}

/** The profile's first write, also as part of a transaction: it never replaces a profile already there. */
export const profileCreation = (sub: string, profile: Profile) =>
  ({ Put: { TableName: tableName, Item: profileItem(sub, profile), ConditionExpression: 'attribute_not_exists(pk)' } }) satisfies TransactItem;

/** Written once; a second creation changes nothing. */
export async function createProfile(sub: string, profile: Profile): Promise<void> {
  await unlessConditionFails(dynamodb.send(new PutCommand(profileCreation(sub, profile).Put)));
}

export async function deleteProfile(sub: string): Promise<void> {
  await dynamodb.send(new DeleteCommand({ TableName: tableName, Key: profileKey(sub) }));
}

export async function loadProfile(sub: string): Promise<Profile | undefined> {
  const { Item } = await dynamodb.send(new GetCommand({ TableName: tableName, Key: profileKey(sub) }));
  if (!Item) return undefined;
  const { email, name, createdAt, newsletter, suppressed } = Item as Profile;
  return { email, ...(name !== undefined && { name }), createdAt, newsletter: newsletter === true, ...(suppressed && { suppressed }) };
}

/** Whether the profile receives newsletters: subscribed, and its address not suppressed. */
export const receivesNewsletter = (profile: Profile): boolean => profile.newsletter && !profile.suppressed;

/**
 * Subscribes or unsubscribes; idempotent. Joining or leaving the subscribers' index is part of the same update.
 * Returns the profile as it now is, or undefined if the user has none.
 */
export async function saveNewsletterChoice(sub: string, subscribed: boolean): Promise<Profile | undefined> {
  try {
    const { Attributes } = await dynamodb.send(
      new UpdateCommand({
        TableName: tableName,
        Key: profileKey(sub),
        UpdateExpression: subscribed
          ? 'SET newsletter = :true, gsi1pk = :subscribers, gsi1sk = :sub'
          : 'SET newsletter = :false REMOVE gsi1pk, gsi1sk',
        // A suppressed address may say it wants the newsletter, but it stays out of the index.
        ConditionExpression: subscribed ? 'attribute_exists(pk) AND NOT suppressed = :true' : 'attribute_exists(pk)',
        ExpressionAttributeValues: subscribed ? { ':true': true, ':subscribers': SUBSCRIBERS, ':sub': sub } : { ':false': false },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Attributes as Profile;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return loadProfile(sub);
    throw error;
  }
}

/** After a permanent bounce or a complaint: out of the index for good (a complaint also unsubscribes). */
export async function suppress(sub: string, unsubscribe: boolean): Promise<void> {
  await unlessConditionFails(
    dynamodb.send(
      new UpdateCommand({
        TableName: tableName,
        Key: profileKey(sub),
        UpdateExpression: `SET suppressed = :true${unsubscribe ? ', newsletter = :false' : ''} REMOVE gsi1pk, gsi1sk`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':true': true, ...(unsubscribe && { ':false': false }) },
      }),
    ),
  );
}
