import { api } from '../api/client';
import type { Schemas } from '../api/client';
import { usePaged } from '../paged';
import { claimsOf, session } from '../session';
import { when } from './campaigns';

type Entry = Schemas['HistoryEntry'];

const DONE: Record<Entry['action'], string> = {
  created: 'Created',
  edited: 'Edited',
  video_added: 'Video added',
  upload_started: 'Upload started',
  upload_completed: 'Upload completed',
  published: 'Published',
};

/** "Published by you", or by the editor's user id: the API keeps who, not their name. */
function describe(entry: Entry, videos: Schemas['Video'][], me: string | undefined): string {
  const video = entry.videoId && (videos.find((known) => known.id === entry.videoId)?.title ?? entry.videoId);
  const what = [entry.fields?.join(', '), video, entry.rendition].filter(Boolean).join(' · ');
  return `${DONE[entry.action]}${what ? ` (${what})` : ''} by ${entry.editor.sub === me ? 'you' : `editor ${entry.editor.sub}`}`;
}

/** Who changed the article and how, newest first; read again after each change made on this page. */
export function ArticleHistory({ article }: { article: Schemas['Article'] }) {
  const history = usePaged((cursor) => api().GET('/articles/{id}/history', { params: { path: { id: article.id }, query: { limit: 20, ...(cursor && { cursor }) } } }), [article]);
  const sub = claimsOf(session.accessToken() ?? '').sub;
  const me = typeof sub === 'string' ? sub : undefined;
  return (
    <>
      <h2>History</h2>
      {history.error && <p class="error" role="alert">{history.error}</p>}
      <ol class="history" aria-label="History of the article">
        {history.items.map((entry, index) => (
          <li key={`${entry.at}#${index}`}>
            {describe(entry, article.videos, me)}, <time dateTime={entry.at}>{when(entry.at)}</time>
          </li>
        ))}
      </ol>
      {history.more && (
        <button type="button" onClick={history.more}>
          Earlier changes
        </button>
      )}
    </>
  );
}
