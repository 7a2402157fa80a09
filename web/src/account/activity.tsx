import type { Schemas } from '../api/client';
import { api } from '../api/client';
import { usePaged } from '../paged';
import { localTime, whatHappened, whereFrom } from './readable';

/** What happened on the account, newest first, a page at a time; read again when `changes` moves (an action on the page). */
export function Activity({ changes }: { changes: number }) {
  const activity = usePaged<Schemas['ActivityEntry']>(
    (cursor) => api().GET('/me/activity', { params: { query: { limit: 20, ...(cursor && { cursor }) } } }),
    [changes],
  );
  return (
    <>
      <h2>Activity</h2>
      {activity.error && <p class="error" role="alert">{activity.error}</p>}
      <ol class="activity">
        {activity.items.map((entry, index) => (
          <li key={`${entry.at}#${index}`}>
            <span class="what">{whatHappened(entry)}</span> · <time dateTime={entry.at}>{localTime(entry.at)}</time>
            {(entry.userAgent !== undefined || entry.ip) && <span class="meta">{whereFrom(entry)}</span>}
          </li>
        ))}
      </ol>
      {activity.more && (
        <button type="button" onClick={activity.more}>
          Show more
        </button>
      )}
    </>
  );
}
