import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api, problemOf } from '../api/client';
import { Field } from '../components/field';
import { flow, flowAddress, safeReturn } from '../flow';

export function ForgotPassword() {
  const { query, route } = useLocation();
  const [email, setEmail] = useState('');
  const [error, setError] = useState<string>();

  const submit = async (event: Event) => {
    event.preventDefault();
    const { data, error: refusal } = await api().POST('/auth/forgot-password', { body: { email } });
    if (!data) return setError(problemOf(refusal).message);
    Object.assign(flow, { destination: undefined, codeExpiresAt: undefined });
    flowAddress.set(email);
    route(`/verify?purpose=reset&returnTo=${encodeURIComponent(safeReturn(query.returnTo))}`);
  };

  return (
    <main>
      <h1>Reset password</h1>
      <p>Enter the email address you registered with and we will send you a code to reset your password.</p>
      <form onSubmit={submit} noValidate>
        <Field id="email" label="Email" type="email" autocomplete="email" required value={email} onInput={setEmail} error={error} />
        <button type="submit">Send code</button>
      </form>
    </main>
  );
}
