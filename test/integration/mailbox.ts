/** Reads what the portal sent, from the SES emulator's store (GET <mail>/store), as a user reads their inbox. */
import { endpoints } from './client';

export interface SentEmail {
  subject: string;
  destination: { to: string[] };
  body: { text: string; html: string };
  at: number;
}

export async function inbox(address: string): Promise<SentEmail[]> {
  const { emails } = (await (await fetch(`${endpoints.mail}/store`)).json()) as { emails: SentEmail[] };
  return emails.filter((email) => email.destination.to.includes(address.toLowerCase()));
}

/** The code of the newest email to the address: a bare 6-digit line of its text part. */
export async function latestCode(address: string): Promise<string> {
  const emails = await inbox(address);
  const code = /^(\d{6})$/m.exec(emails.at(-1)?.body.text ?? '')?.[1];
  if (!code) throw new Error(`No code in the mailbox of ${address}`);
  return code;
}

/** Every email whose subject ends with the text (a newsletter's is "<portal>: <title>"), whoever it went to. */
export async function sentAbout(subjectEnd: string): Promise<SentEmail[]> {
  const { emails } = (await (await fetch(`${endpoints.mail}/store`)).json()) as { emails: SentEmail[] };
  return emails.filter((email) => email.subject.endsWith(subjectEnd));
}

/** How many of the emails each address received. */
export function copiesPerAddress(emails: readonly SentEmail[]): Map<string, number> {
  const copies = new Map<string, number>();
  for (const email of emails) for (const to of email.destination.to) copies.set(to, (copies.get(to) ?? 0) + 1);
  return copies;
}
