/**
 * The Cognito side of accounts: users, passwords, confirmation and tokens. Only our functions call Cognito; the
 * app client has no secret and allows only password and refresh-token sign-in.
 */
import {
  AdminConfirmSignUpCommand,
  AdminDeleteUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  AdminUserGlobalSignOutCommand,
  InitiateAuthCommand,
  RevokeTokenCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { AuthenticationResultType } from '@aws-sdk/client-cognito-identity-provider';
import { cognito, userPoolClientId, userPoolId } from '../shared/aws/cognito';
import { logger } from '../shared/logger';

export type Account =
  | { status: 'missing' }
  | { status: 'unconfirmed' | 'confirmed'; sub: string; email: string; name?: string; createdAt: string };

export interface Tokens {
  accessToken: string;
  idToken: string;
  refreshToken?: string;
  expiresIn: number;
  tokenType: 'Bearer';
}

const errorName = (error: unknown): string => (error as { name?: string }).name ?? '';

/** Username is the email: the pool signs in by email. Admin-created users still to set a password count as confirmed. */
export async function findAccount(username: string): Promise<Account> {
  try {
    const user = await cognito.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username }));
    const attribute = (name: string) => user.UserAttributes?.find((item) => item.Name === name)?.Value;
    return {
      status: user.UserStatus === 'UNCONFIRMED' ? 'unconfirmed' : 'confirmed',
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

/** Creates an unconfirmed user; false if the address is taken. */
export async function createAccount(email: string, password: string, name: string | undefined): Promise<boolean> {
  try {
    await cognito.send(
      new SignUpCommand({
        ClientId: userPoolClientId,
        Username: email,
        Password: password,
        UserAttributes: [{ Name: 'email', Value: email }, ...(name !== undefined ? [{ Name: 'name', Value: name }] : [])],
      }),
    );
    return true;
  } catch (error) {
    if (errorName(error) === 'UsernameExistsException') return false;
    throw error;
  }
}

export async function removeAccount(email: string): Promise<void> {
  await cognito.send(new AdminDeleteUserCommand({ UserPoolId: userPoolId, Username: email }));
}

/** Our code proved the address, so Cognito is told both: the user is confirmed and the email verified. */
export async function confirmAccount(email: string): Promise<void> {
  await cognito.send(new AdminConfirmSignUpCommand({ UserPoolId: userPoolId, Username: email }));
  // The address is given again with the flag: Cognito then takes it as verified and sends nothing (and
  // cognito-local refuses the flag alone).
  await cognito.send(
    new AdminUpdateUserAttributesCommand({
      UserPoolId: userPoolId,
      Username: email,
      UserAttributes: [
        { Name: 'email', Value: email },
        { Name: 'email_verified', Value: 'true' },
      ],
    }),
  );
}

export async function setPassword(email: string, password: string): Promise<void> {
  await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: userPoolId, Username: email, Password: password, Permanent: true }));
}

/** After a password reset, sessions opened with the old password end. Best effort: the reset itself stands. */
export async function signOutEverywhere(email: string): Promise<void> {
  try {
    await cognito.send(new AdminUserGlobalSignOutCommand({ UserPoolId: userPoolId, Username: email }));
  } catch (error) {
    // cognito-local does not implement global sign-out; on AWS a failure is logged for follow-up.
    if (errorName(error) !== 'CognitoLocal#Unsupported') logger.warn('global sign-out failed after a reset', { error: error as Error });
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
const INVALID_LOGIN = new Set(['NotAuthorizedException', 'UserNotFoundException', 'InvalidPasswordException', 'PasswordResetRequiredException']);

export async function passwordLogin(email: string, password: string): Promise<Tokens | 'invalid' | 'unconfirmed'> {
  try {
    const { AuthenticationResult } = await cognito.send(
      new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: userPoolClientId, AuthParameters: { USERNAME: email, PASSWORD: password } }),
    );
    return tokensOf(AuthenticationResult);
  } catch (error) {
    if (errorName(error) === 'UserNotConfirmedException') return 'unconfirmed';
    if (INVALID_LOGIN.has(errorName(error))) return 'invalid';
    throw error;
  }
}

export async function refreshLogin(refreshToken: string): Promise<Tokens | 'invalid'> {
  try {
    const { AuthenticationResult } = await cognito.send(
      new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: userPoolClientId, AuthParameters: { REFRESH_TOKEN: refreshToken } }),
    );
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
