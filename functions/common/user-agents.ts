/**
 * User agents as a person reads them, for the account page (web/src/account) and the security notices
 * (functions/accounts/emails.ts), and as an account remembers the browsers it was used from (common/activity.ts).
 */

/** A browser as an account remembers it: its user agent without version numbers, so an update is not a new browser. */
export const browserWithoutVersions = (userAgent: string): string => userAgent.replace(/\d+([._]\d+)*/g, '').replace(/\s+/g, ' ').trim() || 'unnamed';

/** Browsers by the token that names them, with its major version. Each is tried before those it also names. */
const BROWSERS: [RegExp, string][] = [
  [/\bEdg(?:e|A|iOS)?\/(\d+)/, 'Edge'],
  [/\bOPR\/(\d+)/, 'Opera'],
  [/\bSamsungBrowser\/(\d+)/, 'Samsung Internet'],
  [/\b(?:Firefox|FxiOS)\/(\d+)/, 'Firefox'],
  [/\bHeadlessChrome\/(\d+)/, 'Headless Chrome'],
  [/\b(?:Chrome|CriOS)\/(\d+)/, 'Chrome'],
  [/\bVersion\/(\d+)[\d.]* (?:Mobile\/\S+ )?Safari\//, 'Safari'],
];

/** Android's user agents also say Linux, and iPhones' "like Mac OS X": each comes before the other. */
const SYSTEMS: [RegExp, string][] = [
  [/Windows/, 'Windows'],
  [/Android/, 'Android'],
  [/iPhone|iPad|iPod/, 'iOS'],
  [/CrOS/, 'ChromeOS'],
  [/Macintosh|Mac OS X/, 'macOS'],
  [/Linux/, 'Linux'],
];

function firstNamed(table: [RegExp, string][], userAgent: string): string | undefined {
  for (const [pattern, name] of table) {
    const match = pattern.exec(userAgent);
    if (match) return match[1] ? `${name} ${match[1]}` : name;
  }
  return undefined;
}

/**
 * "Firefox 128 on Windows": what a person recognises of a user agent. A program that is no browser (curl/8.5.0)
 * is named by its first word of letters, digits and dashes, cut short: the user agent is whatever the caller sent,
 * and the new-sign-in email quotes this, so it can hold no link, address or sentence of the caller's.
 */
export function describeBrowser(userAgent: string): string {
  const system = firstNamed(SYSTEMS, userAgent);
  const browser = firstNamed(BROWSERS, userAgent) ?? (userAgent.startsWith('Mozilla/') ? 'A browser' : /^[\w-]{1,40}/.exec(userAgent)?.[0]);
  if (!browser) return 'An unnamed browser';
  return system ? `${browser} on ${system}` : browser;
}
