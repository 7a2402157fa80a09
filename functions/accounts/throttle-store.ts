/**
 * Per-address rate limits that hold across Lambda instances: the history of recent events lives in the table
 * (with TTL), and is updated with optimistic concurrency, so two instances cannot both take the last slot.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamodb, tableName } from '../shared/aws/dynamodb';
import type { Rule } from './throttle';
import { decide, tooManyRequests } from './throttle';

interface Counter {
  history: number[];
  version: number;
}

const counterKey = (name: string, subject: string) => ({ pk: `RATE#${name}#${subject}`, sk: 'RATE' });

async function readCounter(name: string, subject: string): Promise<Counter> {
  const { Item } = await dynamodb.send(new GetCommand({ TableName: tableName, Key: counterKey(name, subject), ConsistentRead: true }));
  return Item ? { history: (Item.history as number[]) ?? [], version: Item.version as number } : { history: [], version: 0 };
}

async function writeCounter(name: string, subject: string, counter: Counter, history: number[], rule: Rule, nowSeconds: number): Promise<boolean> {
  try {
    await dynamodb.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...counterKey(name, subject), history, version: counter.version + 1, expiresAt: nowSeconds + rule.windowSeconds },
        ConditionExpression: counter.version === 0 ? 'attribute_not_exists(pk)' : 'version = :version',
        ...(counter.version !== 0 && { ExpressionAttributeValues: { ':version': counter.version } }),
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/**
 * Takes a slot or throws 429 with Retry-After; losing a race to another request counts as "too soon". Returns a
 * function that gives the slot back, for when the thing it was taken for (an email) could not be done.
 */
export async function takeSlot(name: string, subject: string, rule: Rule, nowSeconds: number): Promise<() => Promise<void>> {
  const counter = await readCounter(name, subject);
  const decision = decide(counter.history, nowSeconds, rule);
  if (!decision.allowed) throw tooManyRequests(decision.retryAfterSeconds);
  if (!(await writeCounter(name, subject, counter, decision.history, rule, nowSeconds))) {
    throw tooManyRequests(Math.max(1, rule.minIntervalSeconds));
  }
  return async () => {
    const current = await readCounter(name, subject);
    const index = current.history.lastIndexOf(nowSeconds);
    if (index >= 0) await writeCounter(name, subject, current, current.history.toSpliced(index, 1), rule, nowSeconds);
  };
}

/** Throws 429 if the subject is over its limit, without recording anything. */
export async function ensureUnderLimit(name: string, subject: string, rule: Rule, nowSeconds: number): Promise<void> {
  const decision = decide((await readCounter(name, subject)).history, nowSeconds, rule);
  if (!decision.allowed) throw tooManyRequests(decision.retryAfterSeconds);
}

/** Records an event (a failed sign-in); a lost race is retried once, then the event is let go. */
export async function recordEvent(name: string, subject: string, rule: Rule, nowSeconds: number): Promise<void> {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const counter = await readCounter(name, subject);
    const recent = counter.history.filter((at) => at > nowSeconds - rule.windowSeconds);
    if (await writeCounter(name, subject, counter, [...recent, nowSeconds].slice(-rule.maxInWindow), rule, nowSeconds)) return;
  }
}
