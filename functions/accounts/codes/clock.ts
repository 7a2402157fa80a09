/** The time as the code ledger counts it, and how long codes live: shared by issuing and redeeming. */
import { integerEnv } from '../../common/config';

export const codeTtlSeconds = integerEnv('CODE_TTL_SECONDS', 1800, { min: 1, max: 86_400 });

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

export const codeExpiry = (issuedAt: number): string => new Date((issuedAt + codeTtlSeconds) * 1000).toISOString();
