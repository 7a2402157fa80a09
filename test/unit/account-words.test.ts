/** How the portal's account page words user agents and activity (web/src/account/readable.ts). */
import { describeBrowser } from '../../functions/common/user-agents';
import { whatHappened, whereFrom } from '../../web/src/account/readable';

describe('a user agent, as a person reads it', () => {
  it.each([
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36', 'Chrome 131 on Windows'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86', 'Edge 131 on Windows'],
    ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 OPR/106.0.0.0', 'Opera 106 on Linux'],
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:133.0) Gecko/20100101 Firefox/133.0', 'Firefox 133 on macOS'],
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15', 'Safari 17 on macOS'],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1', 'Safari 17 on iOS'],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1', 'Chrome 131 on iOS'],
    ['Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36', 'Chrome 131 on Android'],
    ['Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36', 'Samsung Internet 25 on Android'],
    ['Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36', 'Chrome 131 on ChromeOS'],
    ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/150.0.0.0 Safari/537.36', 'Headless Chrome 150 on Linux'],
    ['Mozilla/5.0 (X11; Linux x86_64) SomethingNew/1.0', 'A browser on Linux'],
    ['curl/8.5.0', 'curl'],
    ['node', 'node'],
    [`${'x'.repeat(60)} (Windows)`, `${'x'.repeat(40)} on Windows`],
    ['', 'An unnamed browser'],
    // Quoted by the new-sign-in email: a caller's link, address or sentence is not.
    ['Pressroom security: confirm it was you at https://pressroom-verify.example/r', 'Pressroom'],
    ['pressroom-verify.example/r', 'pressroom-verify'],
    ['Firefox/133.0 <a href="https://pressroom-verify.example">', 'Firefox 133'],
  ])('%j is %j', (userAgent, expected) => {
    expect(describeBrowser(userAgent)).toBe(expected);
  });
});

describe('an activity entry, in plain words', () => {
  const at = '2026-12-01T03:26:00.000Z';

  it.each([
    [{ type: 'signed_in' }, 'Signed in'],
    [{ type: 'sign_in_failed' }, 'A sign-in failed (wrong password)'],
    [{ type: 'sign_in_failed', more: 3 }, '3 more sign-ins failed that day (wrong password); the last one:'],
    [{ type: 'signed_out', via: 'this_session' }, 'Signed out'],
    [{ type: 'signed_out', via: 'session_list' }, 'Signed out another device'],
    [{ type: 'signed_out', via: 'everywhere' }, 'Signed out everywhere'],
    [{ type: 'newsletter_unsubscribed', via: 'account' }, 'Unsubscribed from the newsletter'],
    [{ type: 'newsletter_unsubscribed', via: 'complaint' }, 'Unsubscribed from the newsletter: an email of it was reported as spam'],
    [{ type: 'downloaded', videoId: 'vid_p4r8s2t6u3w7y5z2', rendition: 'broadcast' }, 'Downloaded vid_p4r8s2t6u3w7y5z2 (broadcast)'],
  ] as const)('%j', (entry, expected) => {
    expect(whatHappened({ at, ...entry })).toBe(expected);
  });

  it('says where from when a request did it, and nothing when none did', () => {
    expect(whereFrom({ userAgent: 'curl/8.5.0', ip: '203.0.113.7' })).toBe('curl · 203.0.113.7');
    expect(whereFrom({})).toBe('');
  });
});
