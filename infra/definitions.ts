/**
 * What the CDK stack and the local stack both create, described once: the local stack must be the same system,
 * not a look-alike kept in step by hand.
 */
import { passwordPolicy } from '../functions/accounts/password-policy';
import { EDITORS_GROUP } from '../functions/common/operation';
import { TOKEN_LIFETIMES } from '../functions/common/token-lifetimes';

export { tableDesign } from '../functions/common/table';
export { VIDEO_PREFIX } from '../functions/common/bucket';

export const userPoolDefinition = {
  /** People sign in with their email address; it is also the username. */
  usernameAttribute: 'email',
  passwordPolicy,
  groups: [EDITORS_GROUP],
  /**
   * Only our functions sign users in, with admin calls that IAM authorizes: no public flow (password, SRP), no
   * hosted UI. Refresh cannot be switched off; it takes the refresh token, which only its holder has.
   */
  authFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  /** Users may not sign themselves up: accounts are made by our confirmation, with AdminCreateUser. */
  selfSignUp: false,
  /** What a token's holder could write to their own user through Cognito (not `email`, which our codes verify). */
  writableAttributes: ['name'],
  ...TOKEN_LIFETIMES,
} as const;
