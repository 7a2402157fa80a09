/**
 * How the account page words what the API keeps: times in the reader's own locale, user agents as a browser and a
 * system (functions/common/user-agents.ts, as the security notices word them), activity in plain words. Free of the DOM, so the unit tests read it too.
 */
import type { components } from '../api/contract';
import { describeBrowser } from '../../../functions/common/user-agents';

type ActivityEntry = components['schemas']['ActivityEntry'];

/** An instant as the reader's browser writes dates and times: its language and its time zone. */
export const localTime = (instant: string): string => new Date(instant).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

const SIGNED_OUT: Partial<Record<NonNullable<ActivityEntry['via']>, string>> = {
  this_session: 'Signed out',
  session_list: 'Signed out another device',
  everywhere: 'Signed out everywhere',
};

const UNSUBSCRIBED: Partial<Record<NonNullable<ActivityEntry['via']>, string>> = {
  link: 'Unsubscribed from the newsletter with the link in an email',
  complaint: 'Unsubscribed from the newsletter: an email of it was reported as spam',
};

/** Every kind of entry the contract has, in plain words; a new kind does not compile until it is worded here. */
const WHAT: Record<ActivityEntry['type'], (entry: ActivityEntry) => string> = {
  signed_up: () => 'Signed up',
  confirmed: () => 'Confirmed the email address',
  signed_in: () => 'Signed in',
  sign_in_failed: ({ more }) => (more ? `${more} more sign-ins failed that day (wrong password); the last one:` : 'A sign-in failed (wrong password)'),
  password_reset: () => 'Reset the password',
  signed_out: ({ via }) => (via && SIGNED_OUT[via]) ?? 'Signed out',
  newsletter_subscribed: () => 'Subscribed to the newsletter',
  newsletter_unsubscribed: ({ via }) => (via && UNSUBSCRIBED[via]) ?? 'Unsubscribed from the newsletter',
  downloaded: ({ videoId, rendition }) => `Downloaded ${videoId ?? 'a video'}${rendition ? ` (${rendition})` : ''}`,
};

export const whatHappened = (entry: ActivityEntry): string => WHAT[entry.type](entry);

/** "Chrome 140 on Linux · 203.0.113.7"; empty for what no request did (a complaint to the mail service). */
export const whereFrom = ({ userAgent, ip }: { userAgent?: string; ip?: string }): string =>
  [userAgent === undefined ? undefined : describeBrowser(userAgent), ip].filter(Boolean).join(' · ');
