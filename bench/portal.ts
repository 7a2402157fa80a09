/**
 * The bench's view of a running local stack: its HTTP API called as a front-end would, and the mailbox of the SES
 * emulator. Every call states the status it expects, so a bench that measures failures fails instead.
 */
import type { Endpoints } from '../local/start';

export interface Answer<T> {
  status: number;
  body: T;
  /** The body's size as sent: what the API transfers out for this answer. */
  bytes: number;
}

export class Portal {
  constructor(readonly endpoints: Endpoints) {}

  async call<T = Record<string, unknown>>(
    method: string,
    path: string,
    options: { body?: unknown; token?: string; expect?: number } = {},
  ): Promise<Answer<T>> {
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.endpoints.api}${path}`, {
      method,
      headers,
      ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
    });
    const text = await response.text();
    const expected = options.expect ?? 200;
    if (response.status !== expected) throw new Error(`${method} ${path} answered ${response.status}, not ${expected}: ${text}`);
    return { status: response.status, body: (text.startsWith('{') ? JSON.parse(text) : text) as T, bytes: Buffer.byteLength(text) };
  }

  async logIn(email: string, password: string): Promise<string> {
    return (await this.call<{ accessToken: string }>('POST', '/auth/login', { body: { email, password } })).body.accessToken;
  }

  /** Every email the SES emulator holds, oldest first. */
  async mailbox(): Promise<{ subject: string; destination: { to: string[] }; body: { text: string }; at: number }[]> {
    return ((await (await fetch(`${this.endpoints.mail}/store`)).json()) as { emails: [] }).emails;
  }

  /** The code of the newest email to the address: a bare 6-digit line of its text part. */
  async latestCode(address: string): Promise<string> {
    const mine = (await this.mailbox()).filter((email) => email.destination.to.includes(address));
    const code = /^(\d{6})$/m.exec(mine.at(-1)?.body.text ?? '')?.[1];
    if (!code) throw new Error(`No code in the mailbox of ${address}`);
    return code;
  }

  /** Waits for the newest email to an address whose subject ends with `subject`. */
  async waitForEmail(address: string, subject: string, timeoutMs = 30_000): Promise<{ body: { text: string } }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = (await this.mailbox()).filter((email) => email.destination.to.includes(address) && email.subject.endsWith(subject)).at(-1);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`No email "${subject}" reached ${address} in ${timeoutMs / 1000} s`);
      await new Promise((done) => setTimeout(done, 200));
    }
  }
}
