/**
 * What one account flow carries from page to page in this tab: the password or code typed on an earlier page, kept
 * in memory only (after a reload the page asks again), and the address the flow is about (flowAddress).
 */
import { validReturnTo } from '../../functions/accounts/return-to';

export const flow: { password?: string; code?: string; destination?: string; codeExpiresAt?: string } = {};

const ADDRESS_KEY = 'pressroom.flow.email';

/**
 * The address being confirmed or reset: in this tab's sessionStorage, so a reload of the code page still knows it,
 * and never in a URL, which servers and the CDN write to their logs.
 */
export const flowAddress = {
  get: (): string => sessionStorage.getItem(ADDRESS_KEY) ?? '',
  set: (email: string): void => sessionStorage.setItem(ADDRESS_KEY, email),
  /** Once the flow is done: a later code page in this tab must not act on this address unasked. */
  forget: (): void => sessionStorage.removeItem(ADDRESS_KEY),
};

/**
 * A path on this portal to come back to, by the API's own rule (no `//`, backslash, control character or encoded
 * slash that a browser would read as another host); anything else, another site included, is the news page.
 */
export const safeReturn = (value: string | null | undefined): string => validReturnTo(value ?? undefined, []) ?? '/';
