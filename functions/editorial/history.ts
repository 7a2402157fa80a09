/**
 * Editors on record: every editorial write puts one history item in its article's partition, in the very
 * transaction of the write it describes, so no write lands without its record and a refused one leaves none.
 */
import { randomUUID } from 'node:crypto';
import { articleKey } from '../catalogue/items';
import type { Caller } from '../common/http';
import { queryPartitionPage } from '../common/partition-query';
import type { Infer } from '../common/schema';
import type { EditorialAction, HistoryEntry } from './operations';

type Entry = Infer<typeof HistoryEntry>;

/** What an entry says beyond who did what when: the fields an edit changed, the video, the rendition. */
export type HistoryDetails = Omit<Entry, 'action' | 'editor' | 'at'>;

/** An entry about to be written, with the article whose history it joins. */
export type HistoryRecord = Entry & { articleId: string };

const HISTORY_PREFIX = 'HISTORY#';
const ENTRY_ATTRIBUTES = ['action', 'editor', 'at', 'fields', 'videoId', 'rendition'] as const satisfies readonly (keyof Entry)[];

/** The caller's write, now (or at `at`, the time the write itself stamps). */
export const recordOf = (caller: Caller, articleId: string, action: EditorialAction, details: HistoryDetails = {}, at = new Date().toISOString()): HistoryRecord => ({
  articleId,
  action,
  editor: { sub: caller.sub },
  at,
  ...details,
});

/** Sorted by time, then a random suffix: two writes in the same millisecond keep an entry each. */
export const historyItem = ({ articleId, ...entry }: HistoryRecord) => ({ pk: articleKey(articleId).pk, sk: `${HISTORY_PREFIX}${entry.at}#${randomUUID()}`, ...entry });

export const historyPage = (articleId: string, options: { limit: number; cursor?: string }) =>
  queryPartitionPage<Entry>({ partition: articleKey(articleId).pk, sortPrefix: HISTORY_PREFIX, attributes: ENTRY_ATTRIBUTES, ...options });
