/**
 * Made-up audiences for measuring campaigns on the local stack (the newsletter tests, `npm run bench`): items
 * written straight to a table, a published article to mail about, and a reading of the SES emulator's store that
 * says who got a campaign how many times. Nothing here reads the handlers' configuration, so it can be imported
 * before it is set.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { BatchWriteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ArticleRecord } from '../functions/catalogue/items';
import { articleItem } from '../functions/catalogue/items';

/** DynamoDB's BatchWriteItem limit. */
const BATCH = 25;
/** The alphabet of article ids (functions/catalogue/schemas.ts). */
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

export async function writeItems(documents: DynamoDBDocumentClient, table: string, items: readonly Record<string, unknown>[]): Promise<void> {
  for (let start = 0; start < items.length; start += BATCH) {
    const batch = items.slice(start, start + BATCH).map((Item) => ({ PutRequest: { Item } }));
    await documents.send(new BatchWriteCommand({ RequestItems: { [table]: batch } }));
  }
}

export interface Member {
  sub: string;
  email: string;
  newsletter: boolean;
  suppressed?: boolean;
}

/** `count` subscribers, then two who must get nothing: one not subscribed, one suppressed after a bounce. */
export function audience(run: string, count: number): { subscribers: Member[]; outsiders: Member[] } {
  const subscribers = Array.from({ length: count }, (_, index) => ({
    sub: `sub-${run}-${String(index).padStart(6, '0')}`,
    email: `bulk-${run}-${index}@example.org`,
    newsletter: true,
  }));
  const outsiders = [
    { sub: `sub-${run}-out`, email: `out-${run}@example.org`, newsletter: false },
    { sub: `sub-${run}-bounced`, email: `bounced-${run}@example.org`, newsletter: true, suppressed: true },
  ];
  return { subscribers, outsiders };
}

/** A published article written straight to the table: no stream event, so no campaign starts by itself. */
export async function putPublishedArticle(documents: DynamoDBDocumentClient, table: string, title: string): Promise<ArticleRecord> {
  const now = new Date().toISOString();
  const article: ArticleRecord = {
    id: `art_${[...randomBytes(16)].map((byte) => BASE32[byte % 32]).join('')}`,
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
  await documents.send(new PutCommand({ TableName: table, Item: articleItem(article) }));
  return article;
}

export interface SentEmail {
  subject: string;
  destination: { to: string[] };
  body: { text: string; html: string };
  /** The emulator's clock, in whole seconds. */
  at: number;
}

/** Every email the SES emulator holds whose subject ends with the text (a newsletter's is "<portal>: <title>"). */
export async function sentAbout(mailUrl: string, subjectEnd: string): Promise<SentEmail[]> {
  const { emails } = (await (await fetch(`${mailUrl}/store`)).json()) as { emails: SentEmail[] };
  return emails.filter((email) => email.subject.endsWith(subjectEnd));
}

/** How many of the emails each address received. */
export function copiesPerAddress(emails: readonly SentEmail[]): Map<string, number> {
  const copies = new Map<string, number>();
  for (const email of emails) for (const to of email.destination.to) copies.set(to, (copies.get(to) ?? 0) + 1);
  return copies;
}

/** The most of these emails in one second of the emulator's clock. */
export function busiestSecond(emails: readonly SentEmail[]): number {
  const perSecond = new Map<number, number>();
  for (const email of emails) perSecond.set(email.at, (perSecond.get(email.at) ?? 0) + 1);
  return Math.max(0, ...perSecond.values());
}
