import { useEffect, useRef, useState } from 'preact/hooks';
import type { Schemas } from '../api/client';
import { api, problemOf } from '../api/client';
import { endHere } from '../sign-in';
import { describeBrowser } from '../../../functions/common/user-agents';
import { localTime } from './readable';

type Session = Schemas['Session'];

/**
 * Where the account is signed in, this device first: any other one may be signed out from here, and every one at
 * once, this one included. `onChange` tells the page that the account's activity has grown.
 */
export function Sessions({ onChange }: { onChange: () => void }) {
  const [sessions, setSessions] = useState<Session[]>([]);
  const [notice, setNotice] = useState<string>();
  const [error, setError] = useState<string>();
  const heading = useRef<HTMLHeadingElement>(null);

  const load = async () => {
    const { data, error: refusal } = await api().GET('/me/sessions');
    if (!data) return setError(problemOf(refusal).message);
    setSessions([...data.items].sort((a, b) => Number(b.current) - Number(a.current)));
  };
  useEffect(() => void load(), []);

  const signOut = async (device: Session) => {
    const { response, error: refusal } = await api().DELETE('/me/sessions/{id}', { params: { path: { id: device.id } } });
    // Not found: it had ended already (signed out there, or expired), which is what was asked.
    if (!response.ok && response.status !== 404) return setError(problemOf(refusal).message);
    setError(undefined);
    setNotice(`${describeBrowser(device.userAgent)} (${device.ip}) is signed out.`);
    // The button pressed is gone with its device: focus goes back to the top of the list rather than to the page.
    heading.current?.focus();
    onChange();
    await load();
  };

  const signOutEverywhere = async () => {
    const { response, error: refusal } = await api().DELETE('/me/sessions');
    if (!response.ok) return setError(problemOf(refusal).message);
    // This session has ended too: signed out here, the account page leads to the sign-in page, which says why.
    endHere('everywhere');
  };

  return (
    <>
      <h2 ref={heading} tabIndex={-1}>
        Where you're signed in
      </h2>
      {notice && <p role="status">{notice}</p>}
      {error && <p class="error" role="alert">{error}</p>}
      <ul class="sessions">
        {sessions.map((device) => {
          const browser = describeBrowser(device.userAgent);
          return (
            <li key={device.id}>
              <div>
                <span class="what">{browser}</span> · {device.ip}
                {device.current && (
                  <>
                    {' '}
                    · <strong>This device</strong>
                  </>
                )}
                <span class="meta">
                  Signed in <time dateTime={device.startedAt}>{localTime(device.startedAt)}</time>, last used{' '}
                  <time dateTime={device.lastUsedAt}>{localTime(device.lastUsedAt)}</time>
                </span>
              </div>
              {!device.current && (
                <button type="button" onClick={() => signOut(device)}>
                  Sign out<span class="visually-hidden"> {`${browser}, ${device.ip}, signed in ${localTime(device.startedAt)}`}</span>
                </button>
              )}
            </li>
          );
        })}
      </ul>
      <p>Signing out everywhere ends every session, this one included.</p>
      <button type="button" onClick={signOutEverywhere}>
        Sign out everywhere
      </button>
    </>
  );
}
