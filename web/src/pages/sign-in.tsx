import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { Field } from '../components/field';
import { safeReturn } from '../flow';
import type { Ending } from '../session';
import { session } from '../session';
import { signIn } from '../sign-in';

/** Why the page is shown, when this tab's session ended without the person signing out here. */
const ENDINGS: Record<Ending, string> = {
  ended: 'You have been signed out: this session was ended from another device or by a new password, or it expired. Sign in again to go on.',
  everywhere: 'You are signed out on every device, this one included.',
};

/** Signs in, then goes back where the person was (`returnTo`), where a download they asked for starts. */
export function SignIn() {
  const { query, route } = useLocation();
  const returnTo = safeReturn(query.returnTo);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const ending = session.ending();

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      await signIn(email, password);
      route(returnTo);
    } catch (refusal) {
      setError((refusal as Error).message);
      setBusy(false);
    }
  };

  return (
    <main>
      <h1>Sign in</h1>
      {ending && <p role="status">{ENDINGS[ending]}</p>}
      <form onSubmit={submit} noValidate>
        <Field id="email" label="Email" type="email" autocomplete="email" required value={email} onInput={setEmail} />
        <Field id="password" label="Password" type="password" autocomplete="current-password" required value={password} onInput={setPassword} />
        {error && <p class="error" role="alert">{error}</p>}
        <button type="submit" disabled={busy}>Sign in</button>
      </form>
      <p>
        {/* After the reset, the person comes back to this page, to sign in and go on where they were. */}
        <a href={`/forgot-password?returnTo=${encodeURIComponent(`/sign-in?returnTo=${encodeURIComponent(returnTo)}`)}`}>Forgot password?</a>
      </p>
      <p>
        New here? <a href="/register">Create an account</a>
      </p>
    </main>
  );
}
