/**
 * Debian's Chromium, driven by playwright-core (Playwright's own browser download is out of reach on these
 * machines): for the browser tests and the bench. CHROMIUM_PATH picks another one.
 */
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';

export async function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));
  if (!executablePath) throw new Error('No Chromium: apt-get install chromium (or set CHROMIUM_PATH)');
  // Root (as in CI containers) cannot use Chromium's sandbox.
  return chromium.launch({ executablePath, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] });
}
