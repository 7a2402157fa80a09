/**
 * Deleting many items by key, as an account deletion does: one DeleteItem each, a few at a time. Not BatchWriteItem,
 * though it takes 25 keys a request: IAM cannot tell its puts from its deletes, so a function granted it for deleting
 * could also write those items (infra/table-grants.ts, `erase`). Units and cost are the same, item by item.
 */
import { DeleteCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';
import { isThrottlingError } from '@smithy/core/retry';
import type { SdkError } from '@smithy/types';
import { dynamodb, tableName } from './aws/dynamodb';

export type ItemKey = { pk: string; sk: string };

/**
 * Deletes in flight at once. DynamoDB takes about 1,000 writes a second on one partition key, and the keys of one
 * erasure mostly share theirs (a person's downloads): 8 requests of a few milliseconds each stay near that.
 */
const SIDE_BY_SIDE = 8;
/** Tries of one delete while DynamoDB throttles, each after twice the pause before (0.1 s, then up to 1.6 s). */
const THROTTLED_ATTEMPTS = 5;

async function deleteItem(Key: ItemKey): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await dynamodb.send(new DeleteCommand({ TableName: tableName, Key }));
      return;
    } catch (error) {
      if (attempt === THROTTLED_ATTEMPTS || !isThrottlingError(error as SdkError)) throw error;
      await new Promise((done) => setTimeout(done, 50 * 2 ** attempt));
    }
  }
}

/** Deletes every item of `keys`; deleting an item that is not there is no error. */
export async function deleteItems(keys: readonly ItemKey[]): Promise<void> {
  let next = 0;
  const deleteInTurn = async () => {
    while (next < keys.length) await deleteItem(keys[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(SIDE_BY_SIDE, keys.length) }, deleteInTurn));
}

/** Deletes every item of a partition, a page at a time. */
export async function deletePartition(pk: string): Promise<void> {
  const pages = paginateQuery(
    { client: dynamodb },
    { TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ProjectionExpression: 'pk, sk', ConsistentRead: true },
  );
  for await (const page of pages) await deleteItems((page.Items ?? []) as ItemKey[]);
}
