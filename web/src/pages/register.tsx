import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api, problemOf } from '../api/client';
import { Field } from '../components/field';
import { isStrong, PasswordRules } from '../components/password-rules';
import { flow, flowAddress } from '../flow';

export function Register() {
  const { route } = useLocation();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setSubmitted(true);
    if (!isStrong(password)) return;
    setBusy(true);
    const { data, error: refusal } = await api().POST('/auth/signup', { body: { email, password, ...(name && { name }) } });
    setBusy(false);
    if (!data) return setError(problemOf(refusal).message);
    Object.assign(flow, { password, destination: data.delivery.destination, codeExpiresAt: data.codeExpiresAt });
    flowAddress.set(email);
    route('/verify?purpose=signup');
  };

  return (
    <main>
      <p class="lead">Access broadcast-quality video content free of charge</p>
      <h1>Create an account</h1>
      <form onSubmit={submit} noValidate>
        <Field id="email" label="Email" type="email" autocomplete="email" required value={email} onInput={setEmail} />
        <Field id="name" label="Name" autocomplete="name" value={name} onInput={setName} />
        <Field id="password" label="Password" type="password" autocomplete="new-password" required value={password} onInput={setPassword} />
        <PasswordRules password={password} showBroken={submitted} />
        {error && <p class="error" role="alert">{error}</p>}
        <button type="submit" disabled={busy}>Create an account</button>
      </form>
      <p>
        Already have an account? <a href="/sign-in">Sign in</a>
      </p>
    </main>
  );
}
