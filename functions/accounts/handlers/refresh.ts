import { Refusal } from '../../common/errors';
import { publicHandler } from '../../common/http';
import { originOf } from '../../common/network';
import { identityOfIssuedToken, renewSession } from '../../common/sessions';
import { refresh } from '../operations';
import { refreshLogin } from '../identity';

/**
 * New tokens only for a live session (common/sessions.ts): an ended one gets none, even where Cognito would still
 * honour its refresh token. The session notes when and from where it was last used.
 */
export const handler = publicHandler(refresh, async ({ body, event }) => {
  const tokens = await refreshLogin(body.refreshToken);
  const identity = tokens === 'invalid' ? undefined : identityOfIssuedToken(tokens.accessToken);
  if (tokens === 'invalid' || !identity || !(await renewSession(identity, body.refreshToken, originOf(event)))) {
    throw new Refusal('invalid_token', 'This refresh token is not valid any more. Sign in again.');
  }
  return { statusCode: 200, body: tokens };
});
