import { useEffect, useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import type { Schemas } from '../api/client';
import { api, problemOf } from '../api/client';
import { useSignedIn } from '../session';
import { dateOf, Tags } from './news';

type Video = Schemas['Video'];

const sizeOf = (bytes: number): string => (bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1e3))} KB`);

/** Asks for a short-lived link and lets the browser fetch it: the API serves it as an attachment, under its name. */
async function download(videoId: string, rendition: string): Promise<string | undefined> {
  const { data, error } = await api().POST('/videos/{id}/download', { params: { path: { id: videoId } }, body: { rendition } });
  if (!data) return problemOf(error).message;
  window.location.assign(data.url);
  return undefined;
}

function VideoBlock({ video, slug }: { video: Video; slug: string }) {
  const signedIn = useSignedIn();
  const { route } = useLocation();
  const [error, setError] = useState<string>();
  const ask = async (rendition: string) => {
    // Signed out, the download waits for the sign-in and starts when the person is back here.
    if (!signedIn) return route(`/sign-in?returnTo=${encodeURIComponent(`/articles/${slug}?download=${video.id}.${rendition}`)}`);
    setError(await download(video.id, rendition));
  };
  return (
    <section class="video" aria-labelledby={`${video.id}-title`}>
      <h2 id={`${video.id}-title`}>{video.title}</h2>
      <ul class="renditions">
        {video.renditions.map((rendition) => (
          <li key={rendition.name}>
            <span>
              {rendition.name}
              {rendition.width && rendition.height ? ` · ${rendition.width}×${rendition.height}` : ''} · {sizeOf(rendition.sizeBytes)}
            </span>
            <button type="button" onClick={() => ask(rendition.name)} aria-label={`Download ${video.title}, ${rendition.name}`}>
              Download
            </button>
          </li>
        ))}
      </ul>
      {error && <p class="error" role="alert">{error}</p>}
    </section>
  );
}

export function ArticlePage() {
  const { params } = useRoute();
  const { query, path } = useLocation();
  const signedIn = useSignedIn();
  const [article, setArticle] = useState<Schemas['Article']>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    void api()
      .GET('/articles/{idOrSlug}', { params: { path: { idOrSlug: params.slug ?? '' } } })
      .then(({ data, error: refusal }) => (data ? setArticle(data) : setError(problemOf(refusal).message)));
  }, [params.slug]);

  // Back from signing in to download: the download starts, once.
  useEffect(() => {
    const [videoId, rendition] = (query.download ?? '').split('.');
    if (!signedIn || !videoId || !rendition) return;
    history.replaceState(null, '', path);
    void download(videoId, rendition).then(setError);
  }, [signedIn, query.download]);

  if (error) return <main><p class="error" role="alert">{error}</p></main>;
  if (!article) return <main aria-busy="true" />;
  return (
    <main>
      <article>
        <h1>{article.title}</h1>
        <p class="meta">
          <time dateTime={article.publishedAt ?? undefined}>{dateOf(article.publishedAt)}</time>
        </p>
        <Tags tags={article.tags} />
        {article.body.split(/\n\s*\n/).map((paragraph, index) => (
          <p key={index}>{paragraph}</p>
        ))}
        {article.videos.map((video) => (
          <VideoBlock key={video.id} video={video} slug={article.slug} />
        ))}
      </article>
    </main>
  );
}
