import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import type { Schemas } from '../api/client';
import { api, problemOf } from '../api/client';
import { useSignedIn } from '../session';

type Download = Schemas['DownloadPage']['items'][number];

/** The signed-in person's account: who they are, the newsletter switch, and the links they were issued. */
export function Account() {
  const signedIn = useSignedIn();
  const { route, url } = useLocation();
  const [me, setMe] = useState<Schemas['Me']>();
  const [downloads, setDownloads] = useState<Download[]>([]);
  const [titles, setTitles] = useState<Record<string, string>>({});
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string>();

  const loadDownloads = async (from?: string) => {
    const { data } = await api().GET('/me/downloads', { params: { query: { limit: 20, ...(from && { cursor: from }) } } });
    if (!data) return;
    setDownloads((shown) => (from ? [...shown, ...data.items] : data.items));
    setCursor(data.nextCursor);
    // Titles of the videos, each read once; a video no longer published keeps its id.
    for (const id of new Set(data.items.map((item) => item.videoId))) {
      void api()
        .GET('/videos/{id}', { params: { path: { id } } })
        .then(({ data: video }) => video && setTitles((known) => ({ ...known, [id]: video.title })));
    }
  };

  useEffect(() => {
    if (!signedIn) return route(`/sign-in?returnTo=${encodeURIComponent(url)}`, true);
    void api()
      .GET('/me')
      .then(({ data, error: refusal }) => (data ? setMe(data) : setError(problemOf(refusal).message)));
    void loadDownloads();
  }, [signedIn]);

  const toggleNewsletter = async () => {
    if (!me) return;
    const { data, error: refusal } = await api().PUT('/me/newsletter', { body: { subscribed: !me.newsletter.subscribed } });
    if (!data) return setError(problemOf(refusal).message);
    setMe({ ...me, newsletter: { subscribed: data.subscribed } });
  };

  if (!me) return <main aria-busy="true">{error && <p class="error" role="alert">{error}</p>}</main>;
  return (
    <main>
      <h1>My account</h1>
      <dl>
        <dt>Email</dt>
        <dd>{me.email}</dd>
        <dt>Name</dt>
        <dd>{me.name ?? '—'}</dd>
      </dl>
      <h2>Newsletter</h2>
      <p role="status">{me.newsletter.subscribed ? 'You receive the newsletter.' : 'You do not receive the newsletter.'}</p>
      <button type="button" onClick={toggleNewsletter}>
        {me.newsletter.subscribed ? 'Unsubscribe from the newsletter' : 'Subscribe to the newsletter'}
      </button>
      {error && <p class="error" role="alert">{error}</p>}
      <h2>My downloads</h2>
      {downloads.length === 0 ? (
        <p>No downloads yet.</p>
      ) : (
        <ul class="downloads">
          {downloads.map((item) => (
            <li key={`${item.videoId}-${item.rendition}-${item.at}`}>
              {titles[item.videoId] ?? item.videoId} · {item.rendition} · <time dateTime={item.at}>{new Date(item.at).toLocaleString('en-GB')}</time>
            </li>
          ))}
        </ul>
      )}
      {cursor && (
        <button type="button" onClick={() => loadDownloads(cursor)}>
          More downloads
        </button>
      )}
    </main>
  );
}
