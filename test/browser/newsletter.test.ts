/** Leaving the newsletter from a real newsletter email, in the browser: the link, the page, the button. */
import { uniqueEmail } from '../integration/accounts-fixtures';
import { newslettersAbout, publishArticle, reader, subscribed, unsubscribeLink } from '../integration/campaign-fixtures';
import { openPortal } from './browser';

it('unsubscribes a subscriber who follows the link of a newsletter and presses the button', async () => {
  const subscriber = await reader(true);
  const title = `Browser campaign ${uniqueEmail('t')}`;
  await publishArticle(title);
  const [mail] = await newslettersAbout(subscriber.email, title, 1);
  expect(mail).toBeDefined();

  // The link leads to the API's own page; following it changes nothing (mail scanners follow links too).
  const { page, context } = await openPortal('/');
  await page.goto(unsubscribeLink(mail!));
  await page.getByText('Do you want to stop receiving the Pressroom newsletter?').waitFor();
  expect(await subscribed(subscriber.token)).toBe(true);
  const posted = page.waitForResponse((response) => response.request().method() === 'POST');
  await page.getByRole('button', { name: 'Unsubscribe' }).click();
  expect((await posted).status()).toBe(200);
  expect(await subscribed(subscriber.token)).toBe(false);
  await context.close();
});
