import { HttpError } from '../shared/errors';
import { httpHandler } from '../shared/http';
import { confirmSignup } from './api';
import { normalizeEmail } from './email-address';
import { confirmAccount, findAccount } from './identity';
import { createProfile, deleteProfile } from './profile';
import { redeemCode } from './verification';

/**
 * A right code confirms the account. The profile (with the newsletter choice) is written first, so no account
 * is ever confirmed without it; if Cognito then fails, the profile goes and the code is given back.
 */
export const handler = httpHandler(confirmSignup, async ({ body }) => {
  const email = normalizeEmail(body.email);
  const { record, restore } = await redeemCode('signup', email, body.code);
  const account = await findAccount(email);
  if (account.status === 'missing') {
    throw new HttpError(400, 'code_mismatch', 'This code is not right.', { attemptsLeft: 0 });
  }
  await createProfile(account.sub, { email, ...(account.name !== undefined && { name: account.name }), createdAt: account.createdAt, newsletter: record.newsletter === true });
  try {
    await confirmAccount(email);
  } catch (error) {
    await Promise.allSettled([deleteProfile(account.sub), restore()]);
    throw error;
  }
  return { statusCode: 200, body: { status: 'CONFIRMED' } };
});
