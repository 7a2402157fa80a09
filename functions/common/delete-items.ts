/**
 * Deleting many items by key, as an account deletion does: one DeleteItem each, a few at a time. Not BatchWriteItem,
 * though it takes 25 keys a request: IAM cannot tell its puts from its deletes, so a function granted it for deleting
 * could also write those items (infra/table-grants.ts, `erase`). Units and cost are the same, item by item.
 */
import { DeleteCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';
import { dynamodb, tableName } from './aws/dynamodb';

export type ItemKey = { pk: string; sk: string };

const SIDE_BY_SIDE = 16;

/** Deletes every item of `keys`; deleting an item that is not there is no error. */
export async function deleteItems(keys: readonly ItemKey[]): Promise<void> {
  let next = 0;
  const deleteInTurn = async () => {
    while (next < keys.length) await dynamodb.send(new DeleteCommand({ TableName: tableName, Key: keys[next++] }));
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
