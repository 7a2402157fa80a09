import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { logger } from '../shared/logger';

const lambda = new LambdaClient({ maxAttempts: 3, requestHandler: { connectionTimeout: 1_000, requestTimeout: 5_000 } });

/**
 * Starts (or continues) a campaign in a run of its own: the sender function, invoked without waiting. Locally,
 * AWS_ENDPOINT_URL_LAMBDA points at the local stack, which runs the same handler.
 */
export async function handOver(functionName: string, campaignId: string): Promise<void> {
  await lambda.send(new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: JSON.stringify({ campaignId }) }));
  logger.info('campaign handed over', { campaignId, functionName });
}
