import { useEffect, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { humanBytes } from '../../../cli/upload-format';
import type { Schemas } from '../api/client';
import { api, problemOf } from '../api/client';
import { Field } from '../components/field';
import { dateOf } from '../pages/news';
import type { ArticleFields } from './article-form';
import { ArticleForm, refusalText } from './article-form';
import { ArticleHistory } from './article-history';
import { EditorNav } from './editor-home';
import { EditorsOnly } from './editors-only';
import { RenditionUpload } from './rendition-upload';

type Article = Schemas['Article'];

/** The article with one of its videos added or replaced, as the API answered for that video. */
function withVideo(article: Article, video: Schemas['Video']): Article {
  const videos = article.videos.some((known) => known.id === video.id) ? article.videos.map((known) => (known.id === video.id ? video : known)) : [...article.videos, video];
  return { ...article, videos, videoCount: videos.length };
}

function AddVideo({ articleId, onAdded }: { articleId: string; onAdded: (video: Schemas['Video']) => void }) {
  const [title, setTitle] = useState('');
  const [error, setError] = useState<string>();
  const add = async (event: Event) => {
    event.preventDefault();
    const { data, error: refusal } = await api().POST('/articles/{id}/videos', { params: { path: { id: articleId } }, body: { title } });
    if (!data) return setError(refusalText(problemOf(refusal)));
    setError(undefined);
    setTitle('');
    onAdded(data);
  };
  return (
    <form onSubmit={add} aria-label="Add a video">
      <Field id="video-title" label="Title of the new video" required value={title} onInput={setTitle} />
      {error && <p class="error" role="alert">{error}</p>}
      <button type="submit">Add the video</button>
    </form>
  );
}

/** One article in the works: its text, its videos and their renditions' uploads, and publishing it. */
function Editing({ initial }: { initial: Article }) {
  const [article, setArticle] = useState(initial);
  const [error, setError] = useState<string>();

  const save = async (fields: ArticleFields) => {
    const { data, error: refusal } = await api().PATCH('/articles/{id}', { params: { path: { id: article.id } }, body: fields });
    if (!data) return refusalText(problemOf(refusal));
    setArticle(data);
    return undefined;
  };
  const publish = async () => {
    const { data, error: refusal } = await api().POST('/articles/{id}/publish', { params: { path: { id: article.id } } });
    if (!data) return setError(problemOf(refusal).message);
    setArticle(data);
  };

  return (
    <main>
      <h1>{article.title}</h1>
      <EditorNav />
      <p class="meta" role="status">
        {article.publishedAt ? (
          <>
            Published on <time dateTime={article.publishedAt}>{dateOf(article.publishedAt)}</time>: <a href={`/articles/${article.slug}`}>read it in the news</a>
          </>
        ) : (
          'Draft: only editors can see it.'
        )}
      </p>
      <h2>Text</h2>
      <ArticleForm initial={article} submitLabel="Save the text" submit={save} />
      <h2>Videos</h2>
      {article.videos.map((video) => (
        <section key={video.id} class="video" aria-labelledby={`${video.id}-title`}>
          <h3 id={`${video.id}-title`}>{video.title}</h3>
          <ul class="renditions" aria-label={`Renditions of ${video.title}`}>
            {video.renditions.map((rendition) => (
              <li key={rendition.name}>
                {rendition.name} · {rendition.contentType} · {humanBytes(rendition.sizeBytes)}
              </li>
            ))}
          </ul>
          <RenditionUpload video={video} onUploaded={(uploaded) => setArticle((current) => withVideo(current, uploaded))} />
        </section>
      ))}
      <AddVideo articleId={article.id} onAdded={(added) => setArticle((current) => withVideo(current, added))} />
      {!article.publishedAt && (
        <>
          <h2>Publishing</h2>
          <p>Publishing puts the article in the news and sends the newsletter about it to the subscribers.</p>
          {error && <p class="error" role="alert">{error}</p>}
          <button type="button" onClick={publish}>
            Publish
          </button>
        </>
      )}
      <ArticleHistory article={article} />
    </main>
  );
}

/** A draft, or once published the public article (by id or slug): the API serves each from its own route. */
async function loadForEditing(id: string) {
  const draft = await api().GET('/drafts/{id}', { params: { path: { id } } });
  // 404: not a draft (any more); 400: not an id, perhaps a slug.
  if (draft.data || ![400, 404].includes(draft.response.status)) return draft;
  return api().GET('/articles/{idOrSlug}', { params: { path: { idOrSlug: id } } });
}

function Loaded({ id }: { id: string }) {
  const [article, setArticle] = useState<Article>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    void loadForEditing(id).then(({ data, error: refusal }) => (data ? setArticle(data) : setError(problemOf(refusal).message)));
  }, [id]);
  if (error) {
    return (
      <main>
        <p class="error" role="alert">{error}</p>
      </main>
    );
  }
  return article ? <Editing key={article.id} initial={article} /> : <main aria-busy="true" />;
}

export function ArticleEditor() {
  const { params } = useRoute();
  return (
    <EditorsOnly>
      <Loaded id={params.id ?? ''} />
    </EditorsOnly>
  );
}
