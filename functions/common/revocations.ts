/**
 * Access tokens are checked by signature alone, so without this a signed-out or reset session's tokens would work
 * until they expire. The table keeps what was revoked, under the user's own partition: one session (sign-out), or
 * every session signed in before a time (password reset). Each authenticated request reads it with one consistent
 * Query, so the next request after a sign-out or a reset is refused (its cost: docs/BENCHMARKS.md).
 */
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamodb, tableName } from './aws/dynamodb';
import { TOKEN_LIFETIMES } from './token-lifetimes';

/**
 * A signed-in session: Cognito's `origin_jti` (shared by the tokens of one sign-in) and when the sign-in was.
 * cognito-local puts no `origin_jti` in its tokens, so there a token's own `jti` stands for its session: a
 * sign-out then revokes the token it was made with (and the refresh token), not its siblings.
 */
export interface Session {
  sub: string;
  sessionId: string;
  /** Epoch seconds of the sign-in (`auth_time`), which refreshed tokens keep. */
  authTime: number;
}

const partition = (sub: string) => `REVOKED#${sub}`;
const EVERY_SESSION = 'ALL';
const sessionMark = (sessionId: string) => `SESSION#${sessionId}`;

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/**
 * Signs one session out. Kept as long as the session's refresh token could live: the refresh token revoked in
 * Cognito is whichever the client sent, which may not be this session's.
 */
export async function revokeSession(sub: string, sessionId: string): Promise<void> {
  await dynamodb.send(
    new PutCommand({
      TableName: tableName,
      Item: { pk: partition(sub), sk: sessionMark(sessionId), expiresAt: nowSeconds() + TOKEN_LIFETIMES.refreshTokenDays * 86_400 },
    }),
  );
}

/** Signs out every session signed in until now. Kept as long as a refresh token from before could live. */
export async function revokeEverySession(sub: string): Promise<void> {
  const now = nowSeconds();
  await dynamodb.send(
    new PutCommand({
      TableName: tableName,
      Item: { pk: partition(sub), sk: EVERY_SESSION, notBefore: now, expiresAt: now + TOKEN_LIFETIMES.refreshTokenDays * 86_400 },
    }),
  );
}

/**
 * `auth_time` counts whole seconds, so a sign-in in the same second as a reset is refused too: it may have used the
 * old password. (The owner signing in again that very second signs in once more.)
 */
export async function isRevoked(session: Session): Promise<boolean> {
  const { Items = [] } = await dynamodb.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': partition(session.sub) },
      ConsistentRead: true,
    }),
  );
  return Items.some((item) => item.sk === sessionMark(session.sessionId) || (item.sk === EVERY_SESSION && (item.notBefore as number) >= session.authTime));
}

/** The session of a token Cognito has just issued to us (so needs no signature check): for refresh. */
export function sessionOfIssuedToken(accessToken: string): Session | undefined {
  try {
    const claims = JSON.parse(Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    return sessionOfClaims(claims);
  } catch {
    return undefined;
  }
}

export function sessionOfClaims(claims: Record<string, unknown>): Session | undefined {
  const { sub, origin_jti: originJti, jti, auth_time: authTime } = claims;
  const sessionId = originJti ?? jti;
  if (typeof sub !== 'string' || sub === '' || typeof sessionId !== 'string' || typeof authTime !== 'number') return undefined;
  return { sub, sessionId, authTime };
}
