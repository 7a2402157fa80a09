/** A real browser for the portal's tests (local/chromium.ts): one a test file, a fresh context (cookies, storage) a test. */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../../local/chromium';
import { endpoints } from '../integration/client';

let browser: Browser | undefined;

export async function openPortal(path = '/'): Promise<{ page: Page; context: BrowserContext }> {
  browser ??= await launchChromium();
  const context = await browser.newContext({ baseURL: endpoints.web, acceptDownloads: true });
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
