/**
 * Sending codes. Every request that may send one (sign-up, resend, reset) answers the same for any address: it
 * takes the same slots (the address's pacing, the network's hourly share, everyone's daily budget), the work is
 * hidden behind the same delay, and a code goes out only when there is something to do (a sign-up code for a
 * pending sign-up, a reset code for an account).
 */
import { BUSINESS_METRICS } from '../../common/business-metrics';
import { isRefusal } from '../../common/errors';
import { logger } from '../../common/logger';
import { sendEmail } from '../../common/mail';
import { count } from '../../common/metrics';
import { portalName } from '../../common/portal';
import { secret } from '../../common/secrets';
import { BUDGET_LOG } from './budget-log';
import type { CodePurpose, PendingSignup } from './rules';
import { addressDigest, CODE_DIGITS, codeDigest, generateCode, HARDENED_CODE_DIGITS, isPending, newCodeRecord } from './rules';
import { loadCode, saveCode, unsaveCode } from './store';
import { codeExpiry, codeTtlSeconds, nowSeconds } from './clock';
import { codeEmail } from '../emails';
import { withEvenTiming } from '../even-timing';
import { hashedKeys } from '../hashed-keys';
import { findAccount } from '../identity';
import { isKnownNetwork } from '../limits/known-networks';
import { CODE_REQUESTS_PER_DAY, CODE_REQUESTS_PER_NETWORK, codeSendingPacing } from '../limits/rules';
import type { Release } from '../limits/store';
import { takeFromWindow, takePacedSlot } from '../limits/store';
import { guessBudgetSpent } from './redeeming';

const sendingPacing = codeSendingPacing(codeTtlSeconds);

/**
 * Takes every slot a code request needs, or none: a refusal gives back the slots already taken. Codes of each
 * purpose are paced apart, so requests of one kind (a sign-up for an address that has an account) never hold
 * back the other (the owner's reset). A network the address has been used from is not held back by everyone's
 * budget: strangers who spend it do not keep the owner from resetting.
 */
async function takeSendingSlots(purpose: CodePurpose, email: string, network: string, now: number): Promise<Release> {
  const keys = await hashedKeys(email, network);
  const taken: Release[] = [];
  const releaseAll: Release = async () => {
    await Promise.allSettled(taken.map((release) => release()));
  };
  try {
    taken.push(await takePacedSlot(`codes#${purpose}`, keys.address, sendingPacing, now));
    taken.push(await takeFromWindow('code-requests', keys.network, CODE_REQUESTS_PER_NETWORK, now));
    if (!(await isKnownNetwork(keys.address, keys.network))) {
      taken.push(
        await takeFromWindow('code-requests', 'all', CODE_REQUESTS_PER_DAY, now).catch((error: unknown) => {
          // The budget's own refusal only: a table that is out of reach spends no budget, and the line raises an alarm.
          if (isRefusal(error, 'too_many_requests')) logger.warn(BUDGET_LOG.requestBudgetSpent, { limit: CODE_REQUESTS_PER_DAY.limit });
          throw error;
        }),
      );
    }
  } catch (error) {
    await releaseAll();
    throw error;
  }
  return releaseAll;
}

/**
 * Runs work that may email the address, behind the same delay for every address, once it has the slots a code
 * request takes (429 otherwise). If the work fails, the slots are given back.
 */
export async function withSendingSlot<T>(purpose: CodePurpose, email: string, network: string, work: () => Promise<T>): Promise<T> {
  return withEvenTiming(async () => {
    const release = await takeSendingSlots(purpose, email, network, nowSeconds());
    try {
      return await work();
    } catch (error) {
      await release().catch(() => undefined);
      throw error;
    }
  });
}

/**
 * Makes a new code (replacing the previous one), stores its hash and emails it. Returns when it expires. The code
 * is long while the day's budget of wrong tries is spent (redeeming.ts).
 */
export async function sendCode(purpose: CodePurpose, email: string, signup?: PendingSignup): Promise<string> {
  const key = await secret('codes');
  const issuedAt = nowSeconds();
  const digits = (await guessBudgetSpent(issuedAt)) ? HARDENED_CODE_DIGITS : CODE_DIGITS;
  const code = generateCode(digits);
  const digest = codeDigest(key, purpose, email, code);
  const address = addressDigest(key, email);
  const record = newCodeRecord({ digest, digits, nowSeconds: issuedAt, ttlSeconds: codeTtlSeconds, ...(signup && { signup }) });
  const replaced = await saveCode(purpose, address, record);
  try {
    await sendEmail(email, codeEmail({ portalName, purpose, code, ttlSeconds: codeTtlSeconds }));
  } catch (error) {
    // A code that never went out must not kill the one the owner may already have.
    await unsaveCode(purpose, address, record, replaced).catch(() => undefined);
    throw error;
  }
  count(BUSINESS_METRICS.codeEmailsSent);
  return codeExpiry(issuedAt);
}

/**
 * Sends a code if there is something to send. An address with nothing to send is answered without any mail, so a
 * code that cannot go out (SES paused or out of reach) is logged and answered the same way: a 503 for addresses
 * that have something to send would tell them apart. The person asks again; the alarms tell the operator.
 */
export async function requestCode(purpose: CodePurpose, email: string, network: string): Promise<string> {
  const sendQuietly = (signup?: PendingSignup) =>
    sendCode(purpose, email, signup).catch((error: unknown) => {
      logger.error('code not sent', { purpose, error: error as Error });
      return codeExpiry(nowSeconds());
    });
  return withSendingSlot(purpose, email, network, async () => {
    // Asked of every address, so that Cognito failing or slow fails or slows every answer alike.
    const account = await findAccount(email);
    if (purpose === 'signup') {
      // The pending sign-up travels from code to code, its choices included.
      const pending = await loadCode('signup', (await hashedKeys(email, network)).address);
      if (isPending(pending, nowSeconds()) && account.status !== 'active') return sendQuietly(pending.signup);
    } else if (account.status !== 'missing') {
      return sendQuietly();
    }
    return codeExpiry(nowSeconds());
  });
}
