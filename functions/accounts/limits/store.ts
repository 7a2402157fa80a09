/**
 * The account limits (rules.ts) kept in the table, so they hold across Lambda instances. Window counters are
 * single atomic updates (no read first), so concurrent requests can never take more than the limit; pacing state
 * is read, then written only if unchanged, so of two racing requests one loses (and is told to wait).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamodb, tableName } from '../../common/aws/dynamodb';
import { tooManyRequests } from '../../common/errors';
import type { Pacing, PacingState, Streak, WindowLimit } from './rules';
import { pace, secondsToNextWindow, windowIndex } from './rules';

/** Failed sign-ins in a row from networks the address has not been used from (accounts/login, accounts/delete-account). */
export const STRANGERS = 'logins-new-networks';

/** The pacing of security notices mailed to an address (accounts/login). */
export const NOTICES = 'notices';

/** The window of wrong passwords given to delete an account (accounts/delete-account). */
export const PASSWORD_CHECKS = 'password-checks';

/** Gives back what was taken, when the thing it was taken for did not happen. */
export type Release = () => Promise<void>;

export const counterKey = (name: string, subject: string) => ({ pk: `RATE#${name}#${subject}`, sk: 'RATE' });
export const windowKey = (name: string, subject: string, nowSeconds: number, rule: WindowLimit) =>
  counterKey(name, `${subject}#${windowIndex(nowSeconds, rule)}`);

const isConditionFailure = (error: unknown): boolean => error instanceof ConditionalCheckFailedException;

/** Adds `amount` to the window's count and returns the new count; `below` makes it conditional on count < below. */
async function addToWindow(name: string, subject: string, rule: WindowLimit, nowSeconds: number, amount: number, below?: number): Promise<number> {
  const { Attributes } = await dynamodb.send(
    new UpdateCommand({
      TableName: tableName,
      Key: windowKey(name, subject, nowSeconds, rule),
      UpdateExpression: 'ADD #count :amount SET expiresAt = if_not_exists(expiresAt, :expiresAt)',
      ...(below !== undefined && { ConditionExpression: 'attribute_not_exists(#count) OR #count < :below' }),
      ExpressionAttributeNames: { '#count': 'count' },
      ExpressionAttributeValues: {
        ':amount': amount,
        ':expiresAt': (windowIndex(nowSeconds, rule) + 2) * rule.windowSeconds,
        ...(below !== undefined && { ':below': below }),
      },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return (Attributes as { count: number }).count;
}

/** Takes one of the window's events, or throws 429 with Retry-After (the start of the next window). */
export async function takeFromWindow(name: string, subject: string, rule: WindowLimit, nowSeconds: number): Promise<Release> {
  try {
    await addToWindow(name, subject, rule, nowSeconds, 1, rule.limit);
  } catch (error) {
    if (isConditionFailure(error)) throw tooManyRequests(secondsToNextWindow(nowSeconds, rule));
    throw error;
  }
  return async () => {
    await addToWindow(name, subject, rule, nowSeconds, -1);
  };
}

/** Counts one event in the window, with no limit, and returns how many there have been. */
export const countInWindow = (name: string, subject: string, rule: WindowLimit, nowSeconds: number): Promise<number> =>
  addToWindow(name, subject, rule, nowSeconds, 1);

/** Takes back an event counted by countInWindow. */
export const uncountInWindow = async (name: string, subject: string, rule: WindowLimit, nowSeconds: number): Promise<void> => {
  await addToWindow(name, subject, rule, nowSeconds, -1);
};

/** How many events the window has seen so far, without counting one. */
export async function windowCount(name: string, subject: string, rule: WindowLimit, nowSeconds: number): Promise<number> {
  const { Item } = await dynamodb.send(new GetCommand({ TableName: tableName, Key: windowKey(name, subject, nowSeconds, rule) }));
  return (Item?.count as number | undefined) ?? 0;
}

interface StoredPacing extends PacingState {
  version: number;
}

async function readPacing(name: string, subject: string): Promise<StoredPacing | undefined> {
  const { Item } = await dynamodb.send(new GetCommand({ TableName: tableName, Key: counterKey(name, subject), ConsistentRead: true }));
  return Item as StoredPacing | undefined;
}

/** Writes the state if nobody changed it since `previous` was read; false if someone did. */
async function writePacing(name: string, subject: string, previous: StoredPacing | undefined, state: PacingState, expiresAt: number): Promise<boolean> {
  try {
    await dynamodb.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...counterKey(name, subject), last: state.last, tat: state.tat, version: (previous?.version ?? 0) + 1, expiresAt },
        ConditionExpression: previous ? 'version = :version' : 'attribute_not_exists(pk)',
        ...(previous && { ExpressionAttributeValues: { ':version': previous.version } }),
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Takes a paced slot or throws 429 with Retry-After; losing a race to another request counts as "too soon". */
export async function takePacedSlot(name: string, subject: string, pacing: Pacing, nowSeconds: number): Promise<Release> {
  const previous = await readPacing(name, subject);
  const decision = pace(previous, nowSeconds, pacing);
  if (!decision.allowed) throw tooManyRequests(decision.retryAfterSeconds);
  // Kept until the bucket would be full again: after that the item says nothing a missing one would not.
  const expiresAt = decision.state.tat + pacing.refillSeconds;
  if (!(await writePacing(name, subject, previous, decision.state, expiresAt))) throw tooManyRequests(pacing.minIntervalSeconds);
  return async () => {
    const current = await readPacing(name, subject);
    // Only our own write is undone: a later request's slot stays taken.
    if (current && previous && current.version === previous.version + 1) await writePacing(name, subject, current, previous, previous.tat + pacing.refillSeconds);
    else if (current && !previous && current.version === 1) await writePacing(name, subject, current, { last: 0, tat: 0 }, nowSeconds + 1);
  };
}

/**
 * Counts one more event of a streak, or throws 429 once `limit` are in a row. A streak quiet for `quietSeconds`
 * starts over. Both steps are conditional updates: concurrent events cannot pass the limit.
 */
export async function extendStreak(name: string, subject: string, streak: Streak, nowSeconds: number): Promise<void> {
  const common = {
    TableName: tableName,
    Key: counterKey(name, subject),
    ExpressionAttributeNames: { '#count': 'count' },
  };
  const stamp = { ':one': 1, ':now': nowSeconds, ':expiresAt': nowSeconds + streak.quietSeconds };
  try {
    await dynamodb.send(
      new UpdateCommand({
        ...common,
        UpdateExpression: 'SET #count = :one, lastAt = :now, expiresAt = :expiresAt',
        ConditionExpression: 'attribute_not_exists(lastAt) OR lastAt < :coldBefore',
        ExpressionAttributeValues: { ...stamp, ':coldBefore': nowSeconds - streak.quietSeconds },
      }),
    );
    return;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
  try {
    await dynamodb.send(
      new UpdateCommand({
        ...common,
        UpdateExpression: 'ADD #count :one SET lastAt = :now, expiresAt = :expiresAt',
        ConditionExpression: '#count < :limit',
        ExpressionAttributeValues: { ...stamp, ':limit': streak.limit },
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) throw tooManyRequests(streak.quietSeconds);
    throw error;
  }
}

/** Ends a streak (a success in between, as Cognito counts them). */
export async function endStreak(name: string, subject: string): Promise<void> {
  await dynamodb.send(new DeleteCommand({ TableName: tableName, Key: counterKey(name, subject) }));
}
