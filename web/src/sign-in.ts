import { api, problemOf } from './api/client';
import type { Ending } from './session';
import { session } from './session';

/** A new access token is asked for this long before the current one expires, so a page left open keeps working. */
const RENEW_AHEAD_MS = 60_000;
/** Bounds of a renewal's wait: never a loop, whatever the answer says; setTimeout's own limit. */
const MIN_WAIT_MS = 30_000;
const MAX_WAIT_MS = 2 ** 31 - 1;
/** The longest wait between tries while the API cannot be reached. */
const MAX_RETRY_MS = 300_000;

let renewal: ReturnType<typeof setTimeout> | undefined;
/** Counts sign-ins and sign-outs: a refresh answered after either belongs to a session that is over. */
let generation = 0;

function renewIn(waitMs: number, retryMs = MIN_WAIT_MS): void {
  clearTimeout(renewal);
  renewal = setTimeout(() => void renew(retryMs), Math.min(MAX_WAIT_MS, Math.max(MIN_WAIT_MS, waitMs)));
}

/**
 * Starts (or continues) the session and plans the access token's renewal, a long upload outliving a token. Timed by
 * the API's `expiresIn` from now, not by the token's `exp` against this device's clock, which may be off by hours.
 */
function keep(accessToken: string, refreshToken: string, expiresInSeconds: number): void {
  session.signIn({ accessToken, refreshToken });
  renewIn(expiresInSeconds * 1000 - RENEW_AHEAD_MS);
}

/** Signs in with a password; throws the API's refusal (its message is for the person). */
export async function signIn(email: string, password: string): Promise<void> {
  const { data, error } = await api().POST('/auth/login', { body: { email, password } });
  if (!data?.refreshToken) throw new Error(problemOf(error).message);
  generation += 1;
  keep(data.accessToken, data.refreshToken, data.expiresIn);
}

/**
 * A new access token from this tab's refresh token: 'refused' when there is none or the API refuses it, 'stale' when
 * the session it was asked for ended (or another began) while the API answered.
 */
async function refreshed(): Promise<'renewed' | 'refused' | 'unreachable' | 'stale'> {
  const refreshToken = session.refreshToken();
  if (!refreshToken) return 'refused';
  const asked = generation;
  const { data, response } = await api().POST('/auth/refresh', { body: { refreshToken } });
  if (asked !== generation) return 'stale';
  if (data) {
    keep(data.accessToken, refreshToken, data.expiresIn);
    return 'renewed';
  }
  return response.status === 400 || response.status === 401 ? 'refused' : 'unreachable';
}

/** Before the token expires: a refused refresh token (revoked, expired) ends the session; an unreachable API is tried again, less and less often. */
async function renew(retryMs: number): Promise<void> {
  const outcome = await refreshed();
  if (outcome === 'refused') endHere('ended');
  if (outcome === 'unreachable') renewIn(retryMs, Math.min(MAX_RETRY_MS, retryMs * 2));
}

/**
 * After a reload. Any failure ends the session in this tab: the page shows its visitor signed out, so a refresh
 * token kept for later would sign the next person at a shared computer back in.
 */
export async function resumeSession(): Promise<void> {
  if (!session.refreshToken()) return;
  const outcome = await refreshed();
  if (outcome === 'refused') endHere('ended');
  if (outcome === 'unreachable') endHere();
}

/**
 * Forgets the session in this browser, whatever the API says: also for a session the API has already ended
 * (signing out everywhere, deleting the account), which a sign-out there would only be refused for.
 */
export function endHere(why?: Ending): void {
  generation += 1;
  clearTimeout(renewal);
  session.signOut(why);
}

/** Refusals of this tab's token seen while its session is being checked share that check. */
let checking: Promise<void> | undefined;

/**
 * A request refused for this tab's current token (401 unauthorized) means its session ended at the API (another
 * device signed it out, a new password, a deletion) or the token lapsed while the device slept: a refresh tells
 * which, and a refused one ends the session here, so the page shows its visitor signed out rather than failing on.
 * The refusal still reaches the page, after the check.
 */
export function endSessionsTheApiEnded(): void {
  api().use({
    async onResponse({ request, response }) {
      const token = session.accessToken();
      if (response.status !== 401 || !token || request.headers.get('authorization') !== `Bearer ${token}`) return;
      if (problemOf(await response.clone().json().catch(() => undefined)).code !== 'unauthorized') return;
      checking ??= refreshed()
        .then((outcome) => {
          if (outcome === 'refused') endHere('ended');
        })
        .finally(() => (checking = undefined));
      await checking;
    },
  });
}

/** Revokes the session at the API (which takes the access token too), then forgets it here even if that failed. */
export async function signOut(): Promise<void> {
  clearTimeout(renewal);
  const refreshToken = session.refreshToken();
  if (refreshToken) await api().POST('/auth/logout', { body: { refreshToken } });
  endHere();
}
