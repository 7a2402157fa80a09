import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamodb, tableName } from './aws/dynamodb';
import { decodeCursor, encodeCursor } from './cursor';
import { FEED_INDEX, tableDesign } from './table';

const INDEX_KEY_ATTRIBUTES = [tableDesign.partitionKey, tableDesign.sortKey, tableDesign.indexes[0].partitionKey, tableDesign.indexes[0].sortKey];

/**
 * One page of a list kept in the index (the published feed, a tag's feed, the campaigns), newest first: a single
 * Query. The cursor it takes must continue this very list; the one it returns is opaque to the caller.
 */
export async function queryIndexPage<T>(options: { partition: string; limit: number; cursor?: string; attributes?: readonly string[] }) {
  const { partition, limit, cursor, attributes } = options;
  const startKey = decodeCursor(cursor, { attributes: INDEX_KEY_ATTRIBUTES, partition: [tableDesign.indexes[0].partitionKey, partition] });
  const page = await dynamodb.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: FEED_INDEX,
      KeyConditionExpression: '#partition = :partition',
      ExpressionAttributeValues: { ':partition': partition },
      ExpressionAttributeNames: {
        '#partition': tableDesign.indexes[0].partitionKey,
        ...Object.fromEntries((attributes ?? []).map((name, index) => [`#a${index}`, name])),
      },
      ...(attributes && { ProjectionExpression: attributes.map((_, index) => `#a${index}`).join(', ') }),
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: startKey,
    }),
  );
  return { items: (page.Items ?? []) as T[], nextCursor: encodeCursor(page.LastEvaluatedKey) };
}
