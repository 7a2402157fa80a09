import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import type { Schemas } from '../api/client';
import { api, problemOf } from '../api/client';
import { useSignedIn } from '../session';
import { Activity } from './activity';
import { DeleteAccount } from './delete-account';
import { ExportData } from './export-data';
import { localTime } from './readable';
import { Sessions } from './sessions';

type Download = Schemas['DownloadPage']['items'][number];

/**
 * The signed-in person's account: who they are, the newsletter switch, the links they were issued, what happened on
 * the account, where it is signed in, their data to take away, and deleting it all. Signed out (here, or because the
 * API ended the session), the page leads to the sign-in page.
 */
export function Account() {
  const signedIn = useSignedIn();
  const { route, url } = useLocation();
  const [me, setMe] = useState<Schemas['Me']>();
  const [downloads, setDownloads] = useState<Download[]>([]);
  const [titles, setTitles] = useState<Record<string, string>>({});
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string>();
  // Moves when an action here adds to the account's activity, which is then read again.
  const [changes, setChanges] = useState(0);
  const changed = () => setChanges((count) => count + 1);

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
    changed();
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
              {titles[item.videoId] ?? item.videoId} · {item.rendition} · <time dateTime={item.at}>{localTime(item.at)}</time>
            </li>
          ))}
        </ul>
      )}
      {cursor && (
        <button type="button" onClick={() => loadDownloads(cursor)}>
          More downloads
        </button>
      )}
      <Activity changes={changes} />
      <Sessions onChange={changed} />
      <ExportData />
      <DeleteAccount />
    </main>
  );
}
