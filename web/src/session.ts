/**
 * Who is signed in. The access token lives in memory only; the refresh token in sessionStorage, so a reload keeps
 * the session and closing the tab ends it (README, "Tokens in the browser", says why this is the trade-off).
 */
import { useEffect, useState } from 'preact/hooks';

const REFRESH_KEY = 'pressroom.refresh';

interface SignedIn {
  accessToken: string;
  refreshToken: string;
}

let current: SignedIn | undefined;
const listeners = new Set<() => void>();
const changed = () => listeners.forEach((listener) => listener());

export const session = {
  accessToken: (): string | undefined => current?.accessToken,
  refreshToken: (): string | undefined => current?.refreshToken ?? sessionStorage.getItem(REFRESH_KEY) ?? undefined,
  signIn(tokens: SignedIn): void {
    current = tokens;
    sessionStorage.setItem(REFRESH_KEY, tokens.refreshToken);
    changed();
  },
  signOut(): void {
    current = undefined;
    sessionStorage.removeItem(REFRESH_KEY);
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
