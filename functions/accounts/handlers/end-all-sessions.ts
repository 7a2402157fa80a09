import { recordActivity } from '../../common/activity';
import { signedInHandler } from '../../common/auth';
import { originOf } from '../../common/network';
import { endEverySession } from '../../common/sessions';
import { endAllMySessions } from '../operations';
import { signOutEverywhere } from '../identity';

/** "Sign out everywhere": every session ends, this one too, ours and Cognito's. */
export const handler = signedInHandler(endAllMySessions, async ({ caller, event }) => {
  await endEverySession(caller.sub);
  await Promise.all([signOutEverywhere(caller.username), recordActivity(caller.sub, 'signed_out', originOf(event), { via: 'everywhere' })]);
  return { statusCode: 204 };
});
