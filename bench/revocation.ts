/**
 * What the revocation check costs every authenticated request (docs/SECURITY.md, attack 6): one consistent Query
 * of the caller's `REVOKED#` partition, timed alone through the handlers' own DynamoDB client, and its read units.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamodb, tableName } from '../functions/common/aws/dynamodb';
import type { Session } from '../functions/common/revocations';
import { isRevoked, sessionOfIssuedToken } from '../functions/common/revocations';
import { percentile, round } from './handlers';

export interface RevocationRow {
  samples: number;
  p50Ms: number;
  p99Ms: number;
  readUnits: number;
}

export async function measureRevocationCheck(accessToken: string, samples: number): Promise<RevocationRow> {
  const session: Session | undefined = sessionOfIssuedToken(accessToken);
  if (!session) throw new Error('The bench token names no session');
  const times: number[] = [];
  for (let index = 0; index < samples; index += 1) {
    const started = performance.now();
    if (await isRevoked(session)) throw new Error('The bench session is revoked');
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const { ConsumedCapacity } = await dynamodb.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `REVOKED#${session.sub}` },
      ConsistentRead: true,
      ReturnConsumedCapacity: 'TOTAL',
    }),
  );
  return { samples, p50Ms: round(percentile(times, 0.5)), p99Ms: round(percentile(times, 0.99)), readUnits: ConsumedCapacity?.CapacityUnits ?? 0 };
}
