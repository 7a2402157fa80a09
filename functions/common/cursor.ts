import { invalidRequest } from './errors';

/**
 * Pagination cursors are the last key DynamoDB returned, base64url-encoded. They are not secret, but they are
 * checked on the way back: exactly the expected key attributes, all short strings, and the same partition as the
 * query being continued. Anything else is a 400, never a malformed request to DynamoDB.
 */
export type PageKey = Record<string, string>;

const MAX_KEY_PART = 512;

export function encodeCursor(key: Record<string, unknown> | undefined): string | null {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : null;
}

export interface CursorShape {
  attributes: readonly string[];
  /** The key attribute and value of the partition being queried. */
  partition: [string, string];
  /** When the query reads only part of the partition: the sort key attribute and its prefix. */
  sortPrefix?: [string, string];
}

export function decodeCursor(cursor: string | undefined, expected: CursorShape): PageKey | undefined {
  if (cursor === undefined) return undefined;
  const refuse = () => invalidRequest([{ path: 'query.cursor', message: 'The cursor is not valid for this list.' }]);
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw refuse();
  }
  if (typeof key !== 'object' || key === null || Array.isArray(key)) throw refuse();
  const entries = Object.entries(key);
  const valid =
    entries.length === expected.attributes.length &&
    entries.every(([name, value]) => expected.attributes.includes(name) && typeof value === 'string' && value.length > 0 && value.length <= MAX_KEY_PART) &&
    (key as PageKey)[expected.partition[0]] === expected.partition[1] &&
    (!expected.sortPrefix || ((key as PageKey)[expected.sortPrefix[0]] ?? '').startsWith(expected.sortPrefix[1]));
  if (!valid) throw refuse();
  return key as PageKey;
}
