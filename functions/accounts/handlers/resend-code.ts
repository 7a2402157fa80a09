import { publicHandler } from '../../common/http';
import { networkOf } from '../../common/network';
import { resendCode } from '../operations';
import { normalizeEmail } from '../email-address';
import { requestCode } from '../codes/issuing';

export const handler = publicHandler(resendCode, async ({ body, event }) => ({
  statusCode: 202,
  body: { status: 'CODE_SENT', codeExpiresAt: await requestCode(body.purpose ?? 'signup', normalizeEmail(body.email), networkOf(event)) },
}));
