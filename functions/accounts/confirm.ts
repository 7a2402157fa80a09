import { HttpError } from '../shared/errors';
import { httpHandler } from '../shared/http';
import { confirmSignup } from './api';
import { normalizeEmail } from './email-address';
import { confirmAccount, findAccount } from './identity';
import { deleteProfile, profileCreation } from './profile';
import { checkCode } from './verification';

/**
 * A right code confirms the account. Using the code up and writing the profile (with the newsletter choice) are one
 * transaction, made before Cognito confirms the account: no account is ever confirmed without its profile, and a
 * database failing before that write leaves everything as it was, so the same code works on a retry. If Cognito
 * then fails, the profile goes and the code is given back.
 */
export const handler = httpHandler(confirmSignup, async ({ body }) => {
  const email = normalizeEmail(body.email);
  const code = await checkCode('signup', email, body.code);
  const account = await findAccount(email);
  if (account.status === 'missing') {
    await code.redeem();
    throw new HttpError(400, 'code_mismatch', 'This code is not right.', { attemptsLeft: 0 });
  }
  const profile = { email, ...(account.name !== undefined && { name: account.name }), createdAt: account.createdAt, newsletter: code.record.newsletter === true };
  const { restore } = await code.redeem(profileCreation(account.sub, profile));
  try {
    await confirmAccount(email);
  } catch (error) {
    await Promise.allSettled([deleteProfile(account.sub), restore()]);
    throw error;
  }
  return { statusCode: 200, body: { status: 'CONFIRMED' } };
});
