/**
 * Signed-in sessions, kept by us: one item per sign-in, under the user's own partition. A token opens the API only
 * while its session's item is there (an allow-list): signing out, ending a session from the account page, "sign out
 * everywhere", a password reset and deleting the account all remove items, and the next request with their tokens is
 * refused. Each authenticated request reads the partition with one consistent Query (its cost: docs/BENCHMARKS.md).
 *
 * A token names its session by Cognito's `origin_jti`, which every token of one sign-in shares. cognito-local puts
 * none in its tokens, and there each refresh gives a new `jti`: the session keeps the last few ids it was given, so
 * the same code serves both.
 */
import { createHash, randomBytes } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamodb, tableName, unlessConditionFails } from './aws/dynamodb';
import { deleteItems } from './delete-items';
import type { ClientOrigin } from './network';
import { partitionOf } from './table';
import { TOKEN_LIFETIMES } from './token-lifetimes';

/** Who holds a session: what the account page lists. */
export interface Session {
  id: string;
  /** When the sign-in began (before Cognito was asked), ISO 8601 with milliseconds. */
  startedAt: string;
  /** The sign-in or the last refresh of its access token. */
  lastUsedAt: string;
  userAgent: string;
  ip: string;
}

interface StoredSession extends Session {
  tokenIds: string[];
  refreshHash: string;
  expiresAt: number;
}

/** A token's owner and the id it names its session by. */
export interface TokenIdentity {
  sub: string;
  tokenId: string;
}

const partition = (sub: string) => partitionOf('SESSIONS#*', sub);
const SESSION_PREFIX = 'SESSION#';
/** Every session that began before `before` is over: written by a reset and by "sign out everywhere". */
const ENDED_BEFORE = 'ENDED_BEFORE';
/** Ids of tokens refreshed within an access token's lifetime; more only where ids change at each refresh (locally). */
const TOKEN_IDS_KEPT = 4;
/** Signing in more often than this keeps the newest: a stolen password cannot make the per-request read grow. */
export const MAX_SESSIONS = 50;
const refreshTokenSeconds = TOKEN_LIFETIMES.refreshTokenDays * 86_400;

const nowSeconds = (): number => Math.floor(Date.now() / 1000);
const hashOf = (refreshToken: string): string => createHash('sha256').update(refreshToken).digest('base64url');

/** The identity of a token Cognito has just issued to us, so needs no signature check: for sign-in and refresh. */
export function identityOfIssuedToken(accessToken: string): TokenIdentity | undefined {
  try {
    return identityOfClaims(JSON.parse(Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>);
  } catch {
    return undefined;
  }
}

export function identityOfClaims(claims: Record<string, unknown>): TokenIdentity | undefined {
  const { sub, origin_jti: originJti, jti } = claims;
  const tokenId = originJti ?? jti;
  if (typeof sub !== 'string' || sub === '' || typeof tokenId !== 'string' || tokenId === '') return undefined;
  return { sub, tokenId };
}

/**
 * The user's session items, split into the live ones (newest first) and the dead ones: past their end (TTL deletes
 * them up to days late) or begun before the last "every session" mark. Dead items are deleted whenever a sign-in or
 * an end of every session comes across them, so the partition that every request reads stays small.
 */
async function sessionItems(sub: string): Promise<{ live: StoredSession[]; dead: StoredSession[] }> {
  const { Items = [] } = await dynamodb.send(
    new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': partition(sub) }, ConsistentRead: true }),
  );
  const endedBefore = Items.find((item) => item.sk === ENDED_BEFORE)?.before as string | undefined;
  const now = nowSeconds();
  const sessions = (Items as (StoredSession & { sk: string })[]).filter((item) => item.sk.startsWith(SESSION_PREFIX));
  const isLive = (item: StoredSession) => item.expiresAt > now && (endedBefore === undefined || item.startedAt >= endedBefore);
  return {
    live: sessions.filter(isLive).sort((a, b) => b.startedAt.localeCompare(a.startedAt)),
    dead: sessions.filter((item) => !isLive(item)),
  };
}

const liveSessions = async (sub: string): Promise<StoredSession[]> => (await sessionItems(sub)).live;
const keyOf = (sub: string, id: string) => ({ pk: partition(sub), sk: SESSION_PREFIX + id });

const publicView = ({ id, startedAt, lastUsedAt, userAgent, ip }: StoredSession): Session => ({ id, startedAt, lastUsedAt, userAgent, ip });

export const listSessions = async (sub: string): Promise<Session[]> => (await liveSessions(sub)).map(publicView);

/** The session a verified token belongs to, if it is still live. */
export async function sessionOfToken(identity: TokenIdentity): Promise<Session | undefined> {
  const session = (await liveSessions(identity.sub)).find((item) => item.tokenIds.includes(identity.tokenId));
  return session && publicView(session);
}

/**
 * Records a sign-in. `startedAt` is taken before Cognito checked the password, so a sign-in racing a reset that began
 * before the new password was set is ended by that reset. Lives as long as its refresh token.
 */
export async function startSession(identity: TokenIdentity, refreshToken: string, startedAt: Date, origin: ClientOrigin): Promise<Session> {
  const { live, dead } = await sessionItems(identity.sub);
  const session: StoredSession = {
    id: `ses_${randomBytes(12).toString('base64url')}`,
    startedAt: startedAt.toISOString(),
    lastUsedAt: new Date().toISOString(),
    ...origin,
    tokenIds: [identity.tokenId],
    refreshHash: hashOf(refreshToken),
    expiresAt: nowSeconds() + refreshTokenSeconds,
  };
  await dynamodb.send(new PutCommand({ TableName: tableName, Item: { ...keyOf(identity.sub, session.id), ...session } }));
  await deleteItems([...live.slice(MAX_SESSIONS - 1), ...dead].map((old) => keyOf(identity.sub, old.id)));
  return publicView(session);
}

/**
 * The session a refresh token was issued to, given the token just refreshed from it; undefined if the session has
 * ended (its refresh token may still be good at Cognito, which only our functions can ask: docs/SECURITY.md).
 */
export async function renewSession(identity: TokenIdentity, refreshToken: string, origin: ClientOrigin): Promise<Session | undefined> {
  const refreshHash = hashOf(refreshToken);
  const session = (await liveSessions(identity.sub)).find((item) => item.refreshHash === refreshHash);
  if (!session) return undefined;
  const tokenIds = [...session.tokenIds.filter((id) => id !== identity.tokenId), identity.tokenId].slice(-TOKEN_IDS_KEPT);
  const lastUsedAt = new Date().toISOString();
  try {
    // Only while it exists: a session ended meanwhile is not brought back.
    await dynamodb.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keyOf(identity.sub, session.id),
        UpdateExpression: 'SET tokenIds = :tokenIds, lastUsedAt = :lastUsedAt, ip = :ip, userAgent = :userAgent',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':tokenIds': tokenIds, ':lastUsedAt': lastUsedAt, ':ip': origin.ip, ':userAgent': origin.userAgent },
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    throw error;
  }
  return publicView({ ...session, ...origin, lastUsedAt });
}

/** Ends one session; false if there was none by that id. */
export async function endSession(sub: string, id: string): Promise<boolean> {
  try {
    await dynamodb.send(
      new DeleteCommand({ TableName: tableName, Key: keyOf(sub, id), ConditionExpression: 'attribute_exists(pk)' }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/**
 * Ends every session begun until now. The mark comes first: a sign-in that began before it and records its
 * session after the items are deleted is ended all the same. The mark only moves forward (of two racing ends, the
 * later time stays) and lives as long as such a session could, or `keepSeconds`.
 */
export async function endEverySession(sub: string, keepSeconds = refreshTokenSeconds): Promise<void> {
  const before = new Date().toISOString();
  await unlessConditionFails(
    dynamodb.send(
      new PutCommand({
        TableName: tableName,
        Item: { pk: partition(sub), sk: ENDED_BEFORE, before, expiresAt: nowSeconds() + keepSeconds },
        ConditionExpression: 'attribute_not_exists(#before) OR #before < :before',
        ExpressionAttributeNames: { '#before': 'before' },
        ExpressionAttributeValues: { ':before': before },
      }),
    ),
  );
  const { dead } = await sessionItems(sub);
  await deleteItems(dead.map((session) => keyOf(sub, session.id)));
}
