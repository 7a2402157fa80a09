import { validReturnTo } from '../../functions/accounts/return-to';

const allowed = ['https://media.example.org', 'http://localhost:5173'];

describe('returnTo after a password reset', () => {
  it('defaults to the home page', () => {
    expect(validReturnTo(undefined, allowed)).toBe('/');
  });

  it.each(['/', '/articles/summit-2024', '/videos/vid_x?tab=downloads#top', '/search?q=a%20b', 'https://media.example.org/articles/x', 'http://localhost:5173/'])(
    'accepts %j',
    (value) => {
      expect(validReturnTo(value, allowed)).toBe(value);
    },
  );

  it.each([
    ['protocol-relative URL', '//evil.example/path'],
    ['backslash trick', '/\\evil.example'],
    ['backslashes only', '\\\\evil.example'],
    ['encoded slash after the first', '/%2F%2Fevil.example'],
    ['encoded backslash after the first', '/%5cevil.example'],
    ['tab inside the scheme separator', '/\t/evil.example'],
    ['newline (header injection)', '/ok\r\nSet-Cookie: x=1'],
    ['leading space', ' /articles'],
    ['null byte', '/a\u0000b'],
    ['line separator', '/a\u2028b'],
    ['javascript URL', 'javascript:alert(document.domain)'],
    ['data URL', 'data:text/html,<script>alert(1)</script>'],
    ['other origin', 'https://evil.example/'],
    ['allowed host as a subdomain of another', 'https://media.example.org.evil.example/'],
    ['allowed origin with another port', 'https://media.example.org:8443/'],
    ['allowed origin over http', 'http://media.example.org/'],
    ['credentials in the URL', 'https://user:pass@media.example.org/'],
    ['relative path without a slash', 'articles/x'],
    ['empty', ''],
    ['unparseable URL', 'https://'],
  ])('refuses a %s', (_, value) => {
    expect(validReturnTo(value, allowed)).toBeUndefined();
  });
});
