import { HttpError } from '../shared/errors';
import { httpHandler } from '../shared/http';
import { refresh } from './api';
import { refreshLogin } from './identity';

export const handler = httpHandler(refresh, async ({ body }) => {
  const tokens = await refreshLogin(body.refreshToken);
  if (tokens === 'invalid') throw new HttpError(401, 'invalid_token', 'This refresh token is not valid any more. Sign in again.');
  return { statusCode: 200, body: tokens };
});
