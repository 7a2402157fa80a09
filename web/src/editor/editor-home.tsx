import { useLocation } from 'preact-iso';
import type { Schemas } from '../api/client';
import { api, problemOf } from '../api/client';
import { usePaged } from '../paged';
import type { ArticleFields } from './article-form';
import { ArticleForm, refusalText } from './article-form';
import { drafts } from './drafts';
import { EditorsOnly } from './editors-only';

export function EditorNav() {
  return (
    <nav aria-label="Editor">
      <a href="/editor">Articles</a> · <a href="/editor/new">New article</a> · <a href="/editor/campaigns">Newsletter campaigns</a>
    </nav>
  );
}

function ArticleList({ articles, label }: { articles: Schemas['ArticleSummary'][]; label: string }) {
  return (
    <ul aria-label={label}>
      {articles.map((article) => (
        <li key={article.id}>
          <a href={`/editor/articles/${article.id}`}>{article.title}</a> · {article.videoCount} {article.videoCount === 1 ? 'video' : 'videos'}
        </li>
      ))}
    </ul>
  );
}

/** The drafts made in this browser (the API lists no drafts: see drafts.ts) and the published articles. */
export function EditorHome() {
  const published = usePaged((cursor) => api().GET('/articles', { params: { query: { limit: 20, ...(cursor && { cursor }) } } }), []);
  const mine = drafts.list();
  return (
    <EditorsOnly>
      <main>
        <h1>Editor</h1>
        <EditorNav />
        <h2>Drafts</h2>
        <p class="meta">The drafts started in this browser: the API lists published articles only.</p>
        {mine.length > 0 ? <ArticleList articles={mine} label="Drafts" /> : <p>No draft yet.</p>}
        <h2>Published</h2>
        {published.error && <p class="error" role="alert">{published.error}</p>}
        <ArticleList articles={published.items} label="Published articles" />
        {published.more && (
          <button type="button" onClick={published.more}>
            More articles
          </button>
        )}
      </main>
    </EditorsOnly>
  );
}

export function NewArticle() {
  const { route } = useLocation();
  const create = async (fields: ArticleFields) => {
    const { data, error } = await api().POST('/articles', { body: fields });
    if (!data) return refusalText(problemOf(error));
    drafts.save(data);
    route(`/editor/articles/${data.id}`);
    return undefined;
  };
  return (
    <EditorsOnly>
      <main>
        <h1>New article</h1>
        <EditorNav />
        <ArticleForm submitLabel="Create the draft" submit={create} />
      </main>
    </EditorsOnly>
  );
}
