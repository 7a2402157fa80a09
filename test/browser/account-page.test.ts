/**
 * My account in a real browser, beyond the profile and the newsletter (accounts.test.ts): the activity, the devices
 * signed in and signing them out, the export of everything, and deleting the account.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { logIn, PASSWORD, signUpAndConfirm, uniqueEmail } from '../integration/accounts-fixtures';
import { call, expectError } from '../integration/client';
import { FIREFOX_ON_WINDOWS, openPortal, signInHere } from './browser';

/** A new account, signed in on the account page of a fresh browser. */
async function onAccountPage(email: string, device: Parameters<typeof openPortal>[1] = {}) {
  const opened = await openPortal('/sign-in?returnTo=%2Faccount', device);
  await signInHere(opened.page, email, PASSWORD);
  await opened.page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();
  return opened;
}

async function newAccountOnPage(label: string, device: Parameters<typeof openPortal>[1] = {}) {
  const email = uniqueEmail(label);
  await signUpAndConfirm(email);
  return { email, ...(await onAccountPage(email, device)) };
}

/** Signed out in this tab: the header offers to sign in, and nothing of the session is left in the tab's storage. */
async function expectSignedOut(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Sign in' }).waitFor();
  expect(await page.evaluate<string[]>("Object.keys(sessionStorage).filter((key) => key.startsWith('pressroom.'))")).toEqual([]);
}

const activityLines = (page: Page): Promise<string[]> => page.locator('.activity li .what').allInnerTexts();

describe('activity and sessions', () => {
  it("lists the sign-in the page was made from, at the reader's local time, and this device", async () => {
    const { page, context } = await newAccountOnPage('browser-activity', { locale: 'de-DE' });
    await page.locator('.activity li').first().waitFor();
    expect((await activityLines(page)).slice(0, 3)).toEqual(['Signed in', 'Confirmed the email address', 'Signed up']);
    const signIn = page.locator('.activity li').first();
    expect(await signIn.locator('.meta').innerText()).toMatch(/^(Headless )?Chrome \d+ on Linux · 127\.0\.0\.1$/);
    // German dates, as this browser's language writes them: 01.12.2026, 03:26.
    expect(await signIn.locator('time').innerText()).toMatch(/^\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}$/);

    const devices = page.locator('.sessions li');
    await devices.first().waitFor();
    expect(await devices.count()).toBe(1);
    expect(await devices.first().innerText()).toMatch(/^(Headless )?Chrome \d+ on Linux · 127\.0\.0\.1 · This device\nSigned in .+, last used .+$/);
    // This device is signed out with the header's button, not from the list.
    expect(await devices.first().getByRole('button').count()).toBe(0);
    await context.close();
  });

  it('shows the activity a page at a time, the next one on "Show more"', async () => {
    const email = uniqueEmail('browser-more');
    await signUpAndConfirm(email);
    const token = (await logIn(email)).body.accessToken;
    // 20 newsletter changes: with the sign-up, the confirmation and both sign-ins, 24 entries, more than a page.
    for (let change = 0; change < 20; change += 1) {
      expect((await call('PUT', '/me/newsletter', { token, body: { subscribed: change % 2 === 0 } })).status).toBe(200);
    }
    const { page, context } = await onAccountPage(email);
    const entries = page.locator('.activity li');
    await entries.nth(19).waitFor();
    expect(await entries.count()).toBe(20);
    await page.getByRole('button', { name: 'Show more' }).click();
    await entries.nth(23).waitFor();
    expect((await activityLines(page)).slice(-3)).toEqual(['Signed in', 'Confirmed the email address', 'Signed up']);
    expect(await page.getByRole('button', { name: 'Show more' }).count()).toBe(0);
    await context.close();
  });

  it('lists a second sign-in, signs it out from here, and that browser is signed out at its next request', async () => {
    const { email, page, context } = await newAccountOnPage('browser-sessions');
    const other = await onAccountPage(email, { userAgent: FIREFOX_ON_WINDOWS });

    await page.reload();
    const firefox = page.locator('.sessions li', { hasText: 'Firefox 128 on Windows · 127.0.0.1' });
    await firefox.waitFor();
    expect(await page.locator('.sessions li').count()).toBe(2);
    await firefox.getByRole('button', { name: /^Sign out Firefox 128 on Windows, 127\.0\.0\.1, signed in / }).click();
    await page.getByRole('status').getByText('Firefox 128 on Windows (127.0.0.1) is signed out.').waitFor();
    await firefox.waitFor({ state: 'detached' });
    expect(await page.evaluate<string>('document.activeElement.textContent')).toBe("Where you're signed in");
    await page.locator('.activity li .what', { hasText: 'Signed out another device' }).waitFor();

    // The other browser still shows its page; its next call is refused, and it lands signed out, told why.
    const refused = other.page.waitForResponse((response) => response.url().endsWith('/me/newsletter'));
    await other.page.getByRole('button', { name: 'Subscribe to the newsletter' }).click();
    expect((await refused).status()).toBe(401);
    await other.page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await other.page.getByText('You have been signed out: this session was ended from another device', { exact: false }).waitFor();
    expect(new URL(other.page.url()).searchParams.get('returnTo')).toBe('/account');
    await expectSignedOut(other.page);
    // Still signed in here.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();
    await other.context.close();
    await context.close();
  });

  it('signs out everywhere, this tab included', async () => {
    const { email, page, context } = await newAccountOnPage('browser-everywhere');
    const elsewhere = (await logIn(email)).body.accessToken;
    await page.reload();
    await page.locator('.sessions li').nth(1).waitFor();

    await page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await page.getByText('You are signed out on every device, this one included.').waitFor();
    await expectSignedOut(page);
    expectError(await call('GET', '/me', { token: elsewhere }), 401, 'unauthorized');
    await page.reload();
    await expectSignedOut(page);
    await context.close();
  });
});

describe('my data', () => {
  it('downloads a JSON file with the address and the activity', async () => {
    const { email, page, context } = await newAccountOnPage('browser-export');
    const saved = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download my data' }).click();
    const file = await saved;
    expect(file.suggestedFilename()).toMatch(/^pressroom-account-\d{4}-\d{2}-\d{2}\.json$/);
    const data = JSON.parse(await readFile(await file.path(), 'utf8')) as {
      profile: { email: string };
      activity: { type: string }[];
      sessions: { current: boolean }[];
    };
    expect(data.profile.email).toBe(email);
    expect(data.activity.map((entry) => entry.type)).toEqual(['signed_in', 'confirmed', 'signed_up']);
    expect(data.sessions.map((session) => session.current)).toEqual([true]);
    await page.getByRole('status').getByText(`Your data was saved as ${file.suggestedFilename()}.`).waitFor();
    await context.close();
  });
});

describe('deleting the account', () => {
  it('asks for a confirmation, shows a wrong password refused, and keeps the account', async () => {
    const { email, page, context } = await newAccountOnPage('browser-keep');
    const deletions: string[] = [];
    page.on('request', (request) => request.method() === 'DELETE' && deletions.push(request.url()));

    await page.getByLabel('Your password').fill('Not-The-Password-1!');
    await page.getByRole('button', { name: 'Delete my account' }).click();
    await page.getByRole('alert').getByText('Tick the box to confirm.').waitFor();
    expect(deletions).toEqual([]);

    await page.getByLabel('I understand that my account and its data will be deleted for good.').check();
    await page.getByRole('button', { name: 'Delete my account' }).click();
    await page.getByRole('alert').getByText('The password is not right.').waitFor();
    expect(deletions).toHaveLength(1);
    expect(await page.getByLabel('Your password').getAttribute('aria-invalid')).toBe('true');
    await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();
    expect((await logIn(email)).status).toBe(200);
    await context.close();
  });

  it('with the right password, signs out, says what is gone, and the address no longer signs in', async () => {
    const { email, page, context } = await newAccountOnPage('browser-delete');
    await page.getByLabel('Your password').fill(PASSWORD);
    await page.getByLabel('I understand that my account and its data will be deleted for good.').check();
    await page.getByRole('button', { name: 'Delete my account' }).click();

    await page.getByRole('heading', { level: 1, name: 'Your account has been deleted' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/account-deleted');
    await expectSignedOut(page);
    await page.goto('/sign-in');
    await signInHere(page, email, PASSWORD);
    await page.getByRole('alert').getByText('The email address or the password is not right.', { exact: false }).waitFor();
    await context.close();
  });
});
