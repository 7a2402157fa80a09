import { useLocation } from 'preact-iso';
import type { Schemas } from '../api/client';
import { api } from '../api/client';
import { usePaged } from '../paged';

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
  const { items: articles, more, error } = usePaged<Summary>((cursor) => api().GET('/articles', { params: { query: { limit: 10, ...(tag && { tag }), ...(cursor && { cursor }) } } }), [tag]);

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
      {more && (
        <button type="button" onClick={more}>
          More articles
        </button>
      )}
    </main>
  );
}
