import { httpHandler } from '../shared/http';
import { resendCode } from './api';
import { requestCode } from './issuing';
import { normalizeEmail } from './email-address';

export const handler = httpHandler(resendCode, async ({ body }) => ({
  statusCode: 202,
  body: { status: 'CODE_SENT', codeExpiresAt: await requestCode(body.purpose ?? 'signup', normalizeEmail(body.email)) },
}));
