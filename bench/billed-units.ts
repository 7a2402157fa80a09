/**
 * What DynamoDB on demand bills for a recorded call, in read and write request units. DynamoDB Local computes the
 * units from item sizes as DynamoDB does (4 KB read units, halved when eventually consistent; 1 KB write units,
 * doubled in a transaction; index writes included), with two gaps that this closes with DynamoDB's minimums:
 * a Query that finds nothing reports 0 units, where DynamoDB bills a read all the same, and a call refused by its
 * condition reports nothing, where DynamoDB bills the write it attempted.
 */
import type { SdkCall } from './sdk-calls';

export interface BilledUnits {
  read: number;
  write: number;
}

const READS = new Set(['GetItemCommand', 'QueryCommand', 'ScanCommand', 'BatchGetItemCommand', 'TransactGetItemsCommand']);

/** The least DynamoDB bills for one read of one item or page: a full unit when strongly consistent. */
const readMinimum = (input: { ConsistentRead?: unknown }): number => (input.ConsistentRead === true ? 1 : 0.5);

/** DynamoDB's minimum for the call: one unit per item it names, two per item of a transaction. */
function minimumUnits(call: SdkCall): number {
  const input = call.input;
  switch (call.command) {
    case 'GetItemCommand':
    case 'QueryCommand':
    case 'ScanCommand':
      return readMinimum(input);
    case 'BatchGetItemCommand':
      return Object.values(input.RequestItems as Record<string, { Keys: unknown[]; ConsistentRead?: unknown }>).reduce(
        (sum, request) => sum + request.Keys.length * readMinimum(request),
        0,
      );
    case 'BatchWriteItemCommand':
      return Object.values(input.RequestItems as Record<string, unknown[]>).reduce((sum, requests) => sum + requests.length, 0);
    case 'TransactGetItemsCommand':
    case 'TransactWriteItemsCommand':
      // A transaction prepares and commits every item it names, condition checks included: two units each at least.
      return 2 * (input.TransactItems as unknown[]).length;
    default:
      return 1;
  }
}

export function billedUnits(call: SdkCall): BilledUnits {
  if (call.service !== 'dynamodb') return { read: 0, write: 0 };
  const units = Math.max(call.capacityUnits, minimumUnits(call));
  return READS.has(call.command) ? { read: units, write: 0 } : { read: 0, write: units };
}

/** The units of a sequence of calls, summed. */
export function billedUnitsOf(calls: readonly SdkCall[]): BilledUnits {
  return calls.map(billedUnits).reduce((sum, units) => ({ read: sum.read + units.read, write: sum.write + units.write }), { read: 0, write: 0 });
}
