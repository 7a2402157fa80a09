import { api, problemOf } from './api/client';
import { claimsOf, session } from './session';

/** A new access token is asked for this long before the current one expires, so a page left open keeps working. */
const RENEW_AHEAD_MS = 60_000;
let renewal: ReturnType<typeof setTimeout> | undefined;

/** Starts (or continues) the session and plans the access token's renewal: a long upload outlives a token. */
function keep(accessToken: string, refreshToken: string): void {
  session.signIn({ accessToken, refreshToken });
  clearTimeout(renewal);
  const expiresAt = Number(claimsOf(accessToken).exp) * 1000;
  if (expiresAt) renewal = setTimeout(() => void resumeSession(), Math.max(0, expiresAt - Date.now() - RENEW_AHEAD_MS));
}

/** Signs in with a password; throws the API's refusal (its message is for the person). */
export async function signIn(email: string, password: string): Promise<void> {
  const { data, error } = await api().POST('/auth/login', { body: { email, password } });
  if (!data?.refreshToken) throw new Error(problemOf(error).message);
  keep(data.accessToken, data.refreshToken);
}

/**
 * A new access token from this tab's refresh token, after a reload or before the current one expires. A refused
 * refresh token (revoked, expired) ends the session; an unreachable API leaves it as it is, to try again later.
 */
export async function resumeSession(): Promise<void> {
  const refreshToken = session.refreshToken();
  if (!refreshToken) return;
  const { data, response } = await api().POST('/auth/refresh', { body: { refreshToken } });
  if (data) keep(data.accessToken, refreshToken);
  else if (response.status === 400 || response.status === 401) session.signOut();
}

export async function signOut(): Promise<void> {
  clearTimeout(renewal);
  const refreshToken = session.refreshToken();
  if (refreshToken) await api().POST('/auth/logout', { body: { refreshToken } });
  session.signOut();
}
