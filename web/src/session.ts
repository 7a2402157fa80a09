/**
 * Who is signed in. The access token lives in memory only; the refresh token in sessionStorage, so a reload keeps
 * the session and closing the tab ends it (README, "Tokens in the browser", says why this is the trade-off).
 */
import { useEffect, useState } from 'preact/hooks';
import { EDITORS_GROUP } from '../../functions/common/groups';

/** Every key the portal keeps in the browser starts so. */
const PORTAL_KEYS = 'pressroom.';
const REFRESH_KEY = `${PORTAL_KEYS}refresh`;

interface SignedIn {
  accessToken: string;
  refreshToken: string;
}

/**
 * Why this tab's last session ended, when the person did not simply sign out here: the API ended it (another device
 * signed it out, a new password, its lifetime) or they signed out everywhere. The sign-in page says which.
 */
export type Ending = 'ended' | 'everywhere';

/**
 * An access token's claims, read without checking the signature: only to choose what to show. Every route the
 * token opens checks it itself.
 */
export function claimsOf(token: string): Record<string, unknown> {
  try {
    return JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>;
  } catch {
    return {};
  }
}

function groupsOf(token: string): string[] {
  const groups = claimsOf(token)['cognito:groups'];
  return Array.isArray(groups) ? groups.filter((group): group is string => typeof group === 'string') : [];
}

let current: SignedIn | undefined;
let ending: Ending | undefined;
const listeners = new Set<() => void>();
const changed = () => listeners.forEach((listener) => listener());

export const session = {
  accessToken: (): string | undefined => current?.accessToken,
  isEditor: (): boolean => current !== undefined && groupsOf(current.accessToken).includes(EDITORS_GROUP),
  refreshToken: (): string | undefined => current?.refreshToken ?? sessionStorage.getItem(REFRESH_KEY) ?? undefined,
  ending: (): Ending | undefined => ending,
  signIn(tokens: SignedIn): void {
    current = tokens;
    ending = undefined;
    sessionStorage.setItem(REFRESH_KEY, tokens.refreshToken);
    changed();
  },
  /** Also forgets what the portal kept in this browser (editors' uploads to resume): the next person gets none of it. */
  signOut(why?: Ending): void {
    current = undefined;
    ending = why;
    for (const storage of [sessionStorage, localStorage]) {
      for (const key of Object.keys(storage)) if (key.startsWith(PORTAL_KEYS)) storage.removeItem(key);
    }
    changed();
  },
};

/** Re-renders the component when someone signs in or out; true while signed in. */
export function useSignedIn(): boolean {
  const [, setVersion] = useState(0);
  useEffect(() => {
    const listener = () => setVersion((version) => version + 1);
    listeners.add(listener);
    return () => void listeners.delete(listener);
  }, []);
  return current !== undefined;
}
