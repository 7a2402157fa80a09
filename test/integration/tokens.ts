/**
 * Tokens for the tests: the editor seeded by the stack, and readers created here with the emulator's admin API (the
 * sign-up routes have their own tests), signed in through the API, since a token opens the API only with the session
 * the API's sign-in records.
 */
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { call, endpoints } from './client';

const state = JSON.parse(readFileSync(join(dirname(process.env.PRESSROOM_ENDPOINTS!), 'state.json'), 'utf8')) as {
  userPoolId: string;
};

export const cognito = new CognitoIdentityProviderClient({
  region: 'us-east-1',
  endpoint: endpoints.cognito,
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});

export async function signIn(email: string, password: string) {
  const response = await call<{ accessToken: string; idToken: string; refreshToken: string }>('POST', '/auth/login', { body: { email, password } });
  if (response.status !== 200) throw new Error(`Signing ${email} in answered ${response.status}`);
  return response.body;
}

export const editorTokens = () => signIn(endpoints.editor.email, endpoints.editor.password);

export async function readerTokens() {
  const email = `reader-${randomUUID()}@example.org`;
  const password = 'Reader-Password-2024!';
  await cognito.send(
    new AdminCreateUserCommand({ UserPoolId: state.userPoolId, Username: email, MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: email }] }),
  );
  await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: state.userPoolId, Username: email, Password: password, Permanent: true }));
  return signIn(email, password);
}

/** The pool's users with this address, as Cognito holds them. */
export async function usersWithEmail(email: string): Promise<{ sub: string; status: string }[]> {
  const { Users = [] } = await cognito.send(new ListUsersCommand({ UserPoolId: state.userPoolId, Filter: `email = "${email}"` }));
  return Users.map((user) => ({ sub: user.Attributes?.find((attribute) => attribute.Name === 'sub')?.Value ?? '', status: user.UserStatus ?? '' }));
}

/** The addresses of the pool's users that hold this text, however they were written: what a hostile sign-up left. */
export async function addressesMentioning(text: string): Promise<string[]> {
  const found: string[] = [];
  let PaginationToken: string | undefined;
  do {
    const page = await cognito.send(new ListUsersCommand({ UserPoolId: state.userPoolId, AttributesToGet: ['email'], PaginationToken }));
    for (const user of page.Users ?? []) {
      const email = user.Attributes?.find((attribute) => attribute.Name === 'email')?.Value ?? '';
      if (email.includes(text)) found.push(email);
    }
    PaginationToken = page.PaginationToken;
  } while (PaginationToken);
  return found;
}
