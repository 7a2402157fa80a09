import { useEffect, useState } from 'preact/hooks';
import { problemOf } from './api/client';

/** One page of a list route, as openapi-fetch answers it. */
type PageAnswer<T> = Promise<{ data?: { items: T[]; nextCursor: string | null }; error?: unknown }>;

/**
 * A list the API serves a page at a time (articles, campaigns): the first page when `deps` change, the next one on
 * `more()`, which is undefined on the last page.
 */
export function usePaged<T>(page: (cursor?: string) => PageAnswer<T>, deps: unknown[]): { items: T[]; more: (() => Promise<void>) | undefined; error: string | undefined } {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string>();

  const load = async (from?: string) => {
    const { data, error: refusal } = await page(from);
    if (!data) return setError(problemOf(refusal).message);
    setItems((shown) => (from ? [...shown, ...data.items] : data.items));
    setCursor(data.nextCursor);
  };
  useEffect(() => void load(), deps);
  return { items, more: cursor ? () => load(cursor) : undefined, error };
}
