import { nextCursor, pageQuery, renditionName, videoId } from '../catalogue/schemas';
import { ACTIVITY_TYPES, ACTIVITY_VIA } from '../common/activity-types';
import { operation } from '../common/operation';
import { array, boolean, component, integer, object, oneOf, optional, string } from '../common/schema';
import { Download } from '../downloads/operations';
import { passwordPolicy } from './password-policy';

const email = string({ format: 'email' });
const password = string({
  minLength: 1,
  maxLength: 1024,
  description: `At least ${passwordPolicy.minLength} and at most ${passwordPolicy.maxLength} characters, no whitespace, with an uppercase and a lowercase letter, a digit and a symbol. A violation is 400 weak_password listing every rule broken.`,
});
const code = string({
  pattern: /^(\d{6}|\d{12})$/,
  patternHint: 'the code from the email',
  description: 'The 6-digit code from the email; 12 digits on a day the portal is under a code-guessing attack (docs/SECURITY.md).',
});
const refreshToken = string({ minLength: 1, maxLength: 8192 });
const codeExpiresAt = string({ format: 'date-time' });
/** `attemptsLeft` in code_mismatch counts the tries left to the caller's network: other networks have their own. */
const codeErrors = ['invalid_request', 'code_mismatch', 'code_expired', 'too_many_attempts'] as const;

const Tokens = component(
  'Tokens',
  object({
    accessToken: string(),
    idToken: string(),
    refreshToken: optional(string({ description: 'Only from login.' })),
    expiresIn: integer({ description: 'Seconds until the access token expires.' }),
    tokenType: oneOf(['Bearer']),
  }),
);

export const signup = operation({
  operationId: 'signup',
  method: 'POST',
  path: '/auth/signup',
  auth: 'public',
  tag: 'Accounts',
  summary: 'Create an account; a 6-digit code is emailed to confirm it',
  description:
    'No account exists until the code comes back (confirmSignup). An address that already has an account gets the same answer (its owner is told by email). A new sign-up replaces a pending one.',
  body: object({
    email,
    password,
    name: optional(string({ text: 'single-line', minLength: 1, maxLength: 100 })),
    newsletter: optional(boolean('Subscribe to the newsletter once the account is confirmed.')),
  }),
  responses: {
    201: {
      description: 'The code was sent.',
      schema: object({
        status: oneOf(['CONFIRMATION_REQUIRED']),
        delivery: object({ medium: oneOf(['EMAIL']), destination: string({ example: 'j***@e***.org' }) }),
        codeExpiresAt,
      }),
    },
  },
  errors: ['invalid_request', 'weak_password', 'too_many_requests'],
});

export const confirmSignup = operation({
  operationId: 'confirmSignup',
  method: 'POST',
  path: '/auth/confirm',
  auth: 'public',
  tag: 'Accounts',
  summary: 'Confirm an account with the emailed code and its password',
  description:
    'The account is made now, with this password: whoever confirms chose it, whatever other sign-ups were made for the address. The name and newsletter choice of the latest sign-up apply when this is its password. A weak password is refused before the code is used.',
  body: object({ email, code, password }),
  responses: { 200: { description: 'Confirmed.', schema: object({ status: oneOf(['CONFIRMED']) }) } },
  errors: [...codeErrors, 'weak_password'],
});

export const resendCode = operation({
  operationId: 'resendCode',
  method: 'POST',
  path: '/auth/resend-code',
  auth: 'public',
  tag: 'Accounts',
  summary: 'Send a new code, replacing the previous one',
  description:
    'Per address: one code a minute, five at once, then one more per code lifetime (so the owner always has a live code or may ask for one); per network and for everyone, hourly and daily budgets. The answer is the same for any address.',
  body: object({ email, purpose: optional(oneOf(['signup', 'reset'])) }),
  responses: { 202: { description: 'Sent, if there is something to send.', schema: object({ status: oneOf(['CODE_SENT']), codeExpiresAt }) } },
  errors: ['too_many_requests'],
});

export const login = operation({
  operationId: 'login',
  method: 'POST',
  path: '/auth/login',
  auth: 'public',
  tag: 'Accounts',
  summary: 'Sign in',
  description:
    'Every failure is 401 invalid_credentials, also for an address whose sign-up awaits its code: the answer never tells which addresses have accounts. Failed sign-ins are limited per network the account has been used from, and for all other networks together.',
  body: object({ email, password }),
  responses: { 200: { description: 'Tokens.', schema: Tokens } },
  errors: ['invalid_credentials', 'too_many_requests'],
});

export const refresh = operation({
  operationId: 'refresh',
  method: 'POST',
  path: '/auth/refresh',
  auth: 'public',
  tag: 'Accounts',
  summary: 'New access and id tokens from a refresh token',
  body: object({ refreshToken }),
  responses: { 200: { description: 'Tokens, without a new refresh token.', schema: Tokens } },
  errors: ['invalid_token'],
});

export const logout = operation({
  operationId: 'logout',
  method: 'POST',
  path: '/auth/logout',
  auth: 'user',
  tag: 'Accounts',
  summary: 'Sign out: the refresh token is revoked, and this session\'s access tokens are refused from the next request',
  body: object({ refreshToken }),
  responses: { 204: { description: 'Signed out.' } },
});

export const forgotPassword = operation({
  operationId: 'forgotPassword',
  method: 'POST',
  path: '/auth/forgot-password',
  auth: 'public',
  tag: 'Accounts',
  summary: 'Email a 6-digit code to reset the password',
  description: 'The answer is the same for any address.',
  body: object({ email }),
  responses: { 202: { description: 'Sent, if there is something to send.', schema: object({ status: oneOf(['CODE_SENT']) }) } },
  errors: ['too_many_requests'],
});

export const resetPassword = operation({
  operationId: 'resetPassword',
  method: 'POST',
  path: '/auth/reset-password',
  auth: 'public',
  tag: 'Accounts',
  summary: 'Set a new password with the emailed code; every session signed in before ends',
  body: object({
    email,
    code,
    newPassword: password,
    returnTo: optional(
      string({
        maxLength: 2048,
        description: 'Where to send the user next: a path starting with a single "/", or an absolute URL on an allowed origin.',
      }),
    ),
  }),
  responses: {
    200: {
      description: 'The password was changed.',
      schema: object({ status: oneOf(['PASSWORD_UPDATED']), returnTo: string({ example: '/articles/summit-2024' }) }),
    },
  },
  errors: [...codeErrors, 'weak_password', 'invalid_return_to'],
});

const Me = component(
  'Me',
  object({
    email: string({ format: 'email' }),
    name: optional(string({ text: 'single-line' })),
    newsletter: object({ subscribed: boolean() }),
    createdAt: string({ format: 'date-time' }),
  }),
);

export const getMe = operation({
  operationId: 'getMe',
  method: 'GET',
  path: '/me',
  auth: 'user',
  tag: 'Accounts',
  summary: 'The signed-in user',
  responses: {
    200: {
      description: 'The account.',
      schema: Me,
    },
  },
});

const ActivityEntry = component(
  'ActivityEntry',
  object({
    type: oneOf(ACTIVITY_TYPES),
    at: string({ format: 'date-time' }),
    ip: optional(string({ description: 'The source address as the API saw it; absent for what no request did (a complaint to the mail service).' })),
    userAgent: optional(string({ description: 'The browser or program that made the request, as it named itself.' })),
    via: optional(oneOf(ACTIVITY_VIA, 'How a newsletter choice or a sign-out came about.')),
    sessionId: optional(string({ description: 'The session signed in or out.' })),
    videoId: optional(videoId),
    rendition: optional(renditionName),
    more: optional(
      integer({
        minimum: 1,
        description: 'On a day with more than 10 failed sign-ins: one entry, heading the day, counts the failures past the 10 listed, with the last one’s time, address and user agent.',
      }),
    ),
  }),
);

const sessionId = string({ pattern: /^ses_[A-Za-z0-9_-]{16}$/, patternHint: 'a session id from GET /me/sessions' });

const Session = component(
  'Session',
  object({
    id: sessionId,
    startedAt: string({ format: 'date-time', description: 'When it was signed in.' }),
    lastUsedAt: string({ format: 'date-time', description: 'The sign-in or the last renewal of its access token (about hourly while in use).' }),
    userAgent: string(),
    ip: string({ description: 'Where it was signed in or last renewed from.' }),
    current: boolean('Whether this is the session of the token that asked.'),
  }),
);

export const listMyActivity = operation({
  operationId: 'listMyActivity',
  method: 'GET',
  path: '/me/activity',
  auth: 'user',
  tag: 'Accounts',
  summary: 'What happened on the account, newest first',
  description:
    'Sign-up, confirmation, sign-ins (and failed ones), password resets, sign-outs, newsletter changes and downloads, each with its time, source address and user agent. Kept ACTIVITY_RETENTION_DAYS (default 365). Never a password, a code or a token.',
  query: object(pageQuery),
  responses: { 200: { description: 'A page of the account’s activity.', schema: object({ items: array(ActivityEntry), nextCursor }) } },
});

export const listMySessions = operation({
  operationId: 'listMySessions',
  method: 'GET',
  path: '/me/sessions',
  auth: 'user',
  tag: 'Accounts',
  summary: 'The devices signed in to the account, the latest sign-in first',
  responses: { 200: { description: 'Every live session.', schema: object({ items: array(Session) }) } },
});

export const endMySession = operation({
  operationId: 'endMySession',
  method: 'DELETE',
  path: '/me/sessions/{id}',
  auth: 'user',
  tag: 'Accounts',
  summary: 'Sign one device out',
  description: 'Its tokens are refused from the next request on, and it gets no new ones.',
  params: object({ id: sessionId }),
  responses: { 204: { description: 'Signed out.' } },
  errors: ['not_found'],
});

export const endAllMySessions = operation({
  operationId: 'endAllMySessions',
  method: 'DELETE',
  path: '/me/sessions',
  auth: 'user',
  tag: 'Accounts',
  summary: 'Sign out everywhere, this device included',
  responses: { 204: { description: 'Every session has ended.' } },
});

export const exportMyData = operation({
  operationId: 'exportMyData',
  method: 'GET',
  path: '/me/export',
  auth: 'user',
  tag: 'Accounts',
  summary: 'Everything the portal holds on the caller, as one JSON document',
  description: 'The profile, the newsletter choice and its history, every download, the activity and the sessions.',
  responses: {
    200: {
      description: 'The document; saved by browsers as a file.',
      schema: component(
        'AccountExport',
        object({
          exportedAt: string({ format: 'date-time' }),
          profile: Me,
          newsletter: object({ subscribed: boolean(), suppressed: boolean('Whether the mail service reported the address as undeliverable or complaining.'), history: array(ActivityEntry) }),
          downloads: array(Download),
          activity: array(ActivityEntry),
          sessions: array(Session),
        }),
      ),
    },
  },
});

export const deleteMe = operation({
  operationId: 'deleteMe',
  method: 'DELETE',
  path: '/me',
  auth: 'user',
  tag: 'Accounts',
  summary: 'Delete the account and everything about it, with its password',
  description:
    'The user, the profile, downloads, activity, sessions, codes and newsletter records are removed; campaigns keep only their counts. Every session ends. The address may sign up again. A wrong password counts as a failed sign-in.',
  body: object({ password }),
  responses: { 204: { description: 'Deleted.' } },
  errors: ['invalid_credentials', 'too_many_requests'],
});
