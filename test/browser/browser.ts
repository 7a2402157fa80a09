/** A real browser for the portal's tests (local/chromium.ts): one a test file, a fresh context (cookies, storage) a test. */
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { launchChromium } from '../../local/chromium';
import { endpoints } from '../integration/client';

let browser: Browser | undefined;

/** What another reader's browser calls itself: a device other than the tests' Chromium, as the account page names it. */
export const FIREFOX_ON_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0';

/** `device`: another reader's browser, by its language (`locale`) or what it calls itself (`userAgent`). */
export async function openPortal(path = '/', device: Pick<BrowserContextOptions, 'locale' | 'userAgent'> = {}): Promise<{ page: Page; context: BrowserContext }> {
  browser ??= await launchChromium();
  const context = await browser.newContext({ baseURL: endpoints.web, acceptDownloads: true, ...device });
  const page = await context.newPage();
  await page.goto(path);
  return { page, context };
}

afterAll(async () => {
  await browser?.close();
});

/** Fills the sign-in form the page shows and submits it. */
export async function signInHere(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
