import { BUSINESS_METRICS } from '../../common/business-metrics';
import { publicHandler } from '../../common/http';
import { sendEmail } from '../../common/mail';
import { count } from '../../common/metrics';
import { networkOf, originOf } from '../../common/network';
import { portalName } from '../../common/portal';
import { signup } from '../operations';
import { codeExpiry, nowSeconds } from '../codes/clock';
import { maskEmail, normalizeEmail } from '../email-address';
import { accountExistsEmail } from '../emails';
import { findAccount } from '../identity';
import { sendCode, withSendingSlot } from '../codes/issuing';
import { assertStrongPassword } from '../password-policy';
import { pendingSignup } from '../pending-signup';

/**
 * A new address gets a pending sign-up and a code; no Cognito user exists until the code comes back (confirm.ts).
 * An address with an account gets the same answer, and its owner an email saying someone tried. A new sign-up
 * replaces a pending one (the latest wins), so an abandoned or hostile sign-up never blocks the real owner.
 */
export const handler = publicHandler(signup, async ({ body, event }) => {
  assertStrongPassword(body.password);
  const email = normalizeEmail(body.email);
  const codeExpiresAt = await withSendingSlot('signup', email, networkOf(event), async () => {
    // Made whatever the address, so that both answers cost the same scrypt work (see even-timing.ts).
    const pending = await pendingSignup(body.password, { ...(body.name !== undefined && { name: body.name }), newsletter: body.newsletter === true }, originOf(event));
    if ((await findAccount(email)).status === 'active') {
      await sendEmail(email, accountExistsEmail({ portalName }));
      return codeExpiry(nowSeconds());
    }
    const expiresAt = await sendCode('signup', email, pending);
    count(BUSINESS_METRICS.signUps);
    return expiresAt;
  });
  return {
    statusCode: 201,
    body: { status: 'CONFIRMATION_REQUIRED', delivery: { medium: 'EMAIL', destination: maskEmail(email) }, codeExpiresAt },
  };
});
