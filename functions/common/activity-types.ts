/** What an account's activity records (activity.ts): plain data, so the contract can name it without the store. */
export const ACTIVITY_TYPES = [
  'signed_up',
  'confirmed',
  'signed_in',
  'sign_in_failed',
  'password_reset',
  'signed_out',
  'newsletter_subscribed',
  'newsletter_unsubscribed',
  'downloaded',
] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

/** How a newsletter choice or a sign-out came about. */
export const ACTIVITY_VIA = ['account', 'link', 'complaint', 'this_session', 'session_list', 'everywhere'] as const;

export interface ActivityDetails {
  /** On a day's folded entry of failed sign-ins: how many failed past the ones listed on their own (activity.ts). */
  more?: number;
  via?: (typeof ACTIVITY_VIA)[number];
  sessionId?: string;
  videoId?: string;
  rendition?: string;
}
