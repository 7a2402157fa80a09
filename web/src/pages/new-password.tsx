import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api, problemOf } from '../api/client';
import { Field } from '../components/field';
import { isStrong, PasswordRules } from '../components/password-rules';
import { flow, flowAddress, safeReturn } from '../flow';

export function NewPassword() {
  const { query, route } = useLocation();
  const email = flowAddress.get();
  const back = `/verify?purpose=reset&returnTo=${encodeURIComponent(safeReturn(query.returnTo))}`;
  const [password, setPassword] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const [error, setError] = useState<string>();

  const submit = async (event: Event) => {
    event.preventDefault();
    setSubmitted(true);
    if (!isStrong(password)) return;
    if (!flow.code) return route(back);
    const body = { email, code: flow.code, newPassword: password, returnTo: safeReturn(query.returnTo) };
    const { data, error: refusal } = await api().POST('/auth/reset-password', { body });
    if (!data) return setError(problemOf(refusal).message);
    flow.code = undefined;
    flowAddress.forget();
    route(`/password-updated?returnTo=${encodeURIComponent(data.returnTo)}`);
  };

  return (
    <main>
      <h1>Create a new password</h1>
      <form onSubmit={submit} noValidate>
        <Field id="password" label="New password" type="password" autocomplete="new-password" required value={password} onInput={setPassword} />
        <PasswordRules password={password} showBroken={submitted} />
        {error && (
          <p class="error" role="alert">
            {error} <a href={back}>Enter the code again</a>
          </p>
        )}
        <button type="submit">Save the new password</button>
      </form>
    </main>
  );
}

export function PasswordUpdated() {
  const { query } = useLocation();
  return (
    <main>
      <h1>Your password has been updated</h1>
      <p>Click the button to return to the page you were on and log in with your new password.</p>
      <a class="button" href={safeReturn(query.returnTo)}>
        Return to the page
      </a>
    </main>
  );
}
