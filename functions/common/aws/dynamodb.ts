import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { requiredEnv } from '../config';

/** The table's name, checked at cold start. */
export const tableName = requiredEnv('TABLE_NAME');

/**
 * One client per function instance. Short timeouts and one retry: a request that waits on a dead database should
 * answer 503 within a few seconds rather than hold the caller until API Gateway gives up at 30 s.
 * Locally, AWS_ENDPOINT_URL_DYNAMODB points the SDK at DynamoDB Local.
 */
export const dynamodb = DynamoDBDocumentClient.from(
  new DynamoDBClient({ maxAttempts: 2, requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000 } }),
  { marshallOptions: { removeUndefinedValues: true } },
);

/** One write of a TransactWriteItems request. */
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** A conditional write whose condition failing means there is nothing left for it to do. */
export async function unlessConditionFails(write: Promise<unknown>): Promise<void> {
  try {
    await write;
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}
