import type { ComponentChildren } from 'preact';
import { useLocation } from 'preact-iso';
import { session, useSignedIn } from '../session';

/** The editor pages' content, for editors only; others are told why they see nothing (the API refuses them anyway). */
export function EditorsOnly({ children }: { children: ComponentChildren }) {
  const signedIn = useSignedIn();
  const { url } = useLocation();
  if (signedIn && session.isEditor()) return <>{children}</>;
  return (
    <main>
      <h1>Editors only</h1>
      {signedIn ? (
        <p>This area is for the editors. Your account is not one of theirs.</p>
      ) : (
        <p>
          This area is for the editors. <a href={`/sign-in?returnTo=${encodeURIComponent(url)}`}>Sign in</a> with an editor account.
        </p>
      )}
    </main>
  );
}
