import { httpHandler } from '../shared/http';
import { sendEmail } from '../shared/mail';
import { portalName } from '../shared/portal';
import { signup } from './api';
import { maskEmail, normalizeEmail } from './email-address';
import { accountExistsEmail } from './emails';
import { createAccount, findAccount, removeAccount } from './identity';
import { assertStrongPassword } from './password-policy';
import { sendCode, withSendingSlot } from './issuing';
import { codeExpiry, nowSeconds } from './verification';

/**
 * A new address gets an unconfirmed account and a code. An address with a confirmed account gets the same
 * answer, and its owner an email saying someone tried. An unconfirmed account is replaced (the latest sign-up
 * wins), so an abandoned or hostile sign-up never blocks the real owner.
 */
async function register(email: string, password: string, name: string | undefined, newsletter: boolean): Promise<string> {
  let created = await createAccount(email, password, name);
  if (!created && (await findAccount(email)).status === 'unconfirmed') {
    await removeAccount(email);
    created = await createAccount(email, password, name);
  }
  if (!created) {
    await sendEmail(email, accountExistsEmail({ portalName }));
    return codeExpiry(nowSeconds());
  }
  try {
    return await sendCode('signup', email, { newsletter });
  } catch (error) {
    // No half-made account may block a retry: without its code, the new account goes.
    await removeAccount(email).catch(() => undefined);
    throw error;
  }
}

export const handler = httpHandler(signup, async ({ body }) => {
  assertStrongPassword(body.password);
  const email = normalizeEmail(body.email);
  const codeExpiresAt = await withSendingSlot(email, () => register(email, body.password, body.name, body.newsletter === true));
  return {
    statusCode: 201,
    body: { status: 'CONFIRMATION_REQUIRED', delivery: { medium: 'EMAIL', destination: maskEmail(email) }, codeExpiresAt },
  };
});
