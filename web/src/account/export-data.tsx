import { useState } from 'preact/hooks';
import { api, problemOf } from '../api/client';

/** Saves text as a file, from memory: a link to an object URL, clicked, then let go. */
function save(text: string, filename: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  // Some browsers read the URL only after the click has returned: it is let go later.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** "Download my data": everything the API holds on the person (GET /me/export), saved as a JSON file laid out for reading. */
export function ExportData() {
  const [status, setStatus] = useState<string>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const download = async () => {
    setBusy(true);
    setError(undefined);
    setStatus('Gathering your data…');
    const { data, error: refusal } = await api().GET('/me/export');
    setBusy(false);
    if (!data) {
      setStatus(undefined);
      return setError(problemOf(refusal).message);
    }
    const filename = `pressroom-account-${data.exportedAt.slice(0, 10)}.json`;
    save(JSON.stringify(data, null, 2), filename);
    setStatus(`Your data was saved as ${filename}.`);
  };

  return (
    <>
      <h2>Your data</h2>
      <p>Everything the portal keeps about you, in one JSON file: your profile, your newsletter choice, your downloads, your activity and where you are signed in.</p>
      <button type="button" onClick={download} disabled={busy}>
        Download my data
      </button>
      {status && <p role="status">{status}</p>}
      {error && <p class="error" role="alert">{error}</p>}
    </>
  );
}
