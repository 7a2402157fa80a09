import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api, problemOf, retryAfterSeconds } from '../api/client';
import { Field } from '../components/field';
import { flow, flowAddress } from '../flow';
import { signIn } from '../sign-in';

type Purpose = 'signup' | 'reset';

/** Counts down from a Retry-After, one second at a time; 0 when the API says asking again may succeed. */
function useCountdown(): [number, (seconds: number) => void] {
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    if (seconds <= 0) return;
    const timer = setTimeout(() => setSeconds(seconds - 1), 1000);
    return () => clearTimeout(timer);
  }, [seconds]);
  return [seconds, setSeconds];
}

const minutesUntil = (instant: string): number => Math.max(1, Math.round((Date.parse(instant) - Date.now()) / 60_000));

/** The code page of both flows: confirming a sign-up, and the first step of a password reset. */
export function Verify() {
  const { query, route } = useLocation();
  const purpose: Purpose = query.purpose === 'reset' ? 'reset' : 'signup';
  // A tab that never saw the address (a bookmark, another tab) asks for it.
  const [known] = useState(() => flowAddress.get() !== '');
  const [email, setEmail] = useState(flowAddress.get);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [expired, setExpired] = useState(false);
  const [notice, setNotice] = useState<string>();
  const [wait, setWait] = useCountdown();
  const [busy, setBusy] = useState(false);
  const needsPassword = purpose === 'signup' && !flow.password;

  const submit = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    flowAddress.set(email);
    if (purpose === 'reset') {
      flow.code = code;
      return route(`/new-password?returnTo=${encodeURIComponent(query.returnTo ?? '/')}`);
    }
    const chosen = flow.password ?? password;
    setBusy(true);
    const { data, error: refusal, response } = await api().POST('/auth/confirm', { body: { email, code, password: chosen } });
    if (!data) {
      setBusy(false);
      return showRefusal(problemOf(refusal), response);
    }
    await signIn(email, chosen);
    flow.password = undefined;
    flowAddress.forget();
    route('/welcome');
  };

  const showRefusal = (problem: ReturnType<typeof problemOf>, response: Response) => {
    setExpired(problem.code === 'code_expired');
    if (problem.code === 'code_mismatch') {
      const left = (problem.details as { attemptsLeft?: number } | undefined)?.attemptsLeft;
      return setError(`This code is not right.${left === undefined ? '' : ` ${left} ${left === 1 ? 'try' : 'tries'} left.`}`);
    }
    if (problem.code === 'too_many_attempts') setWait(retryAfterSeconds(response));
    setError(problem.message);
  };

  const resend = async () => {
    setNotice(undefined);
    flowAddress.set(email);
    const { data, error: refusal, response } = await api().POST('/auth/resend-code', { body: { email, purpose } });
    if (!data) {
      setWait(retryAfterSeconds(response));
      return setError(problemOf(refusal).message);
    }
    flow.codeExpiresAt = data.codeExpiresAt;
    setExpired(false);
    setError(undefined);
    setNotice('We have sent a new code. The previous one no longer works.');
  };

  return (
    <main>
      <h1>Check your inbox and enter verification code</h1>
      <p>
        We have sent a verification code to your email address{flow.destination ? ` (${flow.destination})` : ''}. Enter the code to verify your
        account.{flow.codeExpiresAt && ` This code will expire in ${minutesUntil(flow.codeExpiresAt)} minutes.`}
      </p>
      <form onSubmit={submit} noValidate>
        {!known && <Field id="email" label="Email" type="email" autocomplete="email" required value={email} onInput={setEmail} />}
        <Field id="code" label="Verification code" inputMode="numeric" autocomplete="one-time-code" required value={code} onInput={setCode} error={error} />
        {needsPassword && <Field id="password" label="Your password" type="password" autocomplete="current-password" required value={password} onInput={setPassword} />}
        <button type="submit" disabled={busy}>Verify</button>
      </form>
      {notice && <p role="status">{notice}</p>}
      <p>
        {expired ? 'This code has expired.' : "Didn't receive a code?"}{' '}
        <button type="button" class="link" onClick={resend} disabled={wait > 0}>
          Send new code{wait > 0 && ` (in ${wait} s)`}
        </button>
      </p>
    </main>
  );
}
