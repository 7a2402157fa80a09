/**
 * Where the front-end may send a user after a password reset. Accepted: a path on the portal itself (a single
 * leading slash, no `//`, no backslash, no control characters or spaces), or an absolute http(s) URL whose origin
 * is one of the allowed origins, with no credentials in it. Anything else could send the user to another site.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this looks for
const CONTROL_OR_SPACE = /[\u0000-\u0020\u007f-\u009f\u2028\u2029]/u;

export function validReturnTo(value: string | undefined, allowedOrigins: readonly string[]): string | undefined {
  if (value === undefined) return '/';
  if (value === '' || CONTROL_OR_SPACE.test(value) || value.includes('\\')) return undefined;
  if (value.startsWith('/')) {
    if (value.startsWith('//')) return undefined;
    // Encoded slashes right after the first one could be decoded into `//host` by a careless router.
    if (/^\/(%2f|%5c)/i.test(value)) return undefined;
    return value;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  if (url.username !== '' || url.password !== '') return undefined;
  return allowedOrigins.includes(url.origin) ? value : undefined;
}
