/** How long Cognito's tokens live: the app client is configured with these (infra/definitions.ts), sessions kept as long as their refresh token. */
export const TOKEN_LIFETIMES = { accessTokenMinutes: 60, idTokenMinutes: 60, refreshTokenDays: 30 } as const;
