import { signedInHandler } from '../../common/auth';
import { revokeSession } from '../../common/revocations';
import { logout } from '../operations';
import { revokeRefreshToken } from '../identity';

/**
 * Ends this session: its refresh token is revoked in Cognito, and its access tokens are refused from the next
 * request on. Signing out twice is fine.
 */
export const handler = signedInHandler(
  logout,
  async ({ body, caller }) => {
    await Promise.all([revokeRefreshToken(body.refreshToken), revokeSession(caller.sub, caller.sessionId)]);
    return { statusCode: 204 };
  },
);
