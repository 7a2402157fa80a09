/**
 * The Cognito side of accounts: users, passwords and tokens. Only our functions act on the pool, and only with
 * admin calls (IAM-authorized): the pool allows no self sign-up and the app client no public sign-in flow, so a
 * token's client id opens nothing our API would refuse (docs/SECURITY.md). Refresh and revocation take the
 * token itself, which only its holder has.
 */
import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  AdminUserGlobalSignOutCommand,
  RevokeTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { AuthenticationResultType } from '@aws-sdk/client-cognito-identity-provider';
import { randomBytes } from 'node:crypto';
import { cognito, userPoolClientId, userPoolId } from '../common/aws/cognito';
import { logger } from '../common/logger';

/**
 * `unfinished`: a user without a password of its own yet: made by a confirmation that failed half-way (and is
 * finished by its retry), or by an administrator (an editor who still has to choose a password).
 */
export type Account =
  | { status: 'missing' }
  | { status: 'active' | 'unfinished'; sub: string; email: string; name?: string; createdAt: string };

export interface Tokens {
  accessToken: string;
  idToken: string;
  refreshToken?: string;
  expiresIn: number;
  tokenType: 'Bearer';
}

const errorName = (error: unknown): string => (error as { name?: string }).name ?? '';

/** UNCONFIRMED users exist only in pools of versions that let Cognito keep pending sign-ups: finished alike. */
const UNFINISHED = new Set(['FORCE_CHANGE_PASSWORD', 'UNCONFIRMED']);

/** Username is the email: the pool signs in by email. */
export async function findAccount(username: string): Promise<Account> {
  try {
    const user = await cognito.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username }));
    const attribute = (name: string) => user.UserAttributes?.find((item) => item.Name === name)?.Value;
    return {
      status: UNFINISHED.has(user.UserStatus ?? '') ? 'unfinished' : 'active',
      sub: attribute('sub') ?? user.Username!,
      email: attribute('email') ?? username,
      ...(attribute('name') !== undefined && { name: attribute('name') }),
      createdAt: (user.UserCreateDate ?? new Date()).toISOString(),
    };
  } catch (error) {
    if (errorName(error) === 'UserNotFoundException') return { status: 'missing' };
    throw error;
  }
}

/** A password nobody knows, that meets the policy, for a user until its owner's own is set. */
const unguessablePassword = (): string => `${randomBytes(24).toString('base64url')}aA1!`;

/**
 * Makes the user of a confirmed address (its email verified by our code), with no usable password yet: setPassword
 * gives it the confirming person's. Returns its sub; an unfinished user is taken over (a retry of a confirmation,
 * or an administrator's user that the code's holder may finish as a reset would); 'taken' if the address has an
 * account already.
 */
export async function createAccount(email: string, name: string | undefined): Promise<{ sub: string } | 'taken'> {
  try {
    const { User } = await cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: userPoolId,
        Username: email,
        MessageAction: 'SUPPRESS',
        TemporaryPassword: unguessablePassword(),
        UserAttributes: [
          { Name: 'email', Value: email },
          { Name: 'email_verified', Value: 'true' },
          ...(name !== undefined ? [{ Name: 'name', Value: name }] : []),
        ],
      }),
    );
    const sub = User?.Attributes?.find((attribute) => attribute.Name === 'sub')?.Value;
    if (!sub) throw new Error('Cognito returned a user without a sub');
    return { sub };
  } catch (error) {
    if (errorName(error) !== 'UsernameExistsException') throw error;
    const account = await findAccount(email);
    return account.status === 'unfinished' ? { sub: account.sub } : 'taken';
  }
}

export async function removeAccount(email: string): Promise<void> {
  await cognito.send(new AdminDeleteUserCommand({ UserPoolId: userPoolId, Username: email }));
}

export async function setPassword(email: string, password: string): Promise<void> {
  await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: userPoolId, Username: email, Password: password, Permanent: true }));
}

/**
 * After a password reset, Cognito's sessions (refresh tokens) end. Best effort: the reset itself stands, and our
 * own sessions (common/sessions.ts) refuse the old tokens whatever Cognito did.
 */
export async function signOutEverywhere(email: string): Promise<void> {
  try {
    await cognito.send(new AdminUserGlobalSignOutCommand({ UserPoolId: userPoolId, Username: email }));
  } catch (error) {
    // cognito-local does not implement global sign-out; on AWS a failure is logged for follow-up.
    if ((error as { __type?: string }).__type !== 'CognitoLocal#Unsupported') logger.warn('global sign-out failed after a reset', { error: error as Error });
  }
}

function tokensOf(result: AuthenticationResultType | undefined): Tokens {
  if (!result?.AccessToken || !result.IdToken) throw new Error('Cognito returned no tokens');
  return {
    accessToken: result.AccessToken,
    idToken: result.IdToken,
    ...(result.RefreshToken && { refreshToken: result.RefreshToken }),
    expiresIn: result.ExpiresIn ?? 3600,
    tokenType: 'Bearer',
  };
}

/** Cognito (and its emulator) say a wrong password or an unknown user in several ways; all are "invalid". */
const INVALID_LOGIN = new Set(['NotAuthorizedException', 'UserNotFoundException', 'InvalidPasswordException', 'PasswordResetRequiredException', 'UserNotConfirmedException']);

const signIn = (flow: 'ADMIN_USER_PASSWORD_AUTH' | 'REFRESH_TOKEN_AUTH', parameters: Record<string, string>) =>
  cognito.send(new AdminInitiateAuthCommand({ UserPoolId: userPoolId, ClientId: userPoolClientId, AuthFlow: flow, AuthParameters: parameters }));

/** 'invalid' also for a user who must first choose a password (Cognito answers with a challenge, not tokens). */
export async function passwordLogin(email: string, password: string): Promise<Tokens | 'invalid'> {
  try {
    const { AuthenticationResult } = await signIn('ADMIN_USER_PASSWORD_AUTH', { USERNAME: email, PASSWORD: password });
    return AuthenticationResult ? tokensOf(AuthenticationResult) : 'invalid';
  } catch (error) {
    if (INVALID_LOGIN.has(errorName(error))) return 'invalid';
    throw error;
  }
}

export async function refreshLogin(refreshToken: string): Promise<Tokens | 'invalid'> {
  try {
    const { AuthenticationResult } = await signIn('REFRESH_TOKEN_AUTH', { REFRESH_TOKEN: refreshToken });
    // Cognito answers a refresh with new access and id tokens only; the refresh token stays the same.
    const { accessToken, idToken, expiresIn, tokenType } = tokensOf(AuthenticationResult);
    return { accessToken, idToken, expiresIn, tokenType };
  } catch (error) {
    if (INVALID_LOGIN.has(errorName(error))) return 'invalid';
    throw error;
  }
}

/** Revokes a refresh token (and the tokens issued from it). An unknown or already revoked token is no error. */
export async function revokeRefreshToken(refreshToken: string): Promise<void> {
  try {
    await cognito.send(new RevokeTokenCommand({ ClientId: userPoolClientId, Token: refreshToken }));
  } catch (error) {
    if (!INVALID_LOGIN.has(errorName(error)) && errorName(error) !== 'UnsupportedTokenTypeException') throw error;
  }
}
