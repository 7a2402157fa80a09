import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamodb, tableName } from '../shared/aws/dynamodb';
import type { TransactItem } from '../shared/aws/dynamodb';
import type { CodePurpose, CodeRecord } from './codes';
import { MAX_WRONG_TRIES } from './codes';

const codeKey = (purpose: CodePurpose, address: string) => ({ pk: `CODE#${purpose}#${address}`, sk: 'CODE' });

const isConditionFailure = (error: unknown): boolean => error instanceof ConditionalCheckFailedException;

/** Saving a code replaces the previous one for that address and purpose, and its count of wrong tries. */
export async function saveCode(purpose: CodePurpose, address: string, record: CodeRecord): Promise<void> {
  await dynamodb.send(new PutCommand({ TableName: tableName, Item: { ...codeKey(purpose, address), ...record } }));
}

export async function loadCode(purpose: CodePurpose, address: string): Promise<CodeRecord | undefined> {
  const { Item } = await dynamodb.send(new GetCommand({ TableName: tableName, Key: codeKey(purpose, address), ConsistentRead: true }));
  return Item as CodeRecord | undefined;
}

/**
 * Counts a wrong try atomically and returns the tries left. An address that was sent no code gets a record too,
 * so wrong tries look the same whether or not an account exists. 'exhausted' when no try was left to count.
 */
export async function recordWrongTry(purpose: CodePurpose, address: string, expiresAt: number): Promise<number | 'exhausted'> {
  try {
    const { Attributes } = await dynamodb.send(
      new UpdateCommand({
        TableName: tableName,
        Key: codeKey(purpose, address),
        UpdateExpression: 'SET attemptsLeft = if_not_exists(attemptsLeft, :max) - :one, expiresAt = if_not_exists(expiresAt, :expiresAt)',
        ConditionExpression: 'attribute_not_exists(attemptsLeft) OR attemptsLeft > :zero',
        ExpressionAttributeValues: { ':max': MAX_WRONG_TRIES, ':one': 1, ':zero': 0, ':expiresAt': expiresAt },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return (Attributes as { attemptsLeft: number }).attemptsLeft;
  } catch (error) {
    if (isConditionFailure(error)) return 'exhausted';
    throw error;
  }
}

/**
 * Uses the code up: deleted only if it is still the same live code, so two requests racing with the right code
 * cannot both succeed; false if another request got there first. `alongWith`, the write the code unlocks (a
 * sign-up's profile), commits in the same transaction: no failure between the two can spend the code without its
 * effect, so the same code still works on a retry. If only `alongWith`'s own condition fails, that write was made
 * before and stands, and the code is used up alone.
 */
export async function consumeCode(purpose: CodePurpose, address: string, digest: string, alongWith?: TransactItem): Promise<boolean> {
  const remove = {
    TableName: tableName,
    Key: codeKey(purpose, address),
    ConditionExpression: 'digest = :digest AND attemptsLeft > :zero',
    ExpressionAttributeValues: { ':digest': digest, ':zero': 0 },
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
    if (unlocked === 'ConditionalCheckFailed') return consumeCode(purpose, address, digest);
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
