import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamodb, tableName } from './aws/dynamodb';
import { decodeCursor, encodeCursor } from './cursor';
import { tableDesign } from './table';

/**
 * One page of the items of a table partition whose sort keys start with `sortPrefix` and then a time (a user's
 * downloads, an article's history), newest first: a single Query, projecting `attributes`. The cursor it takes must
 * continue this very list.
 */
export async function queryPartitionPage<T>(options: { partition: string; sortPrefix: string; attributes: readonly string[]; limit: number; cursor?: string }) {
  const { partition, sortPrefix, attributes, limit, cursor } = options;
  const { partitionKey, sortKey } = tableDesign;
  const startKey = decodeCursor(cursor, { attributes: [partitionKey, sortKey], partition: [partitionKey, partition], sortPrefix: [sortKey, sortPrefix] });
  const page = await dynamodb.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: '#pk = :partition AND begins_with(#sk, :prefix)',
      ExpressionAttributeValues: { ':partition': partition, ':prefix': sortPrefix },
      ExpressionAttributeNames: { '#pk': partitionKey, '#sk': sortKey, ...Object.fromEntries(attributes.map((name, index) => [`#a${index}`, name])) },
      ProjectionExpression: attributes.map((_, index) => `#a${index}`).join(', '),
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: startKey,
    }),
  );
  return { items: (page.Items ?? []) as T[], nextCursor: encodeCursor(page.LastEvaluatedKey) };
}
