/**
 * What a run of recorded calls (sdk-calls.ts) uses of each billed AWS service: the counts the cost model
 * (cost.ts) multiplies by prices.
 */
import { billedUnitsOf } from './billed-units';
import type { SdkCall } from './sdk-calls';

export interface CallUsage {
  /** DynamoDB request units, as on-demand bills them. */
  readUnits: number;
  writeUnits: number;
  /** Tokens Cognito issued (a sign-in or a refresh): each runs the pre-token-generation trigger, a Lambda invocation. */
  tokensIssued: number;
  /** SES messages: one per single send, one per recipient of a bulk send. */
  emails: number;
  /** S3 requests S3 bills at the PUT, COPY, POST and LIST price, and at the GET price (GET, HEAD); DELETE is free. */
  s3Writes: number;
  s3Reads: number;
}

const SINGLE_SEND = /\/v2\/email\/outbound-emails$/;
const BULK_SEND = /\/v2\/email\/outbound-bulk-emails$/;

/** The recipients of an SES send, from the body of its signed request. */
function emailsOf(call: SdkCall): number {
  if (call.failed) return 0;
  if (SINGLE_SEND.test(call.command)) return 1;
  if (!BULK_SEND.test(call.command)) return 0;
  const { init } = call.input as { init: { body: string } };
  return (JSON.parse(init.body) as { BulkEmailEntries: unknown[] }).BulkEmailEntries.length;
}

const methodOf = (call: SdkCall): string => call.command.split(' ')[0]!;

export function usageOf(calls: readonly SdkCall[]): CallUsage {
  const of = (service: SdkCall['service']) => calls.filter((call) => call.service === service);
  const units = billedUnitsOf(calls);
  return {
    readUnits: units.read,
    writeUnits: units.write,
    tokensIssued: of('cognito').filter((call) => call.command === 'AdminInitiateAuthCommand' && !call.failed).length,
    emails: of('ses').reduce((sum, call) => sum + emailsOf(call), 0),
    s3Writes: of('s3').filter((call) => ['PUT', 'POST'].includes(methodOf(call))).length,
    s3Reads: of('s3').filter((call) => ['GET', 'HEAD'].includes(methodOf(call))).length,
  };
}
