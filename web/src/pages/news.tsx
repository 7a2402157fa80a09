import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import type { Schemas } from '../api/client';
import { api, problemOf } from '../api/client';

type Summary = Schemas['ArticleSummary'];

export const dateOf = (instant: string | null): string => (instant ? new Date(instant).toLocaleDateString('en-GB', { dateStyle: 'long' }) : '');

export function Tags({ tags }: { tags: string[] }) {
  return (
    <ul class="tags" aria-label="Tags">
      {tags.map((tag) => (
        <li key={tag}>
          <a href={`/?tag=${encodeURIComponent(tag)}`}>{tag}</a>
        </li>
      ))}
    </ul>
  );
}

/** The published articles, newest first, a page at a time; `?tag=` narrows them to one tag. */
export function News() {
  const { query } = useLocation();
  const tag = query.tag;
  const [articles, setArticles] = useState<Summary[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string>();

  const load = async (from?: string) => {
    const { data, error: refusal } = await api().GET('/articles', { params: { query: { limit: 10, ...(tag && { tag }), ...(from && { cursor: from }) } } });
    if (!data) return setError(problemOf(refusal).message);
    setArticles((shown) => (from ? [...shown, ...data.items] : data.items));
    setCursor(data.nextCursor);
  };
  useEffect(() => void load(), [tag]);

  return (
    <main>
      <h1>{tag ? `News tagged “${tag}”` : 'News'}</h1>
      {tag && <a href="/">All news</a>}
      {error && <p class="error" role="alert">{error}</p>}
      <ol class="articles">
        {articles.map((article) => (
          <li key={article.id}>
            <article>
              <h2>
                <a href={`/articles/${article.slug}`}>{article.title}</a>
              </h2>
              <p class="meta">
                <time dateTime={article.publishedAt ?? undefined}>{dateOf(article.publishedAt)}</time> · {article.videoCount} {article.videoCount === 1 ? 'video' : 'videos'}
              </p>
              <p>{article.summary}</p>
              <Tags tags={article.tags} />
            </article>
          </li>
        ))}
      </ol>
      {cursor && (
        <button type="button" onClick={() => load(cursor)}>
          More articles
        </button>
      )}
    </main>
  );
}
