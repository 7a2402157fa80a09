/**
 * For the newsletter tests that run the sender against a database of their own, so that the campaigns of the other
 * tests do not mail their subscribers and theirs do not mail them.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { putPublishedArticle, writeItems } from '../../local/audience';
import { ensureTable } from '../../local/provision';

/** Creates the table as the stack does, holding the items. */
export async function tableWith(database: DynamoDBClient, table: string, items: readonly Record<string, unknown>[]): Promise<void> {
  await ensureTable(database, table);
  await writeItems(DynamoDBDocumentClient.from(database), table, items);
}

/** A published article with a title of its own: what a campaign mails about. */
export const publishedArticle = (database: DynamoDBClient, table: string, title: string) => putPublishedArticle(DynamoDBDocumentClient.from(database), table, title);
