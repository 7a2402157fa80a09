/** Access tokens forged in every way a verifier must refuse, and one re-signed faithfully that it must accept. */
import { createHmac, createPublicKey, createSign, generateKeyPairSync } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';

const cognitoLocalKey = (
  JSON.parse(readFileSync(require.resolve('cognito-local/lib/keys/cognitoLocal.private.json'), 'utf8')) as { pem: string }
).pem;

const base64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const decoded = (part: string): Record<string, unknown> => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;

function jwt(header: object, claims: object, sign: (input: string) => string): string {
  const input = `${base64url(header)}.${base64url(claims)}`;
  return `${input}.${sign(input)}`;
}

const rs256 = (key: string | KeyObject) => (input: string) => createSign('RSA-SHA256').update(input).sign(key, 'base64url');

export interface TokenCase {
  label: string;
  authorization?: string;
}

/**
 * Authorization headers a verifier must refuse, made from a real access token: re-signed with the emulator's own
 * key but with one claim wrong, signed with another key, unsigned, tampered. `faithful` is the same token re-signed
 * unchanged: it must be accepted, which shows each refusal comes from the one thing changed.
 */
export function forgedTokens(accessToken: string, idToken: string, refreshToken: string): { faithful: string; refused: TokenCase[] } {
  const [headerPart, claimsPart, signature] = accessToken.split('.') as [string, string, string];
  const header = decoded(headerPart);
  const claims = decoded(claimsPart);
  const now = Math.floor(Date.now() / 1000);
  const resigned = (changes: Record<string, unknown>) => jwt(header, { ...claims, ...changes }, rs256(cognitoLocalKey));
  const anotherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const publicPem = createPublicKey(cognitoLocalKey).export({ type: 'spki', format: 'pem' });
  const bearer = (label: string, token: string): TokenCase => ({ label, authorization: `Bearer ${token}` });
  return {
    faithful: resigned({}),
    refused: [
      { label: 'no header' },
      { label: 'another scheme', authorization: `Basic ${Buffer.from('editor:password').toString('base64')}` },
      { label: 'no token', authorization: 'Bearer' },
      { label: 'two tokens', authorization: `Bearer ${accessToken}, Bearer ${accessToken}` },
      bearer('oversized', 'a'.repeat(9_000)),
      bearer('expired', resigned({ exp: now - 60, iat: now - 3_660, auth_time: now - 3_660 })),
      bearer('not valid yet', resigned({ nbf: now + 3_600 })),
      bearer('expiry as text', resigned({ exp: String(now + 3_600) })),
      bearer('issued by another user pool', resigned({ iss: String(claims.iss).replace(/[^/]+$/, 'us-east-1_AnotherPool') })),
      bearer('issued for another app client', resigned({ client_id: 'another-client' })),
      bearer('not an access token', resigned({ token_use: 'id' })),
      bearer('an id token', idToken),
      bearer('a refresh token', refreshToken),
      bearer('alg none', jwt({ alg: 'none', typ: 'JWT' }, claims, () => '')),
      bearer('alg none with the real signature', `${base64url({ alg: 'none', typ: 'JWT' })}.${claimsPart}.${signature}`),
      bearer('HS256 keyed with the public key', jwt({ ...header, alg: 'HS256' }, claims, (input) => createHmac('sha256', publicPem).update(input).digest('base64url'))),
      bearer('signed by a key not in the JWKS', jwt(header, claims, rs256(anotherKey))),
      bearer('signed by a key of unknown id', jwt({ ...header, kid: 'not-in-the-jwks' }, claims, rs256(anotherKey))),
      bearer('tampered payload', `${headerPart}.${base64url({ ...claims, sub: 'someone-else', 'cognito:groups': ['editors', 'admins'] })}.${signature}`),
      bearer('no signature', `${headerPart}.${claimsPart}.`),
    ],
  };
}

/** Bearer garbage: printable text (what a header can carry) that is no token. */
export const garbageTokens: fc.Arbitrary<TokenCase> = fc
  .string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 300 })
  .map((text) => ({ label: 'garbage', authorization: `Bearer ${text.trim() || 'x'}` }));

