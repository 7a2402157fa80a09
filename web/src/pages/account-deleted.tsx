/** Where a deleted account's tab lands, signed out. */
export function AccountDeleted() {
  return (
    <main>
      <h1>Your account has been deleted</h1>
      <p>
        Your account and its data are gone: your profile, your password, your downloads, your activity, your sessions and your newsletter subscription.
        Every device you were signed in on is signed out.
      </p>
      <p>You may create a new account with the same address at any time.</p>
      <a href="/">Go to the news</a>
    </main>
  );
}
