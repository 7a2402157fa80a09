/**
 * A picture of every page, taken on every run into docs/screenshots/, which docs/PORTAL.md shows. A page that
 * changed shows up in `git status` as a changed picture, to commit with the change that altered it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { PASSWORD, signUpAndConfirm } from '../integration/accounts-fixtures';
import { call } from '../integration/client';
import { FIREFOX_ON_WINDOWS, openPortal, signInHere } from './browser';
import type { PortalPage } from './pages';
import { editorPages, PUBLIC_PAGES, READER_PAGES, signInAsEditor, waitForHeading } from './pages';

const DOCS = join(__dirname, '../../docs');
const SHOTS = join(DOCS, 'screenshots');
const taken: string[] = [];

async function picture(page: Page, { name, path, heading, whole }: PortalPage): Promise<void> {
  const here = new URL(page.url());
  if (here.pathname + here.search !== path) await page.goto(path);
  await waitForHeading(page, heading);
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: whole === true, animations: 'disabled', caret: 'hide' });
  taken.push(name);
}

/** Opens the sign-in page on the way to the first page, signs in, then takes each page in turn. */
async function picturesSignedIn(pages: readonly PortalPage[], signIn: (page: Page) => Promise<void>): Promise<void> {
  const { page, context } = await openPortal(`/sign-in?returnTo=${encodeURIComponent(pages[0]!.path)}`);
  await page.setViewportSize({ width: 1280, height: 800 });
  await signIn(page);
  await page.waitForURL((url) => url.pathname === pages[0]!.path);
  for (const each of pages) await picture(page, each);
  await context.close();
}

describe('screenshots of every page (docs/PORTAL.md)', () => {
  it('takes the public pages', async () => {
    const { page, context } = await openPortal('/');
    await page.setViewportSize({ width: 1280, height: 800 });
    for (const each of PUBLIC_PAGES) await picture(page, each);
    await context.close();
  });

  it("takes a journalist's pages", async () => {
    // The stack is new for every run, so the same address and name each time keep the pictures stable.
    const email = 'ana.reporter@example.org';
    await signUpAndConfirm(email, { name: 'Ana Reporter' });
    // Signed in on another device too, so the account page shows one to sign out.
    expect((await call('POST', '/auth/login', { body: { email, password: PASSWORD }, headers: { 'user-agent': FIREFOX_ON_WINDOWS } })).status).toBe(200);
    await picturesSignedIn(READER_PAGES, (page) => signInHere(page, email, PASSWORD));
  });

  it("takes the editors' pages", async () => {
    await picturesSignedIn(await editorPages(), signInAsEditor);
  });

  it('shows every picture in docs/PORTAL.md, and keeps no picture of a page that is gone', () => {
    const portalDoc = readFileSync(join(DOCS, 'PORTAL.md'), 'utf8');
    expect(taken.filter((name) => !portalDoc.includes(`(screenshots/${name}.png)`))).toEqual([]);
    expect(readdirSync(SHOTS).filter((file) => !taken.includes(file.replace(/\.png$/, '')))).toEqual([]);
  });
});
