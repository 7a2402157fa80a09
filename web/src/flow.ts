/**
 * What one account flow carries from page to page in this tab: the address, and the password or code typed on an
 * earlier page. Kept in memory only, never stored: after a reload the page asks again.
 */
import { validReturnTo } from '../../functions/accounts/return-to';

export const flow: { email?: string; password?: string; code?: string; destination?: string; codeExpiresAt?: string } = {};

/**
 * A path on this portal to come back to, by the API's own rule (no `//`, backslash, control character or encoded
 * slash that a browser would read as another host); anything else, another site included, is the news page.
 */
export const safeReturn = (value: string | null | undefined): string => validReturnTo(value ?? undefined, []) ?? '/';
