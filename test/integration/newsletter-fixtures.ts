/**
 * For the newsletter tests that run the sender against a table of their own, so that the campaigns of the other
 * tests do not mail their subscribers and theirs do not mail them.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { articleItem } from '../../functions/catalogue/items';
import type { ArticleRecord } from '../../functions/catalogue/items';
import { ensureTable } from '../../infra/local/provision';
import { endpoints } from './client';

/** The shared stack's DynamoDB Local. */
export const sharedDatabase = new DynamoDBClient({ region: 'us-east-1', endpoint: endpoints.dynamodb, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });

/** Creates the table as the stack does, holding the items. */
export async function tableWith(database: DynamoDBClient, table: string, items: readonly Record<string, unknown>[]): Promise<void> {
  await ensureTable(database, table);
  const documents = DynamoDBDocumentClient.from(database);
  for (let start = 0; start < items.length; start += 25) {
    await documents.send(new BatchWriteCommand({ RequestItems: { [table]: items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } })) } }));
  }
}

/** A published article with a title of its own: what a campaign mails about. */
export async function publishedArticle(database: DynamoDBClient, table: string, title: string): Promise<ArticleRecord> {
  const now = new Date().toISOString();
  const article = {
    id: `art_${randomUUID().replaceAll('-', '').slice(0, 16)}`,
    slug: `news-${randomUUID().slice(0, 8)}`,
    title,
    summary: 'For everyone.',
    body: 'Text.',
    tags: [],
    publishedAt: now,
    createdAt: now,
    updatedAt: now,
    videoCount: 0,
    videoIds: [],
  };
  await DynamoDBDocumentClient.from(database).send(new PutCommand({ TableName: table, Item: articleItem(article) }));
  return article;
}
