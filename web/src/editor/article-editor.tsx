import { useEffect, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { humanBytes } from '../../../cli/upload-format';
import type { Schemas } from '../api/client';
import { api, problemOf } from '../api/client';
import { Field } from '../components/field';
import { dateOf } from '../pages/news';
import type { ArticleFields } from './article-form';
import { ArticleForm, refusalText } from './article-form';
import { drafts, withVideo } from './drafts';
import { EditorNav } from './editor-home';
import { EditorsOnly } from './editors-only';
import { RenditionUpload } from './rendition-upload';

type Article = Schemas['Article'];

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
  // Every answer of the API is the article's state: kept on screen and, for a draft, in this browser's list.
  const keep = (change: (current: Article) => Article) =>
    setArticle((current) => {
      const next = change(current);
      drafts.save(next);
      return next;
    });

  const save = async (fields: ArticleFields) => {
    const { data, error: refusal } = await api().PATCH('/articles/{id}', { params: { path: { id: article.id } }, body: fields });
    if (!data) return refusalText(problemOf(refusal));
    keep(() => data);
    return undefined;
  };
  const publish = async () => {
    const { data, error: refusal } = await api().POST('/articles/{id}/publish', { params: { path: { id: article.id } } });
    if (!data) return setError(problemOf(refusal).message);
    keep(() => data);
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
          <RenditionUpload video={video} onUploaded={(uploaded) => keep((current) => withVideo(current, uploaded))} />
        </section>
      ))}
      <AddVideo articleId={article.id} onAdded={(added) => keep((current) => withVideo(current, added))} />
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
    </main>
  );
}

/** A draft of this browser, or a published article (the API serves no draft, see drafts.ts). */
export function ArticleEditor() {
  const { params } = useRoute();
  const id = params.id ?? '';
  const [article, setArticle] = useState<Article | undefined>(() => drafts.get(id));
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (article?.id === id) return;
    const draft = drafts.get(id);
    if (draft) return setArticle(draft);
    void api()
      .GET('/articles/{idOrSlug}', { params: { path: { idOrSlug: id } } })
      .then(({ data, error: refusal }) => (data ? setArticle(data) : setError(`${problemOf(refusal).message} A draft is listed only in the browser it was started in.`)));
  }, [id]);

  return (
    <EditorsOnly>
      {error ? (
        <main>
          <p class="error" role="alert">{error}</p>
        </main>
      ) : article ? (
        <Editing key={article.id} initial={article} />
      ) : (
        <main aria-busy="true" />
      )}
    </EditorsOnly>
  );
}
