import { recordActivity } from '../../common/activity';
import { signedInHandler } from '../../common/auth';
import { notFound } from '../../common/errors';
import { originOf } from '../../common/network';
import { endSession } from '../../common/sessions';
import { endMySession } from '../operations';

/**
 * Ends one of the caller's own sessions: the id is looked up under the caller's partition only, so another user's
 * session id is simply not found. Its refresh token stays valid at Cognito, where only our refresh asks, and that
 * refuses an ended session.
 */
export const handler = signedInHandler(endMySession, async ({ params, caller, event }) => {
  if (!(await endSession(caller.sub, params.id))) throw notFound('The session');
  await recordActivity(caller.sub, 'signed_out', originOf(event), { via: 'session_list', sessionId: params.id });
  return { statusCode: 204 };
});
