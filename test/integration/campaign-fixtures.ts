/** A newsletter's way from an article to a subscriber's inbox, as the newsletter and portal tests follow it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { logIn, signUpAndConfirm, uniqueEmail } from './accounts-fixtures';
import { call } from './client';
import { addVideo, createDraft, editor } from './editor-fixtures';
import type { SentEmail } from './mailbox';
import { inbox } from './mailbox';

interface Me {
  newsletter: { subscribed: boolean };
}

export async function reader(newsletter: boolean) {
  const email = uniqueEmail('subscriber');
  await signUpAndConfirm(email, { newsletter });
  return { email, token: (await logIn(email)).body.accessToken };
}

export const subscribed = async (token: string) => (await call<Me>('GET', '/me', { token })).body.newsletter.subscribed;

/** Polls the mailbox until the address has the article's newsletter (or the time is up). */
export async function newslettersAbout(address: string, title: string, expected: number, timeoutMs = 20_000): Promise<SentEmail[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await inbox(address)).filter((email) => email.subject.endsWith(title));
    if (found.length >= expected || Date.now() > deadline) return found;
    await new Promise((done) => setTimeout(done, 200));
  }
}

/** As editors make them: with a video, whose item (an empty renditions map) once stalled the local stream. */
export async function publishArticle(title: string) {
  const draft = await createDraft({ title });
  await addVideo(draft.id);
  const published = await call('POST', `/articles/${draft.id}/publish`, { token: await editor() });
  expect(published.status).toBe(200);
  return draft;
}

export const unsubscribeLink = (email: SentEmail): string => /Unsubscribe: (\S+)/.exec(email.body.text)![1]!;

/** A sample SES event of events/newsletter (a bounce, a complaint), about the address instead. */
export function sesEventAbout(sample: string, address: string) {
  const event = JSON.parse(readFileSync(join(__dirname, '../../events/newsletter', sample), 'utf8')) as { Records: { Sns: { Message: string } }[] };
  event.Records[0]!.Sns.Message = event.Records[0]!.Sns.Message.replaceAll('reader@example.org', address);
  return event;
}
