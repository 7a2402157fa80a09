import { decodeCursor, encodeCursor } from '../../functions/common/cursor';
import { Refusal } from '../../functions/common/errors';

const expected = { attributes: ['pk', 'sk', 'gsi1pk', 'gsi1sk'], partition: ['gsi1pk', 'FEED'] as [string, string] };
const key = { pk: 'ARTICLE#a', sk: 'ARTICLE', gsi1pk: 'FEED', gsi1sk: '2024-01-01#a' };
const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('cursors', () => {
  it('round-trips a key', () => {
    expect(decodeCursor(encodeCursor(key)!, expected)).toEqual(key);
    expect(encodeCursor(undefined)).toBeNull();
    expect(decodeCursor(undefined, expected)).toBeUndefined();
  });

  it.each([
    ['not base64 JSON', '%%%'],
    ['JSON that is not an object', encode([1, 2])],
    ['a key of another feed', encode({ ...key, gsi1pk: 'FEED#TAG#x' })],
    ['a missing attribute', encode({ pk: key.pk, sk: key.sk, gsi1pk: key.gsi1pk })],
    ['an extra attribute', encode({ ...key, extra: 'x' })],
    ['a non-string value', encode({ ...key, sk: { S: 'x' } })],
    ['an oversized value', encode({ ...key, sk: 'x'.repeat(600) })],
  ])('refuses %s with a 400', (_, cursor) => {
    expect.assertions(2);
    try {
      decodeCursor(cursor, expected);
    } catch (error) {
      expect(error).toBeInstanceOf(Refusal);
      expect((error as Refusal).code).toBe('invalid_request');
    }
  });
});
