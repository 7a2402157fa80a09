/**
 * Every page against axe-core's WCAG 2.1 A and AA rules, at a phone's width (375 px) as well as a desktop's: no
 * serious or critical violation, and nothing wider than the screen. The keyboard alone walks a whole sign-up here.
 */
import type { Locator, Page } from 'playwright-core';
import { PASSWORD, signUpAndConfirm, uniqueEmail } from '../integration/accounts-fixtures';
import { inbox, latestCode } from '../integration/mailbox';
import { openPortal, signInHere } from './browser';
import type { PortalPage } from './pages';
import { editorPages, PUBLIC_PAGES, signInAsEditor, waitForHeading } from './pages';

interface AxeResults {
  violations: { id: string; impact: string | null; nodes: { target: unknown }[] }[];
}

const AXE = require.resolve('axe-core/axe.min.js');

async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const results = await page.evaluate<AxeResults>('axe.run(document, { runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] })');
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${JSON.stringify(violation.nodes.map((node) => node.target))}`);
}

const overflowsWidth = (page: Page): Promise<boolean> => page.evaluate<boolean>('document.documentElement.scrollWidth > window.innerWidth');

/** The editors' pages with content on each, made once for both widths. */
let editors: Promise<PortalPage[]> | undefined;

describe.each([375, 1280])('at %i px wide', (width) => {
  it.each(PUBLIC_PAGES.map((page) => [page.path, page.heading]))('%s has no serious or critical WCAG 2.1 AA violation and fits the screen', async (path, heading) => {
    const { page, context } = await openPortal(path);
    await page.setViewportSize({ width, height: 800 });
    await waitForHeading(page, heading);
    expect(await seriousViolations(page)).toEqual([]);
    expect(await overflowsWidth(page)).toBe(false);
    await context.close();
  });

  it("the editors' pages have none either", async () => {
    editors ??= editorPages();
    const [first, ...others] = await editors;
    const { page, context } = await openPortal(`/sign-in?returnTo=${encodeURIComponent(first!.path)}`);
    await page.setViewportSize({ width, height: 800 });
    await signInAsEditor(page);
    await page.waitForURL((url) => url.pathname === first!.path);
    for (const { path, heading } of [first!, ...others]) {
      if (path !== first!.path) await page.goto(path);
      await waitForHeading(page, heading);
      expect({ path, violations: await seriousViolations(page) }).toEqual({ path, violations: [] });
      expect({ path, overflows: await overflowsWidth(page) }).toEqual({ path, overflows: false });
    }
    await context.close();
  });

  it('the signed-in pages (welcome, my account) have none either', async () => {
    const email = uniqueEmail('browser-axe');
    await signUpAndConfirm(email);
    const { page, context } = await openPortal('/sign-in?returnTo=%2Faccount');
    await page.setViewportSize({ width, height: 800 });
    await signInHere(page, email, PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    expect(await overflowsWidth(page)).toBe(false);
    await page.goto('/welcome');
    await page.getByRole('heading', { name: 'You have successfully created your account' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });
});

it('a whole sign-up works with the keyboard alone', async () => {
  const email = uniqueEmail('browser-keyboard');
  const { page, context } = await openPortal('/register');
  await page.setViewportSize({ width: 375, height: 800 });
  await page.getByRole('heading', { name: 'Create an account' }).waitFor();
  // Tab until the element has focus: no click, as someone without a mouse moves.
  const tabTo = async (target: Locator) => {
    const focused = () => target.evaluate((element) => element === (element as unknown as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement);
    for (let presses = 0; presses < 20 && !(await focused()); presses += 1) await page.keyboard.press('Tab');
    expect(await focused()).toBe(true);
  };
  const typeInto = async (label: string, text: string) => {
    await tabTo(page.getByLabel(label));
    await page.keyboard.type(text);
  };
  await typeInto('Email', email);
  await typeInto('Password', PASSWORD);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Check your inbox and enter verification code' }).waitFor();
  for (let tries = 0; tries < 50 && (await inbox(email)).length === 0; tries += 1) await page.waitForTimeout(100);
  await typeInto('Verification code', await latestCode(email));
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'You have successfully created your account' }).waitFor();
  await tabTo(page.getByRole('button', { name: 'Subscribe to our newsletter' }));
  await page.keyboard.press('Enter');
  await page.getByText('You are subscribed to the newsletter.').waitFor();
  await context.close();
});

it('finds a violation where there is one (the check above can fail)', async () => {
  const { page, context } = await openPortal('/');
  await page.getByRole('heading', { level: 1, name: 'News' }).waitFor();
  await page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<input type=text>')");
  expect((await seriousViolations(page)).join()).toMatch(/^label:/);
  await context.close();
});
