import { authenticate } from '../shared/auth';
import { httpHandler } from '../shared/http';
import { logout } from './api';
import { revokeRefreshToken } from './identity';

/** Revokes the refresh token, so it (and what it would issue) no longer works. Signing out twice is fine. */
export const handler = httpHandler(
  logout,
  async ({ body }) => {
    await revokeRefreshToken(body.refreshToken);
    return { statusCode: 204 };
  },
  { authenticate },
);
