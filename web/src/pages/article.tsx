import { useEffect, useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import type { Schemas } from '../api/client';
import { api, problemOf } from '../api/client';
import { useSignedIn } from '../session';
import { dateOf, Tags } from './news';

type Video = Schemas['Video'];

const sizeOf = (bytes: number): string => (bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1e3))} KB`);

/** The rendition that plays in the page: the small copy for the web. */
const WEB_RENDITION = 'web';

/** A short-lived link to one rendition (every link issued is on the person's record), or the refusal's message. */
async function linkTo(videoId: string, rendition: string): Promise<{ url: string } | { error: string }> {
  const { data, error } = await api().POST('/videos/{id}/download', { params: { path: { id: videoId } }, body: { rendition } });
  return data ?? { error: problemOf(error).message };
}

/** Lets the browser fetch the link: the API serves it as an attachment, under its name. */
async function download(videoId: string, rendition: string): Promise<string | undefined> {
  const link = await linkTo(videoId, rendition);
  if ('error' in link) return link.error;
  window.location.assign(link.url);
  return undefined;
}

function VideoBlock({ video, slug }: { video: Video; slug: string }) {
  const signedIn = useSignedIn();
  const { route } = useLocation();
  const [error, setError] = useState<string>();
  const [playing, setPlaying] = useState<string>();
  const playable = video.renditions.some((rendition) => rendition.name === WEB_RENDITION);
  const play = async () => {
    if (!signedIn) return route(`/sign-in?returnTo=${encodeURIComponent(`/articles/${slug}`)}`);
    const link = await linkTo(video.id, WEB_RENDITION);
    if ('error' in link) return setError(link.error);
    setPlaying(link.url);
  };
  const ask = async (rendition: string) => {
    // Signed out, the download waits for the sign-in and starts when the person is back here.
    if (!signedIn) return route(`/sign-in?returnTo=${encodeURIComponent(`/articles/${slug}?download=${video.id}.${rendition}`)}`);
    setError(await download(video.id, rendition));
  };
  return (
    <section class="video" aria-labelledby={`${video.id}-title`}>
      <h2 id={`${video.id}-title`}>{video.title}</h2>
      {playing ? (
        <video src={playing} controls autoPlay muted playsInline aria-label={video.title} />
      ) : (
        playable && (
          <button type="button" onClick={play}>
            {signedIn ? 'Play' : 'Sign in to play'}
          </button>
        )
      )}
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

  // Back from signing in to download: the download starts, once, and only of a rendition this article shows (a
  // link crafted elsewhere cannot make the page fetch another, possibly huge, file on the person's record).
  useEffect(() => {
    const [videoId, rendition] = (query.download ?? '').split('.');
    if (!signedIn || !article || !videoId || !rendition) return;
    history.replaceState(null, '', path);
    const shown = article.videos.some((video) => video.id === videoId && video.renditions.some((candidate) => candidate.name === rendition));
    if (shown) void download(videoId, rendition).then(setError);
  }, [signedIn, article, query.download]);

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
