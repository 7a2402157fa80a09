import { publicHandler } from '../../common/http';
import { networkOf } from '../../common/network';
import { forgotPassword } from '../operations';
import { normalizeEmail } from '../email-address';
import { requestCode } from '../codes/issuing';

export const handler = publicHandler(forgotPassword, async ({ body, event }) => {
  await requestCode('reset', normalizeEmail(body.email), networkOf(event));
  return { statusCode: 202, body: { status: 'CODE_SENT' } };
});
