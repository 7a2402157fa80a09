/**
 * A real browser for the portal's tests: Debian's Chromium driven by playwright-core (Playwright's own browser
 * download is out of reach on these machines). One browser a test file, a fresh context (cookies, storage) a test.
 */
import { existsSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { endpoints } from '../integration/client';

const CHROMIUM = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));

let browser: Browser | undefined;

export async function openPortal(path = '/'): Promise<{ page: Page; context: BrowserContext }> {
  if (!CHROMIUM) throw new Error('No Chromium: apt-get install chromium (or set CHROMIUM_PATH)');
  // Root (as in CI containers) cannot use Chromium's sandbox.
  browser ??= await chromium.launch({ executablePath: CHROMIUM, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] });
  const context = await browser.newContext({ baseURL: endpoints.web, acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(path);
  return { page, context };
}

afterAll(async () => {
  await browser?.close();
});
