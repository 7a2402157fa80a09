import { saveNewsletterChoice } from '../../accounts/profile';
import { publicHandler } from '../../common/http';
import { unsubscribe } from '../operations';
import { subscriberFromToken } from '../unsubscribe-tokens';

/** RFC 8058 one-click: a POST with the token unsubscribes at once, without a login. Repeating it is harmless. */
export const handler = publicHandler(unsubscribe, async ({ query }) => {
  await saveNewsletterChoice(await subscriberFromToken(query.token), false);
  return { statusCode: 200, body: { subscribed: false } };
});
