/** Deleting many items by key, as an account deletion does: batches of 25 (DynamoDB's limit), a few side by side. */
import { BatchWriteCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';
import { dynamodb, tableName } from './aws/dynamodb';

export type ItemKey = { pk: string; sk: string };

const BATCH = 25;
const SIDE_BY_SIDE = 4;
const UNPROCESSED_ATTEMPTS = 5;

async function deleteBatch(keys: readonly ItemKey[]): Promise<void> {
  let pending = keys.map((Key) => ({ DeleteRequest: { Key } }));
  for (let attempt = 1; pending.length > 0; attempt++) {
    if (attempt > UNPROCESSED_ATTEMPTS) throw new Error(`${pending.length} deletions stayed unprocessed after ${UNPROCESSED_ATTEMPTS} attempts`);
    // DynamoDB leaves items unprocessed when throttled: wait before asking again.
    if (attempt > 1) await new Promise((done) => setTimeout(done, 50 * 2 ** attempt));
    const { UnprocessedItems } = await dynamodb.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
    pending = (UnprocessedItems?.[tableName] ?? []) as typeof pending;
  }
}

/** Deletes every item of `keys`; deleting an item that is not there is no error. */
export async function deleteItems(keys: readonly ItemKey[]): Promise<void> {
  const batches: ItemKey[][] = [];
  for (let start = 0; start < keys.length; start += BATCH) batches.push(keys.slice(start, start + BATCH));
  for (let start = 0; start < batches.length; start += SIDE_BY_SIDE) await Promise.all(batches.slice(start, start + SIDE_BY_SIDE).map(deleteBatch));
}

/** Deletes every item of a partition, a page at a time. */
export async function deletePartition(pk: string): Promise<void> {
  const pages = paginateQuery(
    { client: dynamodb },
    { TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ProjectionExpression: 'pk, sk', ConsistentRead: true },
  );
  for await (const page of pages) await deleteItems((page.Items ?? []) as ItemKey[]);
}
