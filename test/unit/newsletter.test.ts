import { suppressionsOf } from '../../functions/newsletter/suppressions';
import { subscriberOf, unsubscribeToken } from '../../functions/newsletter/unsubscribe-tokens';

const key = Buffer.from('a test key, not a secret');

describe('unsubscribe tokens', () => {
  const sub = '4819a6e9-d47c-41fc-bc9a-6784c5161302';

  it('name their subscriber', () => {
    expect(subscriberOf(key, unsubscribeToken(key, sub))).toBe(sub);
  });

  it('cannot be forged, moved to another subscriber, or made with another key', () => {
    const token = unsubscribeToken(key, sub);
    const [, signature] = token.split('.');
    const other = Buffer.from('0f0e0d0c-0000-4000-8000-000000000000').toString('base64url');
    for (const forged of [`${other}.${signature}`, unsubscribeToken(Buffer.from('another key'), sub), `${token}x`, `${token}.x`, '', '.', 'a.b', `${Buffer.from('../../etc').toString('base64url')}.${signature}`]) {
      expect(subscriberOf(key, forged)).toBeUndefined();
    }
  });
});

describe('SES events', () => {
  it('suppress the recipients of a permanent bounce, lowercased', () => {
    expect(suppressionsOf({ eventType: 'Bounce', bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: 'A@Example.org' }, {}] } })).toEqual({
      addresses: ['a@example.org'],
      unsubscribe: false,
    });
  });

  it('leave a transient bounce alone', () => {
    expect(suppressionsOf({ eventType: 'Bounce', bounce: { bounceType: 'Transient', bouncedRecipients: [{ emailAddress: 'a@example.org' }] } }).addresses).toEqual([]);
  });

  it('suppress and unsubscribe on a complaint, in either notification format', () => {
    const complaint = { complaint: { complainedRecipients: [{ emailAddress: 'b@example.org' }] } };
    expect(suppressionsOf({ eventType: 'Complaint', ...complaint })).toEqual({ addresses: ['b@example.org'], unsubscribe: true });
    expect(suppressionsOf({ notificationType: 'Complaint', ...complaint })).toEqual({ addresses: ['b@example.org'], unsubscribe: true });
    expect(suppressionsOf({ eventType: 'Delivery' }).addresses).toEqual([]);
  });
});
