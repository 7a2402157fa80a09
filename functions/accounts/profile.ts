/**
 * A confirmed user's profile in the table: what GET /me shows, and the newsletter subscription. Subscribed
 * profiles carry the index key `SUBSCRIBERS`, so the newsletter finds its recipients with a Query, never a Scan.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamodb, tableName } from '../shared/aws/dynamodb';

export interface Profile {
  email: string;
  name?: string;
  createdAt: string;
  newsletter: boolean;
}

export const SUBSCRIBERS = 'SUBSCRIBERS';

const profileKey = (sub: string) => ({ pk: `USER#${sub}`, sk: 'PROFILE' });

export function profileItem(sub: string, profile: Profile) {
  return { ...profileKey(sub), sub, ...profile, ...(profile.newsletter && { gsi1pk: SUBSCRIBERS, gsi1sk: sub }) };
}

/** Written once, when the account is confirmed; a second confirmation changes nothing. */
export async function createProfile(sub: string, profile: Profile): Promise<void> {
  try {
    await dynamodb.send(new PutCommand({ TableName: tableName, Item: profileItem(sub, profile), ConditionExpression: 'attribute_not_exists(pk)' }));
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

export async function deleteProfile(sub: string): Promise<void> {
  await dynamodb.send(new DeleteCommand({ TableName: tableName, Key: profileKey(sub) }));
}

export async function loadProfile(sub: string): Promise<Profile | undefined> {
  const { Item } = await dynamodb.send(new GetCommand({ TableName: tableName, Key: profileKey(sub) }));
  if (!Item) return undefined;
  const { email, name, createdAt, newsletter } = Item as Profile;
  return { email, ...(name !== undefined && { name }), createdAt, newsletter: newsletter === true };
}
