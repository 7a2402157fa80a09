import { api, problemOf } from './api/client';
import { session } from './session';

/** Signs in with a password; throws the API's refusal (its message is for the person). */
export async function signIn(email: string, password: string): Promise<void> {
  const { data, error } = await api().POST('/auth/login', { body: { email, password } });
  if (!data?.refreshToken) throw new Error(problemOf(error).message);
  session.signIn({ accessToken: data.accessToken, refreshToken: data.refreshToken });
}

/** After a reload: the refresh token of this tab, if any, gives a new access token. */
export async function resumeSession(): Promise<void> {
  const refreshToken = session.refreshToken();
  if (!refreshToken) return;
  const { data } = await api().POST('/auth/refresh', { body: { refreshToken } });
  if (data) session.signIn({ accessToken: data.accessToken, refreshToken });
  else session.signOut();
}

export async function signOut(): Promise<void> {
  const refreshToken = session.refreshToken();
  if (refreshToken) await api().POST('/auth/logout', { body: { refreshToken } });
  session.signOut();
}
