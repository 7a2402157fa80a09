/**
 * What the session check costs every authenticated request (docs/SECURITY.md, attack 6): one consistent Query of
 * the caller's `SESSIONS#` partition, timed alone through the handlers' own DynamoDB client, and its read units.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamodb, tableName } from '../functions/common/aws/dynamodb';
import { identityOfIssuedToken, sessionOfToken } from '../functions/common/sessions';
import { partitionOf } from '../functions/common/table';
import { percentile, round } from './handlers';

export interface SessionCheckRow {
  samples: number;
  p50Ms: number;
  p99Ms: number;
  readUnits: number;
}

export async function measureSessionCheck(accessToken: string, samples: number): Promise<SessionCheckRow> {
  const identity = identityOfIssuedToken(accessToken);
  if (!identity) throw new Error('The bench token names no session');
  const times: number[] = [];
  for (let index = 0; index < samples; index += 1) {
    const started = performance.now();
    if (!(await sessionOfToken(identity))) throw new Error('The bench session has ended');
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const { ConsumedCapacity } = await dynamodb.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': partitionOf('SESSIONS#*', identity.sub) },
      ConsistentRead: true,
      ReturnConsumedCapacity: 'TOTAL',
    }),
  );
  return { samples, p50Ms: round(percentile(times, 0.5)), p99Ms: round(percentile(times, 0.99)), readUnits: ConsumedCapacity?.CapacityUnits ?? 0 };
}
