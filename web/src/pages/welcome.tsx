import { useState } from 'preact/hooks';
import { api, problemOf } from '../api/client';

export function Welcome() {
  const [subscribed, setSubscribed] = useState(false);
  const [error, setError] = useState<string>();
  const subscribe = async () => {
    const { data, error: refusal } = await api().PUT('/me/newsletter', { body: { subscribed: true } });
    if (!data) return setError(problemOf(refusal).message);
    setSubscribed(data.subscribed);
  };
  return (
    <main>
      <h1>You have successfully created your account</h1>
      <p>From now on you can download videos from our website</p>
      <h2>Subscribe to our newsletter</h2>
      {subscribed ? (
        <p role="status">You are subscribed to the newsletter.</p>
      ) : (
        <>
          <p>If you would also like to subscribe to the newsletter and receive our latest updates, click on the button below.</p>
          <button type="button" onClick={subscribe}>Subscribe to our newsletter</button>
        </>
      )}
      {error && <p class="error" role="alert">{error}</p>}
      <p>
        <a href="/">Go to the news</a>
      </p>
    </main>
  );
}
