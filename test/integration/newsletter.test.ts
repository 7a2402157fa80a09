import { configure, invoke } from './in-process';
import { uniqueEmail } from './accounts-fixtures';
import { newslettersAbout, publishArticle, reader, sesEventAbout, subscribed, unsubscribeLink } from './campaign-fixtures';
import { call, endpoints, expectError } from './client';
import { editor } from './editor-fixtures';
import type { SentEmail } from './mailbox';
import { readerTokens } from './tokens';

// The SES event handler runs in-process: SES notifications cannot come from the emulator.
configure({});

describe('subscribing', () => {
  it('follows the choice made at sign-up and PUT /me/newsletter, idempotently', async () => {
    const optedIn = await reader(true);
    const optedOut = await reader(false);
    expect(await subscribed(optedIn.token)).toBe(true);
    expect(await subscribed(optedOut.token)).toBe(false);
    for (const choice of [true, true, false, false, true]) {
      const answer = await call<{ subscribed: boolean }>('PUT', '/me/newsletter', { token: optedOut.token, body: { subscribed: choice } });
      expect([answer.status, answer.body]).toEqual([200, { subscribed: choice }]);
      expect(await subscribed(optedOut.token)).toBe(choice);
    }
    expectError(await call('PUT', '/me/newsletter', { body: { subscribed: true } }), 401, 'unauthorized');
    expectError(await call('PUT', '/me/newsletter', { token: optedIn.token, body: { subscribed: 'yes' } }), 400, 'invalid_request');
  });
});

describe('a campaign', () => {
  it('mails each subscriber once when an article is published, and nobody else', async () => {
    const [first, second, outsider] = [await reader(true), await reader(true), await reader(false)];
    const title = `Campaign ${uniqueEmail('t')}`;
    const article = await publishArticle(title);
    const [mail] = await newslettersAbout(first.email, title, 1);
    expect(await newslettersAbout(second.email, title, 1)).toHaveLength(1);
    // Nothing more arrives: each subscriber had exactly one.
    await new Promise((done) => setTimeout(done, 1_000));
    expect(await newslettersAbout(first.email, title, 2, 0)).toHaveLength(1);
    expect(await newslettersAbout(outsider.email, title, 1, 0)).toHaveLength(0);

    const link = unsubscribeLink(mail!);
    expect(link.startsWith(`${endpoints.api}/newsletter/unsubscribe?token=`)).toBe(true);
    const headers = Object.fromEntries(((mail as SentEmail & { headers?: { name: string; value: string }[] }).headers ?? []).map((header) => [header.name, header.value]));
    expect(headers['List-Unsubscribe']).toBe(`<${link}>`);
    expect(headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(mail!.body.text).toContain(`${endpoints.web}/articles/${article.slug}`);
    expect(mail!.body.html).toContain(`href="${endpoints.web}/articles/${article.slug}"`);
    expect(mail!.body.html).toContain('Unsubscribe');
    expect(mail!.subject).toBe(`Pressroom: ${title}`);
  });

  it('is listed for editors with its counts', async () => {
    const subscriber = await reader(true);
    const title = `Counted ${uniqueEmail('t')}`;
    const article = await publishArticle(title);
    await newslettersAbout(subscriber.email, title, 1);
    const token = await editor();
    const list = await call<{ items: { id: string; articleId: string; status: string; sent: number; recipients: number }[] }>('GET', '/newsletters?limit=50', { token });
    const campaign = list.body.items.find((item) => item.articleId === article.id)!;
    expect(campaign).toBeDefined();
    // The subscriber's copy may arrive before the campaign has reached everyone: wait for it to end.
    let one = await call<{ status: string; sent: number; recipients: number; failed: number; suppressed: number }>('GET', `/newsletters/${campaign.id}`, { token });
    for (let tries = 0; one.body.status !== 'sent' && tries < 80; tries += 1) {
      await new Promise((done) => setTimeout(done, 250));
      one = await call('GET', `/newsletters/${campaign.id}`, { token });
    }
    expect(one.body.status).toBe('sent');
    expect(one.body.sent).toBeGreaterThanOrEqual(1);
    expect(one.body.recipients).toBe(one.body.sent + one.body.failed + one.body.suppressed);
    expectError(await call('GET', '/newsletters/cmp_aaaaaaaaaaaaaaaa', { token }), 404, 'not_found');
    expectError(await call('GET', '/newsletters', { token: (await readerTokens()).accessToken }), 403, 'forbidden');
  });
});

describe('unsubscribing from the email', () => {
  it('shows a page on GET that changes nothing, and unsubscribes on a one-click POST', async () => {
    const leaving = await reader(true);
    const staying = await reader(true);
    const title = `Before leaving ${uniqueEmail('t')}`;
    await publishArticle(title);
    const [mail] = await newslettersAbout(leaving.email, title, 1);
    const link = unsubscribeLink(mail!);

    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toMatch(/<form method="post" action="\?token=[^"]+"><button type="submit">Unsubscribe<\/button><\/form>/);
    expect(await subscribed(leaving.token)).toBe(true);

    const post = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect([post.status, await post.json()]).toEqual([200, { subscribed: false }]);
    expect(await subscribed(leaving.token)).toBe(false);

    const next = `After leaving ${uniqueEmail('t')}`;
    await publishArticle(next);
    expect(await newslettersAbout(staying.email, next, 1)).toHaveLength(1);
    expect(await newslettersAbout(leaving.email, next, 1, 500)).toHaveLength(0);
  });

  it('refuses forged or altered tokens with 400', async () => {
    const subscriber = await reader(true);
    const other = await reader(true);
    const title = `Tokens ${uniqueEmail('t')}`;
    await publishArticle(title);
    const token = new URL(unsubscribeLink((await newslettersAbout(subscriber.email, title, 1))[0]!)).searchParams.get('token')!;
    const [, signature] = token.split('.');
    const { sub: otherSub } = JSON.parse(Buffer.from((other.token.split('.')[1])!, 'base64url').toString()) as { sub: string };
    const forged = [
      `${Buffer.from(otherSub).toString('base64url')}.${signature}`,
      `${token.split('.')[0]}.${'A'.repeat(43)}`,
      token.slice(0, -2),
      'not-a-token',
      `${token}.extra`,
    ];
    for (const bad of forged) {
      for (const method of ['GET', 'POST']) {
        expectError(await call(method, `/newsletter/unsubscribe?token=${encodeURIComponent(bad)}`), 400, 'invalid_link');
      }
    }
    expect(await subscribed(other.token)).toBe(true);
  });
});

describe('SES bounce and complaint events', () => {
  const deliver = (event: unknown) => invoke('newsletter/ses-events', { direct: event });

  it('suppress the address for good on a permanent bounce', async () => {
    const bounced = await reader(true);
    await deliver(sesEventAbout('ses-events.json', bounced.email));
    expect(await subscribed(bounced.token)).toBe(false);
    // Asking again does not bring a suppressed address back.
    expect((await call<{ subscribed: boolean }>('PUT', '/me/newsletter', { token: bounced.token, body: { subscribed: true } })).body).toEqual({ subscribed: false });
    const title = `Bounced ${uniqueEmail('t')}`;
    await publishArticle(title);
    const control = await reader(true);
    const second = `Control ${uniqueEmail('t')}`;
    await publishArticle(second);
    expect(await newslettersAbout(control.email, second, 1)).toHaveLength(1);
    expect(await newslettersAbout(bounced.email, title, 1, 0)).toHaveLength(0);
  });

  it('unsubscribe and suppress on a complaint', async () => {
    const complaining = await reader(true);
    await deliver(sesEventAbout('ses-events-complaint.json', complaining.email));
    expect(await subscribed(complaining.token)).toBe(false);
  });
});
