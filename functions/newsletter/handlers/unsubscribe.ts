import { loadProfile, saveNewsletterChoice } from '../../accounts/profile';
import { recordActivity } from '../../common/activity';
import { publicHandler } from '../../common/http';
import { originOf } from '../../common/network';
import { unsubscribe } from '../operations';
import { subscriberFromToken } from '../unsubscribe-tokens';

/**
 * RFC 8058 one-click: a POST with the token unsubscribes at once, without a login. Repeating it is harmless. It is
 * on the account's record only when it changed something.
 */
export const handler = publicHandler(unsubscribe, async ({ query, event }) => {
  const sub = await subscriberFromToken(query.token);
  const before = await loadProfile(sub);
  await saveNewsletterChoice(sub, false);
  if (before?.newsletter) await recordActivity(sub, 'newsletter_unsubscribed', originOf(event), { via: 'link' });
  return { statusCode: 200, body: { subscribed: false } };
});
