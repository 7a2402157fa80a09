import { setNewsletter } from '../accounts/profile';
import { publicHandler } from '../shared/http';
import { unsubscribe } from './api';
import { subscriberFromToken } from './unsubscribe-link';

/** RFC 8058 one-click: a POST with the token unsubscribes at once, without a login. Repeating it is harmless. */
export const handler = publicHandler(unsubscribe, async ({ query }) => {
  await setNewsletter(await subscriberFromToken(query.token), false);
  return { statusCode: 200, body: { subscribed: false } };
});
