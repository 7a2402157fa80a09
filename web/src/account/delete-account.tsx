import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api, problemOf } from '../api/client';
import { Field } from '../components/field';
import { endHere } from '../sign-in';

/**
 * Deleting the account: the password (which a stolen token does not give) and a ticked box that says what it does.
 * Then this tab forgets the session, which the API has ended with every other one, and says what is gone.
 */
export function DeleteAccount() {
  const { route } = useLocation();
  const [password, setPassword] = useState('');
  const [understood, setUnderstood] = useState(false);
  const [passwordError, setPasswordError] = useState<string>();
  const [error, setError] = useState<string>();
  const [unconfirmed, setUnconfirmed] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setUnconfirmed(!understood);
    setPasswordError(password ? undefined : 'Enter your password.');
    if (!understood || !password) return;
    setBusy(true);
    setError(undefined);
    const { response, error: refusal } = await api().DELETE('/me', { body: { password } });
    setBusy(false);
    if (!response.ok) {
      // A wrong password is the field's error; anything else (too many tries, the API out of reach) the form's.
      const problem = problemOf(refusal);
      return problem.code === 'invalid_credentials' ? setPasswordError(problem.message) : setError(problem.message);
    }
    // Away from the account page first, which signed out would lead to the sign-in page.
    route('/account-deleted', true);
    endHere();
  };

  return (
    <section class="danger-zone" aria-labelledby="delete-account">
      <h2 id="delete-account">Delete my account</h2>
      <p>
        This deletes your account and everything the portal keeps about you: your profile, your password, your downloads, your activity, your sessions
        and your newsletter subscription. Every device is signed out. It cannot be undone; you may want to download your data first.
      </p>
      <form onSubmit={submit} noValidate>
        <Field id="delete-password" label="Your password" type="password" autocomplete="current-password" required value={password} onInput={setPassword} error={passwordError} />
        <div class="check">
          <input
            id="delete-understood"
            type="checkbox"
            checked={understood}
            onChange={(event) => setUnderstood(event.currentTarget.checked)}
            aria-invalid={unconfirmed ? true : undefined}
            aria-describedby={unconfirmed ? 'delete-understood-error' : undefined}
          />
          <label for="delete-understood">I understand that my account and its data will be deleted for good.</label>
        </div>
        {unconfirmed && (
          <p class="error" id="delete-understood-error" role="alert">
            Tick the box to confirm.
          </p>
        )}
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="danger" disabled={busy}>
          Delete my account
        </button>
      </form>
    </section>
  );
}
