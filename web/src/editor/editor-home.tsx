import { useLocation } from 'preact-iso';
import type { Schemas } from '../api/client';
import { api, problemOf } from '../api/client';
import { usePaged } from '../paged';
import type { ArticleFields } from './article-form';
import { ArticleForm, refusalText } from './article-form';
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

type Paged = ReturnType<typeof usePaged<Schemas['ArticleSummary']>>;

function PagedArticles({ title, list, empty }: { title: string; list: Paged; empty: string }) {
  return (
    <>
      <h2>{title}</h2>
      {list.error && <p class="error" role="alert">{list.error}</p>}
      {list.items.length > 0 || list.more ? <ArticleList articles={list.items} label={title} /> : <p>{empty}</p>}
      {list.more && (
        <button type="button" onClick={list.more}>
          More {title.toLowerCase()}
        </button>
      )}
    </>
  );
}

/** The drafts (the latest change first) and the published articles (the newest first). */
function EditorLists() {
  const drafts = usePaged((cursor) => api().GET('/drafts', { params: { query: { limit: 20, ...(cursor && { cursor }) } } }), []);
  const published = usePaged((cursor) => api().GET('/articles', { params: { query: { limit: 20, ...(cursor && { cursor }) } } }), []);
  return (
    <>
      <PagedArticles title="Drafts" list={drafts} empty="No draft." />
      <PagedArticles title="Published articles" list={published} empty="Nothing published yet." />
    </>
  );
}

export function EditorHome() {
  return (
    <EditorsOnly>
      <main>
        <h1>Editor</h1>
        <EditorNav />
        <EditorLists />
      </main>
    </EditorsOnly>
  );
}

export function NewArticle() {
  const { route } = useLocation();
  const create = async (fields: ArticleFields) => {
    const { data, error } = await api().POST('/articles', { body: fields });
    if (!data) return refusalText(problemOf(error));
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
