import { addressDigest, codeDigest, generateCode, judge, MAX_WRONG_TRIES, newCodeRecord } from '../../functions/accounts/codes';
import { describeDuration, codeEmail } from '../../functions/accounts/emails';
import { maskEmail, normalizeEmail } from '../../functions/accounts/email-address';

const secret = Buffer.from('a test key, not a secret');
const now = 1_700_000_000;

describe('codes', () => {
  it('are six digits, leading zeros kept, and vary', () => {
    const codes = Array.from({ length: 2000 }, generateCode);
    expect(codes.every((code) => /^\d{6}$/.test(code))).toBe(true);
    expect(new Set(codes).size).toBeGreaterThan(1990);
    expect(codes.some((code) => code.startsWith('0'))).toBe(true);
  });

  it('are kept as a keyed hash bound to purpose and address', () => {
    const digest = codeDigest(secret, 'signup', 'a@b.org', '123456');
    expect(digest).not.toContain('123456');
    expect(codeDigest(secret, 'reset', 'a@b.org', '123456')).not.toBe(digest);
    expect(codeDigest(secret, 'signup', 'c@b.org', '123456')).not.toBe(digest);
    expect(codeDigest(Buffer.from('another key'), 'signup', 'a@b.org', '123456')).not.toBe(digest);
    expect(addressDigest(secret, 'a@b.org')).not.toContain('a@b.org');
  });

  it('are judged: valid, wrong, expired, exhausted', () => {
    const digest = codeDigest(secret, 'signup', 'a@b.org', '123456');
    const record = newCodeRecord(digest, now, 1800);
    expect(record.attemptsLeft).toBe(MAX_WRONG_TRIES);
    expect(judge(record, digest, now + 1799)).toBe('valid');
    expect(judge(record, codeDigest(secret, 'signup', 'a@b.org', '654321'), now)).toBe('mismatch');
    expect(judge(record, digest, now + 1800)).toBe('expired');
    expect(judge({ ...record, attemptsLeft: 0 }, digest, now)).toBe('exhausted');
    expect(judge(undefined, digest, now)).toBe('mismatch');
    // A record that only counts wrong tries for an address that was sent nothing.
    expect(judge({ expiresAt: now + 100, attemptsLeft: 3 }, digest, now)).toBe('mismatch');
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
