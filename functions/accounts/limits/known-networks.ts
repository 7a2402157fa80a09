/**
 * The networks an account has been used from (signed in, confirmed or reset), as keyed hashes: failed sign-ins
 * from them are limited apart from strangers', so strangers cannot lock the owner out (rules.ts).
 */
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamodb, tableName } from '../../common/aws/dynamodb';

/** Forgotten after 90 days without use: a network the owner has left gets no lasting privilege. */
const REMEMBERED_SECONDS = 90 * 86_400;

export const networksKey = (address: string) => ({ pk: `RATE#networks#${address}`, sk: 'RATE' });

export async function knownNetworks(address: string): Promise<Set<string>> {
  const { Item } = await dynamodb.send(new GetCommand({ TableName: tableName, Key: networksKey(address) }));
  return (Item?.networks as Set<string> | undefined) ?? new Set();
}

export const isKnownNetwork = async (address: string, network: string): Promise<boolean> => (await knownNetworks(address)).has(network);

export async function rememberNetwork(address: string, network: string, nowSeconds: number): Promise<void> {
  await dynamodb.send(
    new UpdateCommand({
      TableName: tableName,
      Key: networksKey(address),
      UpdateExpression: 'ADD networks :network SET expiresAt = :expiresAt',
      ExpressionAttributeValues: { ':network': new Set([network]), ':expiresAt': nowSeconds + REMEMBERED_SECONDS },
    }),
  );
}
