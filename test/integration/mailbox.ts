/** Reads what the portal sent, from the SES emulator's store (GET <mail>/store), as a user reads their inbox. */
import type { SentEmail } from '../../local/audience';
import { sentAbout as sentAboutIn } from '../../local/audience';
import { endpoints } from './client';

export type { SentEmail };
export { copiesPerAddress } from '../../local/audience';

async function allSent(): Promise<SentEmail[]> {
  return ((await (await fetch(`${endpoints.mail}/store`)).json()) as { emails: SentEmail[] }).emails;
}

export async function inbox(address: string): Promise<SentEmail[]> {
  return (await allSent()).filter((email) => email.destination.to.includes(address.toLowerCase()));
}

/** Every email with a recipient whose address holds the text, however SES split or parsed what it was given. */
export async function sentToAddressesWith(text: string): Promise<SentEmail[]> {
  return (await allSent()).filter((email) => email.destination.to.some((to) => to.toLowerCase().includes(text.toLowerCase())));
}

/** The code of the newest email to the address: a bare line of 6 (or, under attack, 12) digits in its text part. */
export async function latestCode(address: string): Promise<string> {
  const emails = await inbox(address);
  const code = /^(\d{6}|\d{12})$/m.exec(emails.at(-1)?.body.text ?? '')?.[1];
  if (!code) throw new Error(`No code in the mailbox of ${address}`);
  return code;
}

/** Every email whose subject ends with the text (a newsletter's is "<portal>: <title>"), whoever it went to. */
export const sentAbout = (subjectEnd: string): Promise<SentEmail[]> => sentAboutIn(endpoints.mail, subjectEnd);
