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
