/**
 * Sending codes. Every code sent, whatever its purpose, counts against the address's limit; "send me a new code"
 * answers the same for any address: the throttle applies to every address, the work is hidden behind the same
 * delay, and a code goes out only when there is something to do (a sign-up code for an unconfirmed account,
 * a reset code for a confirmed one).
 */
import { sendEmail } from '../shared/mail';
import { portalName } from '../shared/portal';
import { secret } from '../shared/secrets';
import type { CodePurpose } from './codes';
import { addressDigest, codeDigest, generateCode, newCodeRecord } from './codes';
import { loadCode, saveCode } from './code-store';
import { codeEmail } from './emails';
import { withEvenTiming } from './even-timing';
import { findAccount } from './identity';
import { CODE_SENDING } from './throttle';
import { takeSlot } from './throttle-store';
import { addressOf, codeExpiry, codeTtlSeconds, nowSeconds } from './verification';

/**
 * Runs work that may email the address, behind the same delay for every address, once it has one of the
 * address's sending slots (1 a minute, 5 an hour; 429 otherwise). If the work fails, the slot is given back.
 */
export async function withSendingSlot<T>(email: string, work: () => Promise<T>): Promise<T> {
  return withEvenTiming(async () => {
    const releaseSlot = await takeSlot('codes', await addressOf(email), CODE_SENDING, nowSeconds());
    try {
      return await work();
    } catch (error) {
      await releaseSlot().catch(() => undefined);
      throw error;
    }
  });
}

/** Makes a new code (replacing the previous one), stores its hash and emails it. Returns when it expires. */
export async function sendCode(purpose: CodePurpose, email: string, options: { newsletter?: boolean } = {}): Promise<string> {
  const key = await secret('codes');
  const code = generateCode();
  const issuedAt = nowSeconds();
  await saveCode(purpose, addressDigest(key, email), newCodeRecord(codeDigest(key, purpose, email, code), issuedAt, codeTtlSeconds, options.newsletter));
  await sendEmail(email, codeEmail({ portalName, purpose, code, ttlSeconds: codeTtlSeconds }));
  return codeExpiry(issuedAt);
}

/** The newsletter choice made at sign-up travels with the sign-up code, so a resent code keeps it. */
async function pendingNewsletterChoice(email: string): Promise<boolean> {
  return (await loadCode('signup', await addressOf(email)))?.newsletter === true;
}

export async function requestCode(purpose: CodePurpose, email: string): Promise<string> {
  return withSendingSlot(email, async () => {
    const account = await findAccount(email);
    if (purpose === 'signup' && account.status === 'unconfirmed') {
      return sendCode('signup', email, { newsletter: await pendingNewsletterChoice(email) });
    }
    if (purpose === 'reset' && account.status === 'confirmed') return sendCode('reset', email);
    return codeExpiry(nowSeconds());
  });
}
