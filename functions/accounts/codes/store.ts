import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamodb, tableName } from '../../common/aws/dynamodb';
import type { TransactItem } from '../../common/aws/dynamodb';
import type { CodePurpose, CodeRecord } from './rules';
import { MAX_WRONG_TRIES } from './rules';

export const codePartition = (purpose: CodePurpose, address: string) => `CODE#${purpose}#${address}`;
const codeKey = (purpose: CodePurpose, address: string) => ({ pk: codePartition(purpose, address), sk: 'CODE' });

const isConditionFailure = (error: unknown): boolean => error instanceof ConditionalCheckFailedException;

/** Saving a code replaces the previous one for that address and purpose; returns the one it replaced. */
export async function saveCode(purpose: CodePurpose, address: string, record: CodeRecord): Promise<CodeRecord | undefined> {
  const { Attributes } = await dynamodb.send(new PutCommand({ TableName: tableName, Item: { ...codeKey(purpose, address), ...record }, ReturnValues: 'ALL_OLD' }));
  return asCodeRecord(Attributes);
}

/**
 * Undoes saveCode when its code could not be sent: the code it replaced (maybe already in the owner's inbox) is
 * live again, unless a newer code came meanwhile.
 */
export async function unsaveCode(purpose: CodePurpose, address: string, saved: CodeRecord, replaced: CodeRecord | undefined): Promise<void> {
  const onlyIfStill = { ConditionExpression: 'codeId = :codeId', ExpressionAttributeValues: { ':codeId': saved.codeId } };
  try {
    if (replaced) await dynamodb.send(new PutCommand({ TableName: tableName, Item: { ...codeKey(purpose, address), ...replaced }, ...onlyIfStill }));
    else await dynamodb.send(new DeleteCommand({ TableName: tableName, Key: codeKey(purpose, address), ...onlyIfStill }));
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

/** Records written before codes had ids (an older version) count as none: they cannot be used up safely. */
const asCodeRecord = (item: Record<string, unknown> | undefined): CodeRecord | undefined =>
  typeof item?.codeId === 'string' ? (item as unknown as CodeRecord) : undefined;

export async function loadCode(purpose: CodePurpose, address: string): Promise<CodeRecord | undefined> {
  const { Item } = await dynamodb.send(new GetCommand({ TableName: tableName, Key: codeKey(purpose, address), ConsistentRead: true }));
  return asCodeRecord(Item);
}

const triesKey = (purpose: CodePurpose, address: string, network: string) => ({ pk: codePartition(purpose, address), sk: `TRIES#${network}` });

/** Gives a try back: a right code is no guess, and must not show as one to the next try from that network. */
export async function giveBackTry(purpose: CodePurpose, address: string, network: string): Promise<void> {
  await dynamodb.send(
    new UpdateCommand({
      TableName: tableName,
      Key: triesKey(purpose, address, network),
      UpdateExpression: 'SET attemptsLeft = attemptsLeft + :one',
      ConditionExpression: 'attemptsLeft < :max',
      ExpressionAttributeValues: { ':one': 1, ':max': MAX_WRONG_TRIES },
    }),
  ).catch((error: unknown) => {
    if (!isConditionFailure(error)) throw error;
  });
}

export type Tries = { left: number } | { exhausted: true; retryAfterSeconds: number };

/**
 * Takes one of a network's tries at an address's codes, atomically, before the code is judged. A network has
 * MAX_WRONG_TRIES for one code lifetime from its first try, not per code: a new code gives no new tries, so the
 * count says nothing of whether the address had codes sent. Two conditional updates: a fresh period, or one
 * try less in the current one.
 */
export async function takeTry(purpose: CodePurpose, address: string, network: string, nowSeconds: number, periodSeconds: number): Promise<Tries> {
  const Key = triesKey(purpose, address, network);
  try {
    await dynamodb.send(
      new UpdateCommand({
        TableName: tableName,
        Key,
        UpdateExpression: 'SET attemptsLeft = :left, expiresAt = :expiresAt',
        ConditionExpression: 'attribute_not_exists(attemptsLeft) OR expiresAt <= :now',
        ExpressionAttributeValues: { ':left': MAX_WRONG_TRIES - 1, ':expiresAt': nowSeconds + periodSeconds, ':now': nowSeconds },
      }),
    );
    return { left: MAX_WRONG_TRIES - 1 };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
  try {
    const { Attributes } = await dynamodb.send(
      new UpdateCommand({
        TableName: tableName,
        Key,
        UpdateExpression: 'SET attemptsLeft = attemptsLeft - :one',
        ConditionExpression: 'attemptsLeft > :zero AND expiresAt > :now',
        ExpressionAttributeValues: { ':one': 1, ':zero': 0, ':now': nowSeconds },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return { left: (Attributes as { attemptsLeft: number }).attemptsLeft };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
  const { Item } = await dynamodb.send(new GetCommand({ TableName: tableName, Key, ConsistentRead: true }));
  return { exhausted: true, retryAfterSeconds: Math.max(1, ((Item?.expiresAt as number | undefined) ?? nowSeconds + periodSeconds) - nowSeconds) };
}

/**
 * Uses the code up: deleted only if it is still the same code, so two requests racing with the right code cannot
 * both succeed; false if another request got there first. `alongWith`, the write the code unlocks (a sign-up's
 * profile), commits in the same transaction: no failure between the two can spend the code without its effect,
 * so the same code still works on a retry. If only `alongWith`'s own condition fails, that write was made before
 * and stands, and the code is used up alone.
 */
export async function consumeCode(purpose: CodePurpose, address: string, codeId: string, alongWith?: TransactItem): Promise<boolean> {
  const remove = {
    TableName: tableName,
    Key: codeKey(purpose, address),
    ConditionExpression: 'codeId = :codeId',
    ExpressionAttributeValues: { ':codeId': codeId },
  };
  try {
    if (alongWith) await dynamodb.send(new TransactWriteCommand({ TransactItems: [{ Delete: remove }, alongWith] }));
    else await dynamodb.send(new DeleteCommand(remove));
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    if (!(error instanceof TransactionCanceledException)) throw error;
    const [code, unlocked] = (error.CancellationReasons ?? []).map((reason) => reason.Code);
    // Used up, or being used, by a concurrent request.
    if (code === 'ConditionalCheckFailed' || code === 'TransactionConflict') return false;
    if (unlocked === 'ConditionalCheckFailed') return consumeCode(purpose, address, codeId);
    throw error;
  }
}

/** Puts a consumed code back when the step it unlocked failed, unless a newer code has replaced it meanwhile. */
export async function restoreCode(purpose: CodePurpose, address: string, record: CodeRecord): Promise<void> {
  try {
    await dynamodb.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...codeKey(purpose, address), ...record },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}
