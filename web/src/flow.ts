/**
 * What one account flow carries from page to page in this tab: the address, and the password or code typed on an
 * earlier page. Kept in memory only, never stored: after a reload the page asks again.
 */
export const flow: { email?: string; password?: string; code?: string; destination?: string; codeExpiresAt?: string } = {};

/** A local path to come back to, never another site: anything else is the news page. */
export const safeReturn = (value: string | null | undefined): string => (value && /^\/(?!\/)/.test(value) ? value : '/');
