/**
 * Verifies Cognito access tokens inside the function, for every non-public route, the way API Gateway's JWT
 * authorizer would: signature against the pool's JWKS, issuer, expiry, token use and app client. It runs here
 * rather than in API Gateway because an HTTP API authorizer answers 401 with its own body, not the contract's, and
 * because a signature says nothing of a sign-out or a reset since: the token's session must be live (sessions.ts).
 */
import { JwtVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { requiredEnv } from './config';
import { unauthorized, unavailable } from './errors';
import { operationHandler } from './http';
import type { Authenticator, Handle } from './http';
import type { Operation } from './operation';
import { identityOfClaims, sessionOfToken } from './sessions';

const issuer = requiredEnv('JWT_ISSUER');
const clientId = requiredEnv('USER_POOL_CLIENT_ID');

class JwksUnreachable extends Error {}

/** A fetch-based JWKS fetcher: the library's own refuses http:, which the local Cognito emulator serves. */
const jwksCache = new SimpleJwksCache({
  fetcher: {
    fetch: async (uri: string) => {
      const response = await fetch(uri, { signal: AbortSignal.timeout(3_000) }).catch((error: unknown) => {
        throw new JwksUnreachable(String(error));
      });
      if (!response.ok) throw new JwksUnreachable(`JWKS answered ${response.status}`);
      return response.arrayBuffer();
    },
  },
});

const verifier = JwtVerifier.create(
  {
    issuer,
    audience: null,
    jwksUri: `${issuer}/.well-known/jwks.json`,
    // Access tokens carry client_id rather than aud; an id token or another client's token is refused.
    customJwtCheck: ({ payload }) => {
      if (payload.token_use !== 'access') throw new Error('Not an access token');
      if (payload.client_id !== clientId) throw new Error('Token of another client');
    },
  },
  { jwksCache },
);

export const authenticate: Authenticator = async (authorization) => {
  const token = /^Bearer ([A-Za-z0-9_.-]{1,8192})$/.exec(authorization ?? '')?.[1];
  if (!token) throw unauthorized();
  let payload;
  try {
    payload = await verifier.verify(token);
  } catch (error) {
    if (error instanceof JwksUnreachable || (error as Error).cause instanceof JwksUnreachable) throw unavailable();
    throw unauthorized();
  }
  // Cognito's access tokens always name their session (origin_jti); one that does not is refused.
  const identity = identityOfClaims(payload);
  const session = identity && (await sessionOfToken(identity));
  if (!identity || !session) throw unauthorized();
  const { username } = payload;
  const groups = payload['cognito:groups'];
  return {
    sub: identity.sub,
    sessionId: session.id,
    username: typeof username === 'string' ? username : identity.sub,
    groups: Array.isArray(groups) ? groups.filter((group): group is string => typeof group === 'string') : [],
  };
};

/** The HTTP stack for a route only signed-in users (or editors) may call: the caller is proven before `handle` runs. */
export const signedInHandler = <O extends Operation & { auth: 'user' | 'editor' }>(operation: O, handle: Handle<O>) =>
  operationHandler(operation, handle, authenticate);
