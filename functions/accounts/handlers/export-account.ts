import { listActivity } from '../../common/activity';
import type { ActivityEntry } from '../../common/activity';
import { signedInHandler } from '../../common/auth';
import { listDownloads } from '../../downloads/store';
import type { DownloadRecord } from '../../downloads/store';
import { exportMyData } from '../operations';
import { accountOf, sessionsOf } from '../account-view';

/** Pages read at once: the export reads whole lists, so it asks for as much as DynamoDB gives in one Query. */
const PAGE = 1_000;

async function everything<T>(list: (options: { limit: number; cursor?: string }) => Promise<{ items: T[]; nextCursor: string | null }>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await list({ limit: PAGE, ...(cursor && { cursor }) });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

const NEWSLETTER_CHANGES = new Set<ActivityEntry['type']>(['newsletter_subscribed', 'newsletter_unsubscribed']);

/** Everything the portal holds on the caller, read afresh: the profile, the newsletter choice and its history, every download, the activity and the sessions. */
export const handler = signedInHandler(exportMyData, async ({ caller }) => {
  const [{ view, profile }, downloads, activity, sessions] = await Promise.all([
    accountOf(caller),
    everything<DownloadRecord>((options) => listDownloads(caller.sub, options)),
    everything<ActivityEntry>((options) => listActivity(caller.sub, options)),
    sessionsOf(caller),
  ]);
  return {
    statusCode: 200,
    headers: { 'content-disposition': 'attachment; filename="pressroom-account.json"' },
    body: {
      exportedAt: new Date().toISOString(),
      profile: view,
      newsletter: { subscribed: view.newsletter.subscribed, suppressed: profile?.suppressed === true, history: activity.filter((entry) => NEWSLETTER_CHANGES.has(entry.type)) },
      downloads,
      activity,
      sessions,
    },
  };
});
