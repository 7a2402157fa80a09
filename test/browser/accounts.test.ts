/** The account pages in a real browser: sign-up with its code, the newsletter, sign-in and out, reset and return. */
import { TOKEN_LIFETIMES } from '../../functions/common/token-lifetimes';
import { sampleArticles } from '../../local/sample-content';
import { PASSWORD, signUpAndConfirm, uniqueEmail } from '../integration/accounts-fixtures';
import { call } from '../integration/client';
import { inbox, latestCode } from '../integration/mailbox';
import { openPortal, signInHere } from './browser';

const wrongCode = (code: string): string => code.replace(/\d$/, (digit) => String((Number(digit) + 1) % 10));

/** The code of the next email to the address (the page has moved on before the mail is stored). */
async function nextCode(email: string, seen: number): Promise<string> {
  for (let tries = 0; tries < 50 && (await inbox(email)).length <= seen; tries += 1) await new Promise((wait) => setTimeout(wait, 100));
  return latestCode(email);
}

describe('creating an account', () => {
  it('shows the password rules live, names the broken ones, confirms with the code and offers the newsletter', async () => {
    const email = uniqueEmail('browser-signup');
    const { page, context } = await openPortal('/register');
    await page.getByText('Access broadcast-quality video content free of charge').waitFor();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Name').fill('Ana Reporter');
    await page.getByLabel('Password').fill('short');
    expect(await page.locator('[data-rule=lowercase]').getAttribute('class')).toBe('met');
    await page.getByRole('button', { name: 'Create an account' }).click();
    expect(await page.locator('.rules .broken').count()).toBe(4);
    expect(await inbox(email)).toHaveLength(0);

    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create an account' }).click();
    await page.getByRole('heading', { name: 'Check your inbox and enter verification code' }).waitFor();
    // The address is not in the URL: servers and the CDN log URLs.
    expect(page.url()).not.toContain(email.split('@')[0]);
    await page.getByText('This code will expire in 30 minutes.').waitFor();
    await page.getByText(/\(b\*+@e\*+\.org\)/).waitFor();

    const code = await nextCode(email, 0);
    await page.getByLabel('Verification code').fill(wrongCode(code));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByText(/This code is not right\. \d tries left\./).waitFor();

    await page.getByLabel('Verification code').fill(code);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('heading', { name: 'You have successfully created your account' }).waitFor();
    await page.getByText('From now on you can download videos from our website').waitFor();
    await page.getByRole('button', { name: 'Subscribe to our newsletter' }).click();
    await page.getByText('You are subscribed to the newsletter.').waitFor();

    const login = await call<{ accessToken: string }>('POST', '/auth/login', { body: { email, password: PASSWORD } });
    expect((await call<{ newsletter: { subscribed: boolean } }>('GET', '/me', { token: login.body.accessToken })).body.newsletter.subscribed).toBe(true);
    await context.close();
  });

  it('sends a new code on request, then counts down while the API says wait', async () => {
    const email = uniqueEmail('browser-resend');
    const { page, context } = await openPortal('/register');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create an account' }).click();
    // The code is mailed before the API answers: the page is on the code page only once the answer is in.
    await page.getByRole('heading', { name: 'Check your inbox and enter verification code' }).waitFor();
    const first = await nextCode(email, 0);
    // A reload keeps the address (this tab's sessionStorage), so the page does not ask for it.
    await page.reload();
    await page.getByRole('heading', { name: 'Check your inbox and enter verification code' }).waitFor();
    expect(await page.getByLabel('Email').count()).toBe(0);
    // The sign-up's code was the first of the minute: asking again at once is refused with Retry-After.
    await page.getByRole('button', { name: 'Send new code' }).click();
    const waiting = page.getByRole('button', { name: /Send new code \(in \d+ s\)/ });
    await waiting.waitFor();
    expect(await waiting.isDisabled()).toBe(true);
    expect(await latestCode(email)).toBe(first);
    await context.close();
  });
});

describe('signing in and resetting the password', () => {
  it('comes back to the page the person was on, after sign-in and after a reset', async () => {
    const email = uniqueEmail('browser-reset');
    await signUpAndConfirm(email);
    const { page, context } = await openPortal('/');
    const article = page.locator('.articles h2 a').first();
    const title = await article.innerText();
    await article.click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    const articlePath = new URL(page.url()).pathname;

    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.getByText('Enter the email address you registered with and we will send you a code to reset your password.').waitFor();
    await page.getByLabel('Email').fill(email);
    const seen = (await inbox(email)).length;
    await page.getByRole('button', { name: 'Send code' }).click();
    await page.getByLabel('Verification code').fill(await nextCode(email, seen));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('heading', { name: 'Create a new password' }).waitFor();
    expect(page.url()).not.toContain(email.split('@')[0]);
    const newPassword = 'Another-Horse-2025!';
    await page.getByLabel('New password').fill(newPassword);
    await page.getByRole('button', { name: 'Save the new password' }).click();
    await page.getByRole('heading', { name: 'Your password has been updated' }).waitFor();
    await page.getByText('Click the button to return to the page you were on and log in with your new password.').waitFor();
    await page.getByRole('link', { name: 'Return to the page' }).click();

    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await signInHere(page, email, newPassword);
    await page.waitForURL((url) => url.pathname === articlePath);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await context.close();
  });

  it('renews the access token before it expires, so a page left open (a long upload) stays signed in', async () => {
    const email = uniqueEmail('browser-renew');
    await signUpAndConfirm(email);
    const { page, context } = await openPortal('/');
    await context.clock.install();
    await page.goto('/sign-in?returnTo=%2Faccount');
    await signInHere(page, email, PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();
    const refreshes: number[] = [];
    page.on('response', (response) => response.url().endsWith('/auth/refresh') && refreshes.push(response.status()));
    const renewed = page.waitForResponse((response) => response.url().endsWith('/auth/refresh'));
    // The page's clock runs to within a minute of the access token's expiry; the API's clock does not move.
    await page.clock.fastForward(TOKEN_LIFETIMES.accessTokenMinutes * 60_000 - 59_000);
    expect((await renewed).status()).toBe(200);
    await page.getByRole('button', { name: 'Sign out', exact: true }).waitFor();
    // The next renewal waits for the new token's lifetime, as the API gave it: no second refresh ten minutes on.
    await page.clock.fastForward(10 * 60_000);
    await page.waitForTimeout(500);
    expect(refreshes).toEqual([200]);
    await context.close();
  });

  it('answers a wrong password without saying whether the account exists', async () => {
    const { page, context } = await openPortal('/sign-in');
    await page.getByLabel('Email').fill(uniqueEmail('browser-nobody'));
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('The email address or the password is not right.', { exact: false }).waitFor();
    await context.close();
  });
});

describe('my account', () => {
  it('shows the person, switches the newsletter off and on, and lists their downloads', async () => {
    const email = uniqueEmail('browser-account');
    await signUpAndConfirm(email, { name: 'Ana Reporter' });
    const token = (await call<{ accessToken: string }>('POST', '/auth/login', { body: { email, password: PASSWORD } })).body.accessToken;
    const video = sampleArticles[0]!.videos[0]!;
    expect((await call('POST', `/videos/${video.id}/download`, { token, body: { rendition: 'web' } })).status).toBe(200);

    const { page, context } = await openPortal('/account');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await signInHere(page, email, PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();
    await page.getByText(email, { exact: true }).waitFor();
    await page.getByText('Ana Reporter', { exact: true }).waitFor();
    await page.getByText(`${video.title} · web`).waitFor();

    await page.getByText('You do not receive the newsletter.').waitFor();
    await page.getByRole('button', { name: 'Subscribe to the newsletter' }).click();
    await page.getByText('You receive the newsletter.').waitFor();
    const me = async () => (await call<{ newsletter: { subscribed: boolean } }>('GET', '/me', { token })).body.newsletter.subscribed;
    expect(await me()).toBe(true);
    await page.getByRole('button', { name: 'Unsubscribe from the newsletter' }).click();
    await page.getByText('You do not receive the newsletter.').waitFor();
    expect(await me()).toBe(false);
    await context.close();
  });
});

describe('coming back after a reset', () => {
  it.each(['/\\evil.example', '/\t/evil.example', '//evil.example', '/%2Fevil.example', 'https://evil.example/'])('never leads to another site (returnTo %j)', async (returnTo) => {
    const { page, context } = await openPortal(`/password-updated?returnTo=${encodeURIComponent(returnTo)}`);
    expect(await page.getByRole('link', { name: 'Return to the page' }).getAttribute('href')).toBe('/');
    await context.close();
  });
});
