import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamodb, tableName } from '../shared/aws/dynamodb';
import type { TransactItem } from '../shared/aws/dynamodb';
import type { CodePurpose, CodeRecord } from './codes';
import { MAX_WRONG_TRIES } from './codes';

const codePartition = (purpose: CodePurpose, address: string) => `CODE#${purpose}#${address}`;
const codeKey = (purpose: CodePurpose, address: string) => ({ pk: codePartition(purpose, address), sk: 'CODE' });

const isConditionFailure = (error: unknown): boolean => error instanceof ConditionalCheckFailedException;

/** Saving a code replaces the previous one for that address and purpose (and, with its new id, its tries). */
export async function saveCode(purpose: CodePurpose, address: string, record: CodeRecord): Promise<void> {
  await dynamodb.send(new PutCommand({ TableName: tableName, Item: { ...codeKey(purpose, address), ...record } }));
}

export async function loadCode(purpose: CodePurpose, address: string): Promise<CodeRecord | undefined> {
  const { Item } = await dynamodb.send(new GetCommand({ TableName: tableName, Key: codeKey(purpose, address), ConsistentRead: true }));
  return Item as CodeRecord | undefined;
}

/**
 * Takes one try at a code for one network, atomically, before the code is judged, and returns the tries that
 * network has left; 'exhausted' when it had none. `codeId` is 'none' for an address that has no code, so
 * tries look the same whether or not there is one.
 */
export async function takeTry(purpose: CodePurpose, address: string, codeId: string, network: string, expiresAt: number): Promise<number | 'exhausted'> {
  try {
    const { Attributes } = await dynamodb.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { pk: codePartition(purpose, address), sk: `TRIES#${codeId}#${network}` },
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
