/**
 * Loose input, attacked as a front-end would: addresses that SES or a mail client could read as a display name or
 * as more than one address, and names and titles with control characters or bidirectional overrides. Each is a
 * 400 invalid_request naming the field; no account, article, video or edit is made, and no email goes anywhere.
 */
import { randomUUID } from 'node:crypto';
import { PASSWORD, uniqueEmail } from './accounts-fixtures';
import { call, expectError } from './client';
import type { ArticleBody } from './editor-fixtures';
import { createDraft, editor, uniqueSlug } from './editor-fixtures';
import { inbox, sentToAddressesWith } from './mailbox';
import { addressesMentioning } from './tokens';

/** Asserts a 400 invalid_request whose details name exactly these fields. */
function expectRefused(response: Awaited<ReturnType<typeof call>>, ...paths: string[]): void {
  const error = expectError(response, 400, 'invalid_request');
  expect((error.details as { path: string }[]).map((issue) => issue.path)).toEqual(paths);
}

/** Texts no single-line field may hold, each inside an otherwise ordinary title or name. */
const HOSTILE_LINES: [string, string][] = [
  ['a NUL', 'Summit\u0000 communiqué'],
  ['a bell', 'Summit\u0007 communiqué'],
  ['a line feed and a header', 'Summit communiqué\nBcc: someone@example.org'],
  ['a carriage return', 'Summit\r communiqué'],
  ['a C1 next-line', 'Summit\u0085 communiqué'],
  ['a line separator', 'Summit\u2028 communiqué'],
  ['a right-to-left override', 'Invoice \u202Egpj.exe'],
  ['a right-to-left isolate', 'Summit \u2067communiqué\u2069'],
];

/** Addresses built around two fresh ones, so that any account or email for them can only come from the attempt. */
const HOSTILE_ADDRESSES: [string, (run: string) => string][] = [
  ['a display name', (run) => `x<a-${run}@example.org>`],
  ['a quoted local part with a comma', (run) => `"a-${run},b-${run}"@example.org`],
  ['a comma-separated list', (run) => `a-${run}@example.org, b-${run}@example.org`],
  ['a semicolon-separated list', (run) => `a-${run}@example.org;b-${run}@example.org`],
  ['a line break and a header', (run) => `a-${run}@example.org\nBcc: b-${run}@example.org`],
];

describe('sign-up with an address that is more than one plain address', () => {
  it.each(HOSTILE_ADDRESSES)('refuses %s: no account, no email', async (_what, hostile) => {
    const run = randomUUID().slice(0, 8);
    const email = hostile(run);
    expectRefused(await call('POST', '/auth/signup', { body: { email, password: PASSWORD } }), 'email');
    expect(await addressesMentioning(run)).toEqual([]);
    expect(await sentToAddressesWith(run)).toEqual([]);
  });
});

describe('free text with control characters or bidirectional overrides', () => {
  it.each(HOSTILE_LINES)('refuses a sign-up name with %s: no account, no email', async (_what, name) => {
    const email = uniqueEmail('named');
    expectRefused(await call('POST', '/auth/signup', { body: { email, password: PASSWORD, name } }), 'name');
    expect(await addressesMentioning(email)).toEqual([]);
    expect(await inbox(email)).toEqual([]);
  });

  it('takes the same address once the name is clean: the refusal left nothing behind', async () => {
    const email = uniqueEmail('named');
    expectRefused(await call('POST', '/auth/signup', { body: { email, password: PASSWORD, name: 'Jane \u202Eretroper' } }), 'name');
    expect((await call('POST', '/auth/signup', { body: { email, password: PASSWORD, name: 'Jane Reporter' } })).status).toBe(201);
    expect(await inbox(email)).toHaveLength(1);
  });

  it.each(HOSTILE_LINES)('refuses an article whose title or summary has %s: its slug stays free', async (_what, text) => {
    const token = await editor();
    const slug = uniqueSlug('loose');
    const clean = { slug, title: 'A draft', summary: 'Not out yet.', body: 'Text to come.' };
    expectRefused(await call('POST', '/articles', { token, body: { ...clean, title: text } }), 'title');
    expectRefused(await call('POST', '/articles', { token, body: { ...clean, summary: text } }), 'summary');
    expect((await createDraft({ slug })).slug).toBe(slug);
  });

  it('keeps line feeds and tabs in an article body, and nothing else of the kind', async () => {
    const token = await editor();
    const slug = uniqueSlug('body');
    const body = (text: string) => ({ slug, title: 'A draft', summary: 'Not out yet.', body: text });
    for (const text of ['Para one.\r\nPara two.', 'Text\u0000', 'Text \u202Ereversed', 'Text\u2029next']) {
      expectRefused(await call('POST', '/articles', { token, body: body(text) }), 'body');
    }
    const created = await call<ArticleBody & { body: string }>('POST', '/articles', { token, body: body('Para one.\n\nPara two:\tend.') });
    expect(created.status).toBe(201);
    expect(created.body.body).toBe('Para one.\n\nPara two:\tend.');
  });

  it('refuses a hostile title in an edit or a new video: the draft stays as it was', async () => {
    const token = await editor();
    const draft = await createDraft();
    for (const [, text] of HOSTILE_LINES) {
      expectRefused(await call('PATCH', `/articles/${draft.id}`, { token, body: { title: text } }), 'title');
      expectRefused(await call('POST', `/articles/${draft.id}/videos`, { token, body: { title: text } }), 'title');
    }
    const now = await call<ArticleBody>('PATCH', `/articles/${draft.id}`, { token, body: { tags: draft.tags } });
    expect({ title: now.body.title, videoCount: now.body.videoCount, videos: now.body.videos }).toEqual({ title: draft.title, videoCount: 0, videos: [] });
  });
});
