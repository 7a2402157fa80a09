import { addressDigest, codeDigest, generateCode, HARDENED_CODE_DIGITS, isPending, judge, networkDigest, newCodeRecord } from '../../functions/accounts/codes/rules';
import { describeDuration, codeEmail } from '../../functions/accounts/emails';
import { maskEmail, normalizeEmail } from '../../functions/accounts/email-address';

const secret = Buffer.from('a test key, not a secret');
const now = 1_700_000_000;

describe('codes', () => {
  it('are six digits, leading zeros kept, and vary; twelve when hardened', () => {
    const codes = Array.from({ length: 2000 }, () => generateCode());
    expect(codes.every((code) => /^\d{6}$/.test(code))).toBe(true);
    expect(new Set(codes).size).toBeGreaterThan(1990);
    expect(codes.some((code) => code.startsWith('0'))).toBe(true);
    expect(generateCode(HARDENED_CODE_DIGITS)).toMatch(/^\d{12}$/);
  });

  it('are kept as a keyed hash bound to purpose and address', () => {
    const digest = codeDigest(secret, 'signup', 'a@b.org', '123456');
    expect(digest).not.toContain('123456');
    expect(codeDigest(secret, 'reset', 'a@b.org', '123456')).not.toBe(digest);
    expect(codeDigest(secret, 'signup', 'c@b.org', '123456')).not.toBe(digest);
    expect(codeDigest(Buffer.from('another key'), 'signup', 'a@b.org', '123456')).not.toBe(digest);
    expect(addressDigest(secret, 'a@b.org')).not.toContain('a@b.org');
    expect(networkDigest(secret, '192.0.2.1')).not.toContain('192');
  });

  it('are judged valid, wrong or expired; expired only for the right code', () => {
    const digest = codeDigest(secret, 'signup', 'a@b.org', '123456');
    const wrong = codeDigest(secret, 'signup', 'a@b.org', '654321');
    const record = newCodeRecord({ digest, digits: 6, nowSeconds: now, ttlSeconds: 1800 });
    expect(judge(record, digest, now + 1799)).toBe('valid');
    expect(judge(record, wrong, now)).toBe('mismatch');
    expect(judge(record, digest, now + 1800)).toBe('expired');
    // A wrong code for an expired one says nothing about the address having had a code.
    expect(judge(record, wrong, now + 1800)).toBe('mismatch');
    expect(judge(undefined, digest, now)).toBe('mismatch');
  });

  it('keep a pending sign-up one code lifetime past its code, and a reset code no longer than itself', () => {
    const signup = { newsletter: true, passwordVerifier: 'x', requestedAt: new Date(now * 1000).toISOString(), origin: { ip: '203.0.113.7', userAgent: 'test' } };
    const pending = newCodeRecord({ digest: 'd', digits: 6, nowSeconds: now, ttlSeconds: 1800, signup });
    expect([pending.codeExpiresAt, pending.expiresAt]).toEqual([now + 1800, now + 3600]);
    expect(isPending(pending, now + 3599)).toBe(true);
    expect(isPending(pending, now + 3600)).toBe(false);
    const reset = newCodeRecord({ digest: 'd', digits: 6, nowSeconds: now, ttlSeconds: 1800 });
    expect([reset.codeExpiresAt, reset.expiresAt, isPending(reset, now)]).toEqual([now + 1800, now + 1800, false]);
    expect(reset.codeId).not.toBe(pending.codeId);
  });
});

describe('code emails', () => {
  it('say how long the code lives, following the configured lifetime', () => {
    expect(describeDuration(1800)).toBe('30 minutes');
    expect(describeDuration(60)).toBe('1 minute');
    expect(describeDuration(5)).toBe('5 seconds');
  });

  it('carry the code as a bare line of the text and in the HTML, with the portal name escaped', () => {
    const email = codeEmail({ portalName: 'Press <Room>', purpose: 'reset', code: '042137', ttlSeconds: 1800 });
    expect(email.text.split('\n')).toContain('042137');
    expect(email.text).toContain('The code expires in 30 minutes.');
    expect(email.html).toContain('042137');
    expect(email.html).toContain('Press &lt;Room&gt;');
    expect(email.subject).toBe('Press <Room>: Reset your password');
  });
});

describe('addresses', () => {
  it.each([
    ['jane@example.org', 'j***@e***.org'],
    ['j@e.org', 'j***@e***.org'],
    ['someone@mail.example.co.uk', 's***@m***.uk'],
  ])('masks %s as %s', (email, masked) => {
    expect(maskEmail(email)).toBe(masked);
  });

  it('are normalized to lowercase without surrounding spaces', () => {
    expect(normalizeEmail('  Jane.Doe@Example.ORG ')).toBe('jane.doe@example.org');
  });
});
