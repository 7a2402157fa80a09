import { recordActivity } from '../../common/activity';
import { signedInHandler } from '../../common/auth';
import { originOf } from '../../common/network';
import { endSession } from '../../common/sessions';
import { logout } from '../operations';
import { revokeRefreshToken } from '../identity';

/**
 * Ends this session: its tokens are refused from the next request on, and its refresh token is revoked in Cognito
 * too. Signing out twice is fine.
 */
export const handler = signedInHandler(
  logout,
  async ({ body, caller, event }) => {
    await Promise.all([
      revokeRefreshToken(body.refreshToken),
      endSession(caller.sub, caller.sessionId),
      recordActivity(caller.sub, 'signed_out', originOf(event), { via: 'this_session', sessionId: caller.sessionId }),
    ]);
    return { statusCode: 204 };
  },
);
