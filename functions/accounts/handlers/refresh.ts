import { Refusal } from '../../common/errors';
import { publicHandler } from '../../common/http';
import { isRevoked, sessionOfIssuedToken } from '../../common/revocations';
import { refresh } from '../operations';
import { refreshLogin } from '../identity';

/** A revoked session gets no new tokens, even where Cognito would still honour its refresh token. */
export const handler = publicHandler(refresh, async ({ body }) => {
  const tokens = await refreshLogin(body.refreshToken);
  const session = tokens === 'invalid' ? undefined : sessionOfIssuedToken(tokens.accessToken);
  if (tokens === 'invalid' || !session || (await isRevoked(session))) {
    throw new Refusal('invalid_token', 'This refresh token is not valid any more. Sign in again.');
  }
  return { statusCode: 200, body: tokens };
});
