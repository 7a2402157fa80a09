import { httpHandler } from '../shared/http';
import { forgotPassword } from './api';
import { requestCode } from './issuing';
import { normalizeEmail } from './email-address';

export const handler = httpHandler(forgotPassword, async ({ body }) => {
  await requestCode('reset', normalizeEmail(body.email));
  return { statusCode: 202, body: { status: 'CODE_SENT' } };
});
