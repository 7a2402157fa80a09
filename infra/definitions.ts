/**
 * What the CDK stack and the local stack both create, described once: the local stack must be the same system,
 * not a look-alike kept in step by hand.
 */
import { passwordPolicy } from '../functions/accounts/password-policy';
import { EDITORS_GROUP } from '../functions/shared/operation';

export { tableDesign } from '../functions/shared/table';
export { VIDEO_PREFIX } from '../functions/shared/bucket';

export const userPoolDefinition = {
  /** People sign in with their email address; it is also the username. */
  usernameAttribute: 'email',
  passwordPolicy,
  groups: [EDITORS_GROUP],
  /** Only our functions call Cognito, with the user's password: no SRP, no hosted UI. */
  authFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  accessTokenMinutes: 60,
  idTokenMinutes: 60,
  refreshTokenDays: 30,
} as const;
