import type { AwsService } from '../common/aws/signed-request';
import { awsJsonRequest } from '../common/aws/signed-request';
import { logger } from '../common/logger';

/** Lambda's Invoke is one signed request; the SDK client would cost the sender ~70 KB of bundle (signed-request.ts). */
const LAMBDA: AwsService = { signingName: 'lambda', endpointPrefix: 'lambda', endpointEnv: 'AWS_ENDPOINT_URL_LAMBDA' };

/**
 * Starts (or continues) a campaign in a run of its own: the sender function, invoked without waiting. Locally,
 * AWS_ENDPOINT_URL_LAMBDA points at the local stack, which runs the same handler. The invocation's X-Ray trace
 * header goes with it, as the SDK's client would send it: the campaign's runs join the trace of the publication.
 */
export async function invokeSender(functionName: string, campaignId: string): Promise<void> {
  const traceHeader = process.env._X_AMZN_TRACE_ID;
  await awsJsonRequest(LAMBDA, {
    method: 'POST',
    path: `/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations`,
    headers: { 'x-amz-invocation-type': 'Event', ...(traceHeader && { 'x-amzn-trace-id': traceHeader }) },
    body: { campaignId },
  });
  logger.info('campaign handed over', { campaignId, functionName });
}
